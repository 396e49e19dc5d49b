"""Shared by the reminder tests (test_reminders.py, test_reminders_output.py).

The timeline most tests use (March 2026 has no bank holidays), with involvement given 7 working
days so there is room for a reminder before it:
agencies asked Friday 6 March; reminder 2 working days before on Friday 13 March; due Tuesday
17 March; escalation 2 working days after, on Thursday 19 March.
"""

from datetime import date

import pytest
import time_machine

from rapidreview.notifications.models import OutboxMessage
from rapidreview.participation.models import (
    Alert,
    AttendanceResponse,
    Attending,
    InvolvementDeclaration,
)
from rapidreview.participation.reminders import reminders_send
from rapidreview.reviews.models import ReviewAgency, State

from ..reviews.factories import at, make_incident, make_review

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
