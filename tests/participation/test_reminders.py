"""Reminders and escalation: each sent once, on the right working day, to the right people.
The timeline is in reminders_support.py."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.notifications.models import OutboxMessage, Purpose
from rapidreview.reviews.models import ReviewAgency, State

from ..reviews.factories import at
from . import reminders_support
from .factories import nominate
from .reminders_support import (
    ASKED,
    BEFORE,
    DUE,
    ESCALATE,
    closed_review,
    confirm_attendance,
    convene,
    declare,
    kinds,
    messages,
    place_alert,
    review_agency,
)

# The shared fixtures, bound here so pytest finds them.
quick_password_hashing = reminders_support.quick_password_hashing
review = reminders_support.review
run = reminders_support.run
seven_days = reminders_support.seven_days

pytestmark = pytest.mark.django_db


# --- before the due date ----------------------------------------------------------------------


def test_a_reminder_goes_two_working_days_before_and_running_again_sends_no_duplicate(
    personas, review, run
):
    assert run(date(2026, 3, 12)).reminders == 0  # 3 working days before: too early
    first = run(BEFORE)
    assert (first.reminders, first.escalations) == (2, 0)  # one per agency, for both duties
    assert len(mail.outbox) == 2
    by_recipient = {tuple(m.recipients) for m in messages()}
    assert by_recipient == {(personas.agency_a_rep.email,), (personas.agency_b_rep.email,)}
    assert all(m.purpose == Purpose.REMINDER for m in messages())
    email = mail.outbox[0]
    assert (
        email.subject
        == f"Reminder: your agency's response to {review.reference} is due 17 March 2026"
    )
    assert "By 17 March 2026 (in 2 working days)" in email.body
    assert "- declare whether it was involved with the child and family" in email.body
    assert "- confirm who will attend the rapid review meeting" in email.body

    second = run(BEFORE, hour=15)
    assert (second.reminders, second.escalations) == (0, 0)
    assert OutboxMessage.objects.count() == 2
    assert len(mail.outbox) == 2
    assert run(date(2026, 3, 16)).reminders == 0  # the day before: already reminded


def test_a_duty_that_is_done_is_not_reminded_about_again(personas, review, run):
    declare(review, personas.agency_a, personas.agency_a_rep)
    confirm_attendance(review, personas.agency_b, personas.agency_b_rep)
    run(BEFORE)
    queued = {(m.recipients[0], m.dedupe_key.split(":")[2]) for m in messages()}
    assert queued == {
        (personas.agency_a_rep.email, "attendance"),
        (personas.agency_b_rep.email, "involvement"),
    }


def test_a_duty_done_after_a_joint_reminder_is_not_named_again_and_the_other_goes_on(
    personas, review, run
):
    assert run(DUE).reminders == 2  # each agency: attendance and involvement together
    declare(review, personas.agency_a, personas.agency_a_rep)
    assert run(DUE, hour=15).reminders == 0  # attendance was in this morning's email already
    run(ESCALATE)
    agency_a = review_agency(review, personas.agency_a)
    escalation = OutboxMessage.objects.get(
        purpose=Purpose.ESCALATION, dedupe_key__startswith=f"reminder:{agency_a.pk}:"
    )
    assert escalation.dedupe_key == f"reminder:{agency_a.pk}:attendance:escalation:2026-03-17"
    assert "- confirm who will attend" in escalation.body
    assert "declare whether" not in escalation.body


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
    assert run(date(2026, 3, 10)).reminders == 2  # the due day (Tuesday 10 March)


def test_nothing_is_sent_at_the_weekend(personas, review, run):
    assert run(date(2026, 3, 14)).reminders == 0  # Saturday
    assert run(date(2026, 3, 16)).reminders == 2  # Monday: the 2-day reminder, late


# --- on the day and after -----------------------------------------------------------------------


def test_on_the_due_day_one_reminder_says_due_today_and_none_follows_the_next_day(
    personas, review, run
):
    run(BEFORE)
    assert run(DUE).reminders == 2
    due_today = messages(dedupe_key__contains=":due:")
    assert len(due_today) == 2
    assert all(m.subject.startswith("Due today") for m in due_today)
    assert "is due today, 17 March 2026" in due_today[0].body
    assert run(date(2026, 3, 18)).reminders == 0


def test_a_missed_due_day_is_reminded_the_next_working_day_as_overdue(personas, review, run):
    assert run(date(2026, 3, 18)).reminders == 2
    overdue = messages(dedupe_key__contains=":due:")
    assert all(m.subject.startswith("Overdue") for m in overdue)
    assert "was due on 17 March 2026 and is now overdue" in overdue[0].body


def test_the_due_day_reminder_can_be_switched_off(personas, review, run, settings):
    settings.REMINDER_ON_DUE_DAY = False
    assert run(DUE).reminders == 0
    assert run(ESCALATE).escalations == 2


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
    assert "Invented Police Force was asked by 17 March 2026 to:" in escalation.body
    assert "- declare whether it was involved" in escalation.body
    assert "attend" not in escalation.body  # attendance was confirmed
    assert "by 17 March 2026" in escalation.body
    assert run(ESCALATE, hour=16).escalations == 0
    assert run(date(2026, 3, 20)).escalations == 0
    event = AuditEvent.objects.get(verb=Verb.ESCALATED)
    assert event.actor is None
    assert event.review_reference == review.reference
    assert event.payload == {
        "agency": "Invented Police Force",
        "duties": ["involvement"],
        "kind": "escalation",
        "due": "2026-03-17",
    }


def test_each_reminder_is_in_the_audit_trail_without_personal_data(personas, review, run):
    run(BEFORE)
    events = AuditEvent.objects.filter(verb=Verb.REMINDER_SENT)
    assert {(e.payload["agency"], tuple(e.payload["duties"])) for e in events} == {
        ("Invented Police Force", ("attendance", "involvement")),
        ("Invented Primary School", ("attendance", "involvement")),
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
    escalations = messages(purpose=Purpose.ESCALATION)
    assert [m.recipients for m in escalations] == [contacts]
    # It tells the team why it came to them and links to the agencies page, not the agency's.
    assert "no one at Invented Council has an active account" in escalations[0].body
    assert "you are a senior leader" not in escalations[0].body
    assert "/agencies/" in escalations[0].body and "/our-work/" not in escalations[0].body


# --- late runs, several reminders, moved dates ------------------------------------------------


def test_a_late_run_sends_only_the_most_relevant_reminder(personas, review, run, settings):
    settings.REMINDER_DAYS_BEFORE = [5, 2]
    assert run(date(2026, 3, 10)).reminders == 2  # 5 working days before
    assert run(date(2026, 3, 11)).reminders == 0
    assert run(date(2026, 3, 16)).reminders == 2  # the worker missed Friday: the 2-day one only
    assert (
        kinds()
        == [("attendance+involvement", "before2")] * 2 + [("attendance+involvement", "before5")] * 2
    )


def test_a_run_after_days_of_downtime_sends_the_escalation_alone(personas, review, run):
    result = run(date(2026, 3, 20))
    assert (result.reminders, result.escalations) == (0, 2)
    assert {kind for _, kind in kinds()} == {"escalation"}


def test_when_the_due_date_moves_the_reminders_are_due_again(personas, review, run):
    run(BEFORE)
    review.agencies_asked_on = date(2026, 3, 9)  # due Wednesday 18 March now
    review.save(update_fields=["agencies_asked_on"])
    assert run(date(2026, 3, 16)).reminders == 2
    assert {m.dedupe_key.rsplit(":", 1)[1] for m in messages()} == {"2026-03-17", "2026-03-18"}


def test_an_agency_invited_late_gets_its_own_working_days(personas, run, settings):
    settings.CLOCK_INVOLVEMENT_DAYS = 2  # everyone else's involvement is due Tuesday 10 March
    review = convene(personas, agencies=(personas.agency_a,))
    with time_machine.travel(at(date(2026, 3, 12)), tick=False):  # invited Thursday 12 March
        ReviewAgency.objects.create(review=review, agency=personas.agency_b)
    result = run(date(2026, 3, 12), hour=15)
    # Agency A, 2 working days after the 10th; agency B was invited today.
    assert (result.reminders, result.escalations) == (0, 1)
    assert run(date(2026, 3, 16)).reminders == 1  # agency B's due day: Monday 16 March
    assert run(date(2026, 3, 18)).escalations == 1  # and its escalation


def test_bank_holidays_are_not_counted(personas, run, settings):
    # Asked Wednesday 1 April 2026; Good Friday (3 April) and Easter Monday (6 April) are not
    # working days, so involvement is due Tuesday 7 April (not Friday 3 April) and the
    # escalation waits until Thursday 9 April.
    settings.CLOCK_INVOLVEMENT_DAYS = 2
    settings.ESCALATE_AFTER_DAYS = 2
    convene(personas, on=date(2026, 4, 1), agencies=(personas.agency_a,))
    assert run(date(2026, 4, 6)).reminders == 0  # Easter Monday: nothing is sent
    result = run(date(2026, 4, 7))
    assert (result.reminders, result.escalations) == (1, 0)
    assert all(m.subject.startswith("Due today") for m in messages())
    assert run(date(2026, 4, 8)).escalations == 0
    assert run(date(2026, 4, 9)).escalations == 1


def test_reviews_past_planning_are_not_reminded_about(personas, run, seven_days):
    convene(personas, state=State.MEETING_HELD, meeting_date=date(2026, 3, 12))
    assert run(DUE).reminders == 0
    assert run(ESCALATE).escalations == 0


# --- at closure -------------------------------------------------------------------------------


# --- at closure -------------------------------------------------------------------------------


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
    assert reverse("participation:alerts", args=[review.reference]) in message.body
    assert run(date(2026, 4, 22)).reminders == 0
    assert len(mail.outbox) == 1
