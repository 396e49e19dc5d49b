"""Released returns and chronology rows for the merged chronology's tests (made directly; the
chronology and workflow services have tests of their own). Every name is invented."""

import itertools
from datetime import date, time, timedelta

from django.utils import timezone

from rapidreview.accounts.models import Agency, AgencyType
from rapidreview.reviews.models import Child, FamilyMember, RapidReview
from rapidreview.scoping.models import ChronologyEntry, ContactType, ReturnState, ScopingReturn

from .factories import make_return


def released_return(review: RapidReview, agency: Agency, *, by) -> ScopingReturn:
    return make_return(
        review,
        agency,
        by=by,
        state=ReturnState.RELEASED,
        signed_off_by=by,
        signed_off_name="Invented Senior Leader",
        signed_off_role="Head of safeguarding",
        signed_off_on=date(2026, 3, 20),
        released_at=timezone.now(),
    )


def add_row(
    scoping_return: ScopingReturn,
    *,
    on: date,
    people=(),
    at: time | None = None,
    contact_type: str = ContactType.HOME_VISIT,
    what: str = "An invented visit.",
    role: str = "Invented practitioner role",
    outcome: str = "",
    source: str = "",
) -> ChronologyEntry:
    entry = ChronologyEntry.objects.create(
        scoping_return=scoping_return,
        occurred_on=on,
        occurred_at=at,
        contact_type=contact_type,
        practitioner_role=role,
        what_happened=what,
        action_or_outcome=outcome,
        source_reference=source,
        created_by=scoping_return.created_by,
    )
    entry.children.set([p for p in people if isinstance(p, Child)])
    entry.family_members.set([p for p in people if isinstance(p, FamilyMember)])
    return entry


def bulk_rows(scoping_return: ScopingReturn, count: int, *, first: date, people=()) -> None:
    """`count` rows a day apart from `first`, each about every one of `people` (bulk, fast)."""
    entries = ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            scoping_return=scoping_return,
            occurred_on=first + timedelta(days=number),
            contact_type=ContactType.APPOINTMENT,
            practitioner_role="Invented role",
            what_happened=f"Invented contact {number}.",
            created_by=scoping_return.created_by,
        )
        for number in range(count)
    )
    children = ChronologyEntry.children.through
    family = ChronologyEntry.family_members.through
    children.objects.bulk_create(
        children(chronologyentry_id=e.pk, child_id=p.pk)
        for e in entries
        for p in people
        if isinstance(p, Child)
    )
    family.objects.bulk_create(
        family(chronologyentry_id=e.pk, familymember_id=p.pk)
        for e in entries
        for p in people
        if isinstance(p, FamilyMember)
    )


_agency_numbers = itertools.count(1)


def more_agencies(count: int) -> list[Agency]:
    return [
        Agency.objects.create(
            name=f"Invented Agency {next(_agency_numbers):03d}", agency_type=AgencyType.GP
        )
        for _ in range(count)
    ]
