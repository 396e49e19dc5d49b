"""Queueing email. Call `email_queue` inside the transaction of the change the email is about."""

from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record

from .models import OutboxMessage, OutboxState, Purpose


def email_queue(
    *,
    actor: Any,
    recipients: Sequence[str],
    subject: str,
    body: str,
    purpose: Purpose,
    review_reference: str = "",
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Put an email in the outbox; it is delivered after the surrounding transaction commits.

    With a `dedupe_key` that has been queued before, nothing is queued and None is returned, so
    a job that runs twice sends each email once.
    """
    with transaction.atomic():
        if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        try:
            with transaction.atomic():
                message = OutboxMessage.objects.create(
                    purpose=purpose,
                    recipients=list(recipients),
                    subject=subject,
                    body=body,
                    review_reference=review_reference,
                    dedupe_key=dedupe_key,
                )
        except IntegrityError:
            if dedupe_key:  # queued by another process a moment ago
                return None
            raise
        audit_record(
            actor=actor,
            verb=Verb.EMAIL_QUEUED,
            target=message,
            review_reference=review_reference,
            payload={"purpose": purpose, "recipients": len(message.recipients)},
        )
        transaction.on_commit(lambda: message_deliver(message.pk))
    return message


def message_deliver(message_id: int) -> None:
    """Send one queued email. (The notifications issue replaces this with a queued task with
    retries; until then delivery is attempted once, straight after the commit.)"""
    message = OutboxMessage.objects.get(pk=message_id, state=OutboxState.QUEUED)
    EmailMessage(message.subject, message.body, None, message.recipients).send()
    message.state = OutboxState.SENT
    message.sent_at = timezone.now()
    message.attempts += 1
    message.save(update_fields=["state", "sent_at", "attempts"])
