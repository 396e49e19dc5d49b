"""Reminders and escalation: what the emails say (nothing about the child or family), the
command's output, concurrent runs and the dashboard flag."""

import threading
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.notifications.models import OutboxMessage, Purpose
from rapidreview.participation import reminders

from ..conftest import signed_in_client
from ..reviews.factories import at
from . import reminders_support
from .factories import nominate
from .reminders_support import (
    BEFORE,
    DUE,
    ESCALATE,
    closed_review,
    confirm_attendance,
    convene,
    declare,
    messages,
    place_alert,
)

# The shared fixtures, bound here so pytest finds them.
quick_password_hashing = reminders_support.quick_password_hashing
review = reminders_support.review
run = reminders_support.run
seven_days = reminders_support.seven_days

pytestmark = pytest.mark.django_db


# --- what the emails say --------------------------------------------------------------------


def test_no_email_names_or_describes_the_child_or_family_or_anyone_else(personas, run, seven_days):
    review = convene(personas)
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    for day in (BEFORE, DUE, ESCALATE):
        run(day)
    closed = closed_review(personas)
    place_alert(closed, personas.agency_b, personas.agency_b_rep)
    run(date(2026, 4, 21))
    assert {m.purpose for m in messages()} == {Purpose.REMINDER, Purpose.ESCALATION}
    assert len(mail.outbox) == OutboxMessage.objects.count() == 2 + 2 + 2 + 1
    child = review.incident.children.get()
    mother = review.incident.family.get()
    forbidden = [
        child.full_name,
        child.pseudonym,
        mother.full_name,
        mother.pseudonym,
        "14 June 2019",
        "2019",
        review.incident.circumstances,
        review.incident.sin_reference,
        *(user.full_name for user in vars(personas).values() if hasattr(user, "full_name")),
    ]
    for email in mail.outbox:
        text = email.subject + "\n" + email.body
        assert review.reference in text or closed.reference in text
        assert "http://" in email.body or "https://" in email.body
        for word in forbidden:
            assert word not in text, (word, email.subject)


def test_the_email_links_to_the_review_on_the_site(personas, review, run, settings):
    settings.SITE_URL = "https://rapidreview.example.org"
    run(BEFORE)
    link = "https://rapidreview.example.org" + reverse(
        "participation:agency_tasks", args=[review.reference]
    )
    assert all(link in email.body for email in mail.outbox)
    assert all("partnership@rapidreview.invalid" in email.body for email in mail.outbox)


# --- the command ----------------------------------------------------------------------------


def test_the_command_says_how_many_it_queued_and_nothing_more(
    personas, review, django_capture_on_commit_callbacks
):
    def command(day: date) -> str:
        out = StringIO()
        with (
            time_machine.travel(at(day), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command("reminders", stdout=out)
        return out.getvalue()

    assert command(BEFORE) == "Queued 2 reminders and 0 escalations.\n"
    assert command(BEFORE) == "Queued 0 reminders and 0 escalations.\n"
    declare(review, personas.agency_b, personas.agency_b_rep)
    confirm_attendance(review, personas.agency_b, personas.agency_b_rep)
    confirm_attendance(review, personas.agency_a, personas.agency_a_rep)
    assert command(ESCALATE) == "Queued 0 reminders and 1 escalation.\n"


def test_the_command_fails_loudly_when_a_review_cannot_be_worked_out(personas, review, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("invented failure")

    monkeypatch.setattr(reminders, "_candidates_for", broken)
    with (
        time_machine.travel(at(BEFORE), tick=False),
        pytest.raises(CommandError, match="1 problem"),
    ):
        call_command("reminders", stdout=StringIO())


# --- the dashboard flag -----------------------------------------------------------------------


def test_the_dashboard_flags_escalated_reviews_to_the_partnership_team_until_done(
    personas, review, run
):
    confirm_attendance(review, personas.agency_a, personas.agency_a_rep)
    confirm_attendance(review, personas.agency_b, personas.agency_b_rep)
    declare(review, personas.agency_b, personas.agency_b_rep)
    run(ESCALATE)
    team = signed_in_client(personas.partnership_team)
    with time_machine.travel(at(ESCALATE, 11), tick=False):
        assert "Escalated: 1 agency" in team.get(reverse("core:home")).content.decode()
        page = signed_in_client(personas.agency_a_rep).get(reverse("core:home")).content.decode()
        assert review.reference in page
        assert "Escalated" not in page
        declare(review, personas.agency_a, personas.agency_a_rep)
        assert "Escalated" not in team.get(reverse("core:home")).content.decode()


def test_the_dashboard_flag_costs_the_same_queries_for_many_escalated_reviews(
    personas, run, seven_days
):
    def escalated_reviews(count: int) -> None:
        for _ in range(count):
            convene(personas)
        run(ESCALATE)

    def queries(client) -> tuple[int, str]:
        with time_machine.travel(at(ESCALATE, 11), tick=False):
            client.get(reverse("core:home"))
            with CaptureQueriesContext(connection) as captured:
                page = client.get(reverse("core:home")).content.decode()
        return len(captured), page

    team = signed_in_client(personas.partnership_team)
    escalated_reviews(2)
    with_2, page = queries(team)
    assert page.count("Escalated: 2 agencies") == 2
    escalated_reviews(10)
    with_12, page = queries(team)
    assert page.count("Escalated: 2 agencies") == 12
    assert with_12 == with_2


# --- two runs at once -------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_queue_each_reminder_once(personas, settings):
    from rapidreview.core import calendar

    calendar.load_bank_holidays(2026, 2026)  # a transactional test starts with an empty table
    settings.CLOCK_INVOLVEMENT_DAYS = 7
    settings.REMINDER_DAYS_BEFORE = [2]
    convene(personas)
    start = threading.Barrier(2)
    results = []

    def worker() -> None:
        try:
            start.wait()
            results.append(reminders.reminders_send())
        finally:
            db_connection.close()

    with time_machine.travel(at(BEFORE), tick=False):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sum(result.reminders for result in results) == 2
    assert sum(result.failed for result in results) == 0
    assert OutboxMessage.objects.count() == 2
    assert AuditEvent.objects.filter(verb=Verb.REMINDER_SENT).count() == 2
