"""Reminders and escalation: each sent once, on the right working day, to the right people, with
nothing about the child or family in them.

The timeline most tests use (March 2026 has no bank holidays), with involvement given 7 working
days so there is room for a reminder before it:
agencies asked Friday 6 March; reminder 2 working days before on Friday 13 March; due Tuesday
17 March; escalation 2 working days after, on Thursday 19 March.
"""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.notifications.models import OutboxMessage, Purpose
from rapidreview.participation import reminders
from rapidreview.participation.models import (
    Alert,
    AttendanceResponse,
    Attending,
    InvolvementDeclaration,
)
from rapidreview.participation.reminders import reminders_send
from rapidreview.reviews.models import ReviewAgency, State

from ..conftest import signed_in_client
from ..reviews.factories import at, make_incident, make_review
from .factories import nominate

pytestmark = pytest.mark.django_db

ASKED = date(2026, 3, 6)  # Friday
BEFORE = date(2026, 3, 13)  # Friday: 2 working days before the due date
DUE = date(2026, 3, 17)  # Tuesday
ESCALATE = date(2026, 3, 19)  # Thursday


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seven_days(settings):
    settings.CLOCK_INVOLVEMENT_DAYS = 7
    settings.REMINDER_DAYS_BEFORE = [2]
    settings.REMINDER_ON_DUE_DAY = True
    settings.ESCALATE_AFTER_DAYS = 2


def convene(personas, *, on=ASKED, agencies=None, **fields):
    """A review with agencies A and B, asked (and invited) on `on`."""
    with time_machine.travel(at(on, 9), tick=False):
        incident = make_incident(
            personas.partnership_team, children=("Kestrel",), family=("Heron",)
        )
        return make_review(
            incident,
            convened_by=personas.partnership_team,
            agencies=agencies or (personas.agency_a, personas.agency_b),
            convened_on=on,
            agencies_asked_on=on,
            **fields,
        )


