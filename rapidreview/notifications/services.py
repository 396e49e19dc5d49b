"""Queueing email. Call `email_queue` inside the transaction of the change the email is about:
the email is written to the outbox with it, and a task to deliver it is queued once it commits
(rapidreview/notifications/delivery.py sends it, retrying while the SMTP server is away)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record

from .delivery import BODY_REMOVED, delivery_enqueue
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
    attachments: Sequence[dict[str, str]] = (),
) -> OutboxMessage | None:
    """Put an email in the outbox; it is delivered after the surrounding transaction commits.

    `attachments` are text files sent with it: [{"filename", "content_type", "content"}].
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
                    attachments=list(attachments),
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
        transaction.on_commit(lambda: delivery_enqueue(message.pk))
    return message


def outbox_retry(*, actor: Any, messages: Iterable[OutboxMessage]) -> int:
    """Put emails that could not be sent back in the queue with a fresh set of attempts (once
    the cause, such as a wrong SMTP setting, is fixed). Returns how many."""
    count = 0
    with transaction.atomic():
        for message in messages:
            # An account email's one-time link was removed when it failed: ask for a new one.
            retryable = OutboxMessage.objects.filter(
                pk=message.pk, state=OutboxState.FAILED
            ).exclude(body=BODY_REMOVED)
            changed = retryable.update(
                state=OutboxState.QUEUED, attempts=0, next_attempt_at=timezone.now()
            )
            if not changed:
                continue
            count += 1
            audit_record(
                actor=actor,
                verb=Verb.EMAIL_QUEUED,
                target=message,
                review_reference=message.review_reference,
                payload={"purpose": message.purpose, "retry": True},
            )
            transaction.on_commit(lambda pk=message.pk: delivery_enqueue(pk))
    return count
