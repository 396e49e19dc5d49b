"""The outbox in unit tests: delivery on commit (the immediate task backend, locmem mail), an email
sent once however often it is asked for, retries with doubling delays, and nothing personal kept
about a failure."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.notifications.delivery import (
    BODY_REMOVED,
    CLAIM_LEASE,
    SWEEP_GRACE,
    message_claim,
    message_deliver,
    outbox_sweep,
    retry_delay,
)
from rapidreview.notifications.models import OutboxMessage, OutboxState, Purpose
from rapidreview.notifications.services import email_queue, outbox_retry

ADDRESS = "agency.rep@example.invalid"
REFUSING = "tests.notifications.backends.RefusingBackend"


def queue(subject="Rapid review RR-2027-001: reminder", purpose=Purpose.REMINDER, **kwargs):
    return email_queue(
        actor=None,
        recipients=[ADDRESS],
        subject=subject,
        body="Your agency's return is due on 13 January 2027.",
        purpose=purpose,
        review_reference="RR-2027-001",
        **kwargs,
    )


def refresh(message: OutboxMessage) -> OutboxMessage:
    message.refresh_from_db()
    return message


@pytest.mark.django_db
def test_a_queued_email_is_sent_once_the_change_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
        assert mail.outbox == []  # nothing leaves before the commit
    assert [(m.subject, m.to) for m in mail.outbox] == [(message.subject, [ADDRESS])]
    message = refresh(message)
    assert (message.state, message.attempts, message.last_error) == (OutboxState.SENT, 1, "")
    assert message.sent_at is not None
    sent = AuditEvent.objects.get(verb=Verb.EMAIL_SENT)
    assert sent.payload == {"purpose": "reminder", "attempts": 1}
    assert sent.review_reference == "RR-2027-001"


@pytest.mark.django_db
def test_an_email_for_a_change_that_is_rolled_back_is_never_sent(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                queue()
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_dedupe_key_queues_the_email_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(dedupe_key="reminder:RR-2027-001:returns")
        second = queue(dedupe_key="reminder:RR-2027-001:returns")
    assert first is not None and second is None
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_a_claimed_email_is_not_claimed_again_until_its_lease_runs_out():
    message = queue()  # not committed in this test, so no task ran
    assert message_claim(message.pk) is not None
    assert message_claim(message.pk) is None  # another worker, the same moment
    with time_machine.travel(timezone.now() + CLAIM_LEASE + timedelta(seconds=1)):
        reclaimed = message_claim(message.pk)  # the first worker died mid-send
    assert reclaimed is not None and reclaimed.attempts == 2


@pytest.mark.django_db
def test_a_sent_email_is_not_sent_again_by_a_duplicate_task(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    assert message_deliver(message.pk) == "skipped"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_refused_email_waits_with_its_error_and_no_address(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    caplog.set_level(logging.WARNING)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message = refresh(message)
    assert message.state == OutboxState.QUEUED
    assert message.attempts == 1
    assert message.last_error == "SMTPRecipientsRefused: SMTP codes 550"
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=55)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "not sent, attempt 1 of" in logged
    assert ADDRESS not in logged
    assert not AuditEvent.objects.filter(verb=Verb.EMAIL_FAILED).exists()


@pytest.mark.django_db
def test_each_retry_waits_twice_as_long_and_the_last_failure_is_final(settings):
    settings.EMAIL_BACKEND = REFUSING
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    settings.EMAIL_MAX_ATTEMPTS = 4
    message = queue()
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(4):
            assert message_deliver(message.pk) in {"retry", "failed"}
            message = refresh(message)
            if message.state == OutboxState.QUEUED:
                waits.append((message.next_attempt_at - timezone.now()).total_seconds())
                clock.shift(waits[-1] - 1)
                assert message_deliver(message.pk) == "skipped"  # not due yet
                clock.shift(1)
    assert waits == [60, 120, 240]
    assert (message.state, message.attempts) == (OutboxState.FAILED, 4)
    failed = AuditEvent.objects.get(verb=Verb.EMAIL_FAILED)
    assert failed.payload == {"purpose": "reminder", "attempts": 4}
    assert message_deliver(message.pk) == "skipped"  # failed emails are not picked up again


def test_the_delay_doubles_from_the_base_and_is_capped(settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 30
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay(40) == timedelta(hours=6)


@pytest.mark.django_db
def test_an_account_email_loses_its_one_time_link_once_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(subject="Reset your password", purpose=Purpose.ACCOUNT)
    assert "13 January 2027" in mail.outbox[0].body
    assert refresh(message).body == BODY_REMOVED


@pytest.mark.django_db
def test_the_sweeper_sends_an_email_whose_task_was_lost():
    message = queue()  # never committed here: its task was never queued, as if lost
    assert outbox_sweep() == 0  # its own task still has time
    with time_machine.travel(timezone.now() + SWEEP_GRACE + timedelta(seconds=1)):
        assert outbox_sweep() == 1
    assert refresh(message).state == OutboxState.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_email_can_be_queued_again(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = REFUSING
    settings.EMAIL_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    assert refresh(message).state == OutboxState.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_retry(actor=None, messages=[message]) == 1
    message = refresh(message)
    assert (message.state, message.attempts) == (OutboxState.SENT, 1)
    assert len(mail.outbox) == 1
    assert outbox_retry(actor=None, messages=[message]) == 0  # only failed ones


@pytest.mark.django_db
def test_a_failed_account_email_is_not_retried_without_its_link(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    settings.EMAIL_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(purpose=Purpose.ACCOUNT)
    assert refresh(message).body == BODY_REMOVED
    assert outbox_retry(actor=None, messages=[message]) == 0