@pytest.fixture
def review(personas, seven_days):
    return convene(personas)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_on(day: date, hour: int = 8):
        with (
            time_machine.travel(at(day, hour), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return reminders_send()

    return run_on


def review_agency(review, agency) -> ReviewAgency:
    return ReviewAgency.objects.get(review=review, agency=agency)


def declare(review, agency, by) -> None:
    InvolvementDeclaration.objects.create(
        review_agency=review_agency(review, agency),
        systems_searched="Invented system",
        attested_by=by,
    )


def confirm_attendance(review, agency, by) -> None:
    AttendanceResponse.objects.create(
        review_agency=review_agency(review, agency),
        attending=Attending.ATTENDING,
        attendee_name="Invented Attendee",
        attendee_job_title="Invented job",
        responded_by=by,
    )


def messages(**filters) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(**filters).order_by("pk"))


def kinds() -> list[tuple[str, str]]:
    """(duty, kind) of every reminder queued, from the dedupe keys."""
    return sorted(tuple(m.dedupe_key.split(":")[2:4]) for m in messages())


# --- before the due date ----------------------------------------------------------------------


def test_a_reminder_goes_two_working_days_before_and_running_again_sends_no_duplicate(
    personas, review, run
):
    assert run(date(2026, 3, 12)).reminders == 0  # 3 working days before: too early
    first = run(BEFORE)
    assert (first.reminders, first.escalations) == (4, 0)  # 2 agencies x 2 duties
    assert len(mail.outbox) == 4
    by_recipient = {tuple(m.recipients) for m in messages()}
    assert by_recipient == {(personas.agency_a_rep.email,), (personas.agency_b_rep.email,)}
    assert all(m.purpose == Purpose.REMINDER for m in messages())
    email = mail.outbox[0]
    assert (
        email.subject
        == f"Reminder: your agency's response to {review.reference} is due 17 March 2026"
    )
    assert "by 17 March 2026 (in 2 working days)" in email.body

    second = run(BEFORE, hour=15)
    assert (second.reminders, second.escalations) == (0, 0)
    assert OutboxMessage.objects.count() == 4
    assert len(mail.outbox) == 4
    assert run(date(2026, 3, 16)).reminders == 0  # the day before: already reminded


def test_a_duty_that_is_done_is_not_reminded_about(personas, review, run):
    declare(review, personas.agency_a, personas.agency_a_rep)
    confirm_attendance(review, personas.agency_b, personas.agency_b_rep)
    run(BEFORE)
    queued = {(m.recipients[0], m.dedupe_key.split(":")[2]) for m in messages()}
    assert queued == {
        (personas.agency_a_rep.email, "attendance"),
        (personas.agency_b_rep.email, "involvement"),
    }


def test_nominees_are_reminded_with_their_representative(personas, review, run):
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    run(BEFORE)
    to_agency_a = [m for m in messages() if personas.agency_a_rep.email in m.recipients]
    assert {tuple(m.recipients) for m in to_agency_a} == {
        tuple(sorted([personas.agency_a_rep.email, personas.nominee.email]))
    }


def test_no_reminder_on_the_day_of_the_invitation_itself(personas, settings, run):
    # The defaults: involvement due 2 working days after asking, a reminder 2 days before it,
    # which is the day the invitation went: the invitation says the due date already.
    settings.CLOCK_INVOLVEMENT_DAYS = 2
    settings.REMINDER_DAYS_BEFORE = [2]
    convene(personas)
    assert run(ASKED, hour=16).reminders == 0
    assert run(date(2026, 3, 9)).reminders == 0
    assert run(date(2026, 3, 10)).reminders == 4  # the due day (Tuesday 10 March)


def test_nothing_is_sent_at_the_weekend(personas, review, run):
    assert run(date(2026, 3, 14)).reminders == 0  # Saturday
    assert run(date(2026, 3, 16)).reminders == 4  # Monday: the 2-day reminder, late


# --- on the day and after -----------------------------------------------------------------------


def test_on_the_due_day_one_reminder_says_due_today_and_none_follows_the_next_day(
    personas, review, run
):
    run(BEFORE)
    assert run(DUE).reminders == 4
    due_today = messages(dedupe_key__contains=":due:")
    assert len(due_today) == 4
    assert all(m.subject.startswith("Due today") for m in due_today)
    assert "is due today, 17 March 2026" in due_today[0].body
    assert run(date(2026, 3, 18)).reminders == 0


def test_a_missed_due_day_is_reminded_the_next_working_day_as_overdue(personas, review, run):
    assert run(date(2026, 3, 18)).reminders == 4
    overdue = messages(dedupe_key__contains=":due:")
    assert all(m.subject.startswith("Overdue") for m in overdue)
    assert "was due on 17 March 2026 and is now overdue" in overdue[0].body


def test_the_due_day_reminder_can_be_switched_off(personas, review, run, settings):
    settings.REMINDER_ON_DUE_DAY = False
    assert run(DUE).reminders == 0
    assert run(ESCALATE).escalations == 4


def test_escalation_goes_to_the_senior_leader_copying_the_representatives_after_the_period(
    personas, review, run
):
    declare(review, personas.agency_b, personas.agency_b_rep)
    confirm_attendance(review, personas.agency_b, personas.agency_b_rep)
    confirm_attendance(review, personas.agency_a, personas.agency_a_rep)
    run(DUE)
    assert run(date(2026, 3, 18)).escalations == 0  # 1 working day after: not yet
    result = run(ESCALATE)
    assert (result.reminders, result.escalations) == (0, 1)
    [escalation] = messages(purpose=Purpose.ESCALATION)
    assert escalation.recipients == sorted(
        [personas.senior_leader.email, personas.agency_a_rep.email]
    )
    assert escalation.review_reference == review.reference
    assert "Invented Police Force was asked to declare" in escalation.body
    assert "by 17 March 2026" in escalation.body
    assert run(ESCALATE, hour=16).escalations == 0
    assert run(date(2026, 3, 20)).escalations == 0
    event = AuditEvent.objects.get(verb=Verb.ESCALATED)
    assert event.actor is None
    assert event.review_reference == review.reference
    assert event.payload == {
        "agency": "Invented Police Force",
        "duty": "involvement",
        "kind": "escalation",
        "due": "2026-03-17",
    }


def test_each_reminder_is_in_the_audit_trail_without_personal_data(personas, review, run):
    run(BEFORE)
    events = AuditEvent.objects.filter(verb=Verb.REMINDER_SENT)
    assert {(e.payload["agency"], e.payload["duty"]) for e in events} == {
        ("Invented Police Force", "involvement"),
        ("Invented Police Force", "attendance"),
        ("Invented Primary School", "involvement"),
        ("Invented Primary School", "attendance"),
    }
    assert {(e.payload["kind"], e.payload["due"]) for e in events} == {("before2", "2026-03-17")}
    assert all(e.target_id == review.reference for e in events)


def test_an_agency_with_no_one_to_write_to_is_escalated_to_the_partnership_team(
    personas, run, seven_days, settings
):
    unstaffed = personas.partner_agency  # no representative or senior leader in the personas
    convene(personas, agencies=(unstaffed,))
    assert run(BEFORE).reminders == 0  # no one to remind: nothing is queued
    run(ESCALATE)
    contacts = sorted(contact["email"] for contact in settings.PARTNERSHIP_CONTACTS)
    assert [m.recipients for m in messages(purpose=Purpose.ESCALATION)] == [contacts, contacts]


# --- late runs, several reminders, moved dates ------------------------------------------------


def test_a_late_run_sends_only_the_most_relevant_reminder(personas, review, run, settings):
    settings.REMINDER_DAYS_BEFORE = [5, 2]
    assert run(date(2026, 3, 10)).reminders == 4  # 5 working days before
    assert run(date(2026, 3, 11)).reminders == 0
    assert run(date(2026, 3, 16)).reminders == 4  # the worker missed Friday: the 2-day one only
    assert kinds().count(("involvement", "before5")) == 2
    assert kinds().count(("involvement", "before2")) == 2


def test_a_run_after_days_of_downtime_sends_the_escalation_alone(personas, review, run):
    result = run(date(2026, 3, 20))
    assert (result.reminders, result.escalations) == (0, 4)
    assert {kind for _, kind in kinds()} == {"escalation"}


def test_when_the_due_date_moves_the_reminders_are_due_again(personas, review, run):
    run(BEFORE)
    review.agencies_asked_on = date(2026, 3, 9)  # due Wednesday 18 March now
    review.save(update_fields=["agencies_asked_on"])
    assert run(date(2026, 3, 16)).reminders == 4
    assert {m.dedupe_key.rsplit(":", 1)[1] for m in messages()} == {"2026-03-17", "2026-03-18"}


def test_an_agency_invited_late_gets_its_own_working_days(personas, run, settings):
    settings.CLOCK_INVOLVEMENT_DAYS = 2  # everyone else's involvement is due Tuesday 10 March
    review = convene(personas, agencies=(personas.agency_a,))
    with time_machine.travel(at(date(2026, 3, 12)), tick=False):  # invited Thursday 12 March
        ReviewAgency.objects.create(review=review, agency=personas.agency_b)
    result = run(date(2026, 3, 12), hour=15)
    # Agency A's two duties, 2 working days after the 10th; agency B was invited today.
    assert (result.reminders, result.escalations) == (0, 2)
    assert run(date(2026, 3, 16)).reminders == 2  # agency B's due day: Monday 16 March
    assert run(date(2026, 3, 18)).escalations == 2  # and its escalation


def test_bank_holidays_are_not_counted(personas, run, settings):
    # Asked Wednesday 1 April 2026; Good Friday (3 April) and Easter Monday (6 April) are not
    # working days, so involvement is due Tuesday 7 April (not Friday 3 April) and the
    # escalation waits until Thursday 9 April.
    settings.CLOCK_INVOLVEMENT_DAYS = 2
    settings.ESCALATE_AFTER_DAYS = 2
    convene(personas, on=date(2026, 4, 1), agencies=(personas.agency_a,))
    assert run(date(2026, 4, 6)).reminders == 0  # Easter Monday: nothing is sent
    result = run(date(2026, 4, 7))
    assert (result.reminders, result.escalations) == (2, 0)
    assert all(m.subject.startswith("Due today") for m in messages())
    assert run(date(2026, 4, 8)).escalations == 0
    assert run(date(2026, 4, 9)).escalations == 2


def test_reviews_past_planning_are_not_reminded_about(personas, run, seven_days):
    convene(personas, state=State.MEETING_HELD, meeting_date=date(2026, 3, 12))
    assert run(DUE).reminders == 0
    assert run(ESCALATE).escalations == 0


# --- at closure -------------------------------------------------------------------------------


def closed_review(personas):
    return convene(
        personas,
        state=State.CLOSED,
        meeting_date=date(2026, 3, 18),
        signed_off_on=date(2026, 3, 24),
        sent_to_panel_on=date(2026, 3, 25),
        panel_responded_on=date(2026, 4, 15),
        closed_on=date(2026, 4, 20),
    )


def place_alert(review, agency, by, *, reviewed_on=None) -> Alert:
    return Alert.objects.create(
        review_agency=review_agency(review, agency),
        child=review.incident.children.get(),
        system="Invented records system",
        placed_on=date(2026, 3, 9),
        placed_by="Invented officer",
        reviewed_on=reviewed_on,
        recorded_by=by,
    )


def test_at_closure_agencies_with_alerts_not_reviewed_are_asked_once_to_review_them(personas, run):
    review = closed_review(personas)
    place_alert(review, personas.agency_a, personas.agency_a_rep)
    place_alert(review, personas.agency_a, personas.agency_a_rep)
    place_alert(review, personas.agency_b, personas.agency_b_rep, reviewed_on=date(2026, 4, 20))
    assert run(date(2026, 4, 21)).reminders == 1
    [message] = messages()
    assert message.subject == f"Review the alerts placed for {review.reference}"
    assert message.recipients == [personas.agency_a_rep.email]
    assert message.purpose == Purpose.REMINDER
    assert "record the date you reviewed them" in message.body
    assert run(date(2026, 4, 22)).reminders == 0
    assert len(mail.outbox) == 1


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
    assert len(mail.outbox) == OutboxMessage.objects.count() == 4 + 4 + 4 + 1
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
        "reviews:review_detail", args=[review.reference]
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

    assert command(BEFORE) == "Queued 4 reminders and 0 escalations.\n"
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
