"""The scoping return as a duty in the reminders (reminders_duties.py): reminded about and
escalated like the others, on the clock's returns date, once the agency has declared it was
involved; done once submitted for sign-off or later.

The timeline (reminders_support.py): SIN submitted Friday 6 March 2026, so returns are due 10
working days later, on Friday 20 March; a reminder 2 working days before, on Wednesday 18 March;
the escalation 2 working days after, on Tuesday 24 March. Involvement and attendance (due 17
March) are done in these tests, so the return is the only duty left."""

from datetime import date

import pytest

from rapidreview.notifications.models import Purpose
from rapidreview.participation.models import InvolvementLine
from rapidreview.participation.reminders import open_escalations
from rapidreview.scoping.models import ReturnState

from ..scoping.factories import make_return
from . import reminders_support
from .reminders_support import confirm_attendance, declare, messages, review_agency

quick_password_hashing = reminders_support.quick_password_hashing
review = reminders_support.review
run = reminders_support.run
seven_days = reminders_support.seven_days

pytestmark = pytest.mark.django_db

RETURNS_BEFORE = date(2026, 3, 18)
RETURNS_DUE = date(2026, 3, 20)
RETURNS_ESCALATE = date(2026, 3, 24)


def respond(review, agency, by, *, involved: bool = True) -> None:
    """Attendance confirmed and involvement declared (with the child, or a nil return)."""
    confirm_attendance(review, agency, by)
    declare(review, agency, by)
    InvolvementLine.objects.create(
        declaration=review_agency(review, agency).declaration,
        child=review.incident.children.get(),
        involved=involved,
    )


@pytest.fixture
def responded(personas, review):
    respond(review, personas.agency_a, personas.agency_a_rep)
    respond(review, personas.agency_b, personas.agency_b_rep)
    return review


def duties_queued() -> set[tuple[str, str, str]]:
    """(first recipient, duties, kind) of each email queued."""
    return {(m.recipients[0], *m.dedupe_key.split(":")[2:4]) for m in messages()}


def test_an_involved_agency_is_reminded_before_the_returns_date(personas, responded, run):
    assert run(date(2026, 3, 17)).reminders == 0  # 3 working days before: too early
    assert run(RETURNS_BEFORE).reminders == 2
    assert duties_queued() == {
        (personas.agency_a_rep.email, "returns", "before2"),
        (personas.agency_b_rep.email, "returns", "before2"),
    }
    body = messages()[0].body
    assert "- complete its scoping return and submit it for sign-off" in body
    assert "20 March 2026" in body


def test_a_submitted_return_is_done_and_a_draft_or_returned_one_is_not(personas, responded, run):
    make_return(responded, personas.agency_a, by=personas.agency_a_rep, state=ReturnState.SUBMITTED)
    make_return(responded, personas.agency_b, by=personas.agency_b_rep, state=ReturnState.RETURNED)
    run(RETURNS_BEFORE)
    assert duties_queued() == {(personas.agency_b_rep.email, "returns", "before2")}


def test_no_return_is_asked_for_after_a_nil_return_or_before_declaring(personas, review, run):
    respond(review, personas.agency_a, personas.agency_a_rep, involved=False)
    confirm_attendance(review, personas.agency_b, personas.agency_b_rep)  # not declared yet
    run(RETURNS_BEFORE)
    assert duties_queued() == {(personas.agency_b_rep.email, "involvement", "due")}


def test_an_overdue_return_is_escalated_to_the_senior_leader_until_it_is_submitted(
    personas, responded, run
):
    make_return(
        responded,
        personas.agency_b,
        by=personas.agency_b_rep,
        state=ReturnState.SIGNED_OFF,
        signed_off_by=personas.senior_leader,
        signed_off_on=date(2026, 3, 19),
    )
    run(RETURNS_DUE)
    result = run(RETURNS_ESCALATE)
    assert (result.reminders, result.escalations) == (0, 1)
    [escalation] = messages(purpose=Purpose.ESCALATION)
    assert escalation.recipients == sorted(
        [personas.senior_leader.email, personas.agency_a_rep.email]
    )
    assert "- complete its scoping return and submit it for sign-off" in escalation.body
    assert open_escalations([responded.reference]) == {responded.reference: 1}
    make_return(responded, personas.agency_a, by=personas.agency_a_rep, state=ReturnState.SUBMITTED)
    assert open_escalations([responded.reference]) == {}
