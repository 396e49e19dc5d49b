"""Notifications and reviews for tests, made directly (the services have tests of their own).
Every name is invented."""

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rapidreview.accounts.models import Agency, User
from rapidreview.reviews.models import (
    Child,
    ClockAnchor,
    FamilyMember,
    Incident,
    LegalStatus,
    LookedAfter,
    Nature,
    RapidReview,
    Relationship,
    ReviewAgency,
    Sex,
    State,
)

LONDON = ZoneInfo("Europe/London")
_numbers = itertools.count(901)
_sins = itertools.count(1)

# A notification whose clock is easy to follow (March 2026 has no bank holidays):
# LA aware Monday 2 March, SIN submitted Friday 6 March, so the Panel is due Friday 27 March.
INCIDENT_DATES = {
    "incident_date": date(2026, 3, 2),
    "la_aware_date": date(2026, 3, 2),
    "partners_aware_date": date(2026, 3, 3),
    "sin_submitted_date": date(2026, 3, 6),
}


def at(day: date, hour: int = 10) -> datetime:
    """That day at `hour` o'clock in England."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def make_incident(
    created_by: User,
    *,
    children: tuple[str, ...] = ("Child A",),
    family: tuple[str, ...] = (),
    nature: str = Nature.SERIOUS_HARM,
    **overrides,
) -> Incident:
    values = {
        "sin_reference": f"SIN-TEST-{next(_sins):05d}",
        "nature": nature,
        "circumstances": "An invented incident for testing.",
        "incident_local_authority": "Invented Borough Council",
        "residence_local_authority": "Invented Borough Council",
        "looked_after": LookedAfter.NOT_LOOKED_AFTER,
        "scoping_start": date(2025, 3, 1),
        "scoping_end": date(2026, 3, 2),
        **INCIDENT_DATES,
        **overrides,
    }
    incident = Incident.objects.create(created_by=created_by, **values)
    Child.objects.bulk_create(
        Child(
            incident=incident,
            position=position,
            full_name=f"Invented Childname{position}",
            date_of_birth=date(2019, 6, 14),
            sex=Sex.FEMALE,
            legal_status=LegalStatus.CHILD_IN_NEED,
            date_of_death=values["incident_date"]
            if nature == Nature.DEATH and position == 1
            else None,
            pseudonym=pseudonym,
        )
        for position, pseudonym in enumerate(children, start=1)
    )
    FamilyMember.objects.bulk_create(
        FamilyMember(
            incident=incident,
            position=position,
            full_name=f"Invented Adultname{position}",
            relationship=Relationship.MOTHER if position == 1 else Relationship.SIBLING,
            pseudonym=pseudonym,
        )
        for position, pseudonym in enumerate(family, start=1)
    )
    return incident


def make_review(
    incident: Incident,
    *,
    convened_by: User,
    state: str = State.CONVENED,
    agencies: tuple[Agency, ...] = (),
    convened_on: date = date(2026, 3, 6),
    **fields,
) -> RapidReview:
    number = next(_numbers)
    review = RapidReview.objects.create(
        incident=incident,
        reference=f"RR-2026-{number:03d}",
        year=2026,
        number=number,
        state=state,
        clock_anchor=fields.pop("clock_anchor", ClockAnchor.SIN_SUBMITTED),
        convened_on=convened_on,
        convened_by=convened_by,
        **fields,
    )
    ReviewAgency.objects.bulk_create(
        ReviewAgency(review=review, agency=agency) for agency in agencies
    )
    return review
