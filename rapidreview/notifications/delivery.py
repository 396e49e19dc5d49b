"""Delivering the outbox: a queued task per email, which first claims the email so that it is sent
once however many workers or duplicate tasks there are, then sends it through SMTP and records the
outcome straight away. While the SMTP server cannot be reached the email waits, tried again after
a delay that doubles each time (EMAIL_RETRY_BASE_SECONDS), and is marked failed after
EMAIL_MAX_ATTEMPTS. The sweeper queues a task again for any email whose task was lost.

Nothing here logs or stores an address or a body: errors are described by their type and code.
"""

import logging
import smtplib
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record

from .models import OutboxMessage, OutboxState, Purpose

logger = logging.getLogger(__name__)

# A claimed email is left alone by other workers this long; if its worker dies mid-send, the
# sweeper hands it to another after that. Longer than any SMTP conversation (EMAIL_TIMEOUT).
CLAIM_LEASE = timedelta(minutes=5)
# The sweeper leaves an email this long after it fell due, for the task queued with it.
SWEEP_GRACE = timedelta(minutes=1)
LONGEST_RETRY_DELAY = timedelta(hours=6)
# Account emails hold one-time links (invitations, password resets): once sent or given up on,
# their text is removed from the outbox so the link cannot be read from the database.
BODY_REMOVED = "[Removed after sending: this email held a one-time link.]"


def retry_delay(failed_attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: the base delay, doubled after each failure."""
    seconds = settings.EMAIL_RETRY_BASE_SECONDS * 2 ** max(failed_attempts - 1, 0)
    return min(timedelta(seconds=seconds), LONGEST_RETRY_DELAY)


def error_summary(error: BaseException) -> str:
    """What went wrong, without the addresses or text that SMTP errors can repeat back."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{name}: SMTP code {error.smtp_code}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
        return f"{name}: SMTP codes {', '.join(str(code) for code in codes)}"
    if isinstance(error, OSError) and error.errno is not None:
        return f"{name}: {error.strerror} (errno {error.errno})"
    return name


def delivery_enqueue(message_id: int, *, run_after: datetime | None = None) -> None:
    """Queue the task that delivers one email. A backend that cannot defer a task (the immediate
    one used in tests) leaves a later attempt to the sweeper. If queueing fails, the email still
    waits in the outbox and the sweeper queues it again."""
    from .tasks import outbox_deliver

    task = outbox_deliver
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    try:
        task.enqueue(message_id)
    except DatabaseError as error:
        logger.warning(f"Email delivery not queued (the sweeper will): {type(error).__name__}")


def message_claim(message_id: int) -> OutboxMessage | None:
    """Take one due email for this worker, or None if it is not due, already taken or done.

    One conditional UPDATE, so two workers cannot both take it: on PostgreSQL the second waits
    for the first's row lock and then no longer matches; on SQLite writers take turns. Taking it
    counts an attempt and moves `next_attempt_at` past the lease.
    """
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, state=OutboxState.QUEUED, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_LEASE)
    if not claimed:
        return None
    return OutboxMessage.objects.get(pk=message_id)


def message_deliver(message_id: int) -> str:
    """Send one email if it is due, and record what happened."""
    message = message_claim(message_id)
    if message is None:
        return "skipped"
    try:
        email = EmailMessage(message.subject, message.body, None, message.recipients)
        for attachment in message.attachments:
            email.attach(attachment["filename"], attachment["content"], attachment["content_type"])
        email.send()
    except Exception as error:  # any failure is recorded and tried again later
        return _record_failure(message, error)
    _record_sent(message)
    return "sent"


def _after_sending(message: OutboxMessage) -> dict:
    return {"body": BODY_REMOVED} if message.purpose == Purpose.ACCOUNT else {}


def _record_sent(message: OutboxMessage) -> None:
    """Mark the email sent the moment the SMTP server has accepted it, trying again briefly if
    the database is busy, so it is not sent a second time when its lease runs out."""
    for pause in (0.0, 0.5, 2.0, 5.0):
        time.sleep(pause)
        try:
            with transaction.atomic():
                OutboxMessage.objects.filter(pk=message.pk).update(
                    state=OutboxState.SENT,
                    sent_at=timezone.now(),
                    last_error="",
                    **_after_sending(message),
                )
                audit_record(
                    actor=None,
                    verb=Verb.EMAIL_SENT,
                    target=message,
                    review_reference=message.review_reference,
                    payload={"purpose": message.purpose, "attempts": message.attempts},
                )
            return
        except DatabaseError as error:
            logger.warning(
                f"Email {message.public_id} sent, not yet marked sent: {type(error).__name__}"
            )
    raise DatabaseError("an email was sent but could not be marked sent")


def _record_failure(message: OutboxMessage, error: Exception) -> str:
    summary = error_summary(error)
    last_attempt = message.attempts >= settings.EMAIL_MAX_ATTEMPTS
    next_attempt_at = timezone.now() + retry_delay(message.attempts)
    # Only while the claim is still ours: a later attempt's outcome is never overwritten.
    ours = OutboxMessage.objects.filter(pk=message.pk, attempts=message.attempts)
    with transaction.atomic():
        if last_attempt:
            ours.update(state=OutboxState.FAILED, last_error=summary, **_after_sending(message))
            audit_record(
                actor=None,
                verb=Verb.EMAIL_FAILED,
                target=message,
                review_reference=message.review_reference,
                payload={"purpose": message.purpose, "attempts": message.attempts},
            )
        else:
            ours.update(next_attempt_at=next_attempt_at, last_error=summary)
    # Built here, not passed as arguments, so the log filter keeps it: it holds no free text.
    attempt = f"attempt {message.attempts} of {settings.EMAIL_MAX_ATTEMPTS}"
    logger.warning(f"Email {message.public_id} not sent, {attempt}: {summary}")
    if last_attempt:
        return "failed"
    delivery_enqueue(message.pk, run_after=next_attempt_at)
    return "retry"


def outbox_sweep() -> int:
    """Queue a delivery task again for every email that has waited past its time (its task was
    lost, or its worker stopped mid-send). A duplicate task is harmless: the claim sends once.
    Returns how many were queued."""
    due = OutboxMessage.objects.filter(
        state=OutboxState.QUEUED, next_attempt_at__lte=timezone.now() - SWEEP_GRACE
    ).values_list("pk", flat=True)
    message_ids = list(due)
    for message_id in message_ids:
        delivery_enqueue(message_id)
    return len(message_ids)


def outbox_deliver_due() -> dict[str, int]:
    """Send every email that is due now, in this process (no worker needed)."""
    outcomes: dict[str, int] = {}
    due = OutboxMessage.objects.filter(
        state=OutboxState.QUEUED, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    for message_id in list(due):
        outcome = message_deliver(message_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
