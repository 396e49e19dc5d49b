"""Returns at each step of the workflow, for the workflow's tests and access-matrix entries."""

from datetime import date

from django.utils import timezone

from rapidreview.participation.models import InvolvementDeclaration, InvolvementLine
from rapidreview.reviews.models import RapidReview, ReviewAgency, State
from rapidreview.scoping.models import (
    ANSWERED_SECTIONS,
    ChronologyEntry,
    ContactType,
    ReturnState,
    ScopingReturn,
)

from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .factories import make_return

COMMENT = "The GP visit to Invented Childname1 on 3 May is missing from the chronology."


def review_with_a_and_b(personas, **fields) -> RapidReview:
    """A review of agencies A and B; the nominee is nominated on it for agency A."""
    team = personas.partnership_team
    review = make_review(
        make_incident(team, children=("Child A",), family=("Adult 1",)),
        convened_by=team,
        agencies=(personas.agency_a, personas.agency_b),
        **fields,
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return review


def declare(review: RapidReview, agency, by, *, involved: bool = True) -> InvolvementDeclaration:
    review_agency = ReviewAgency.objects.get(review=review, agency=agency)
    declaration = InvolvementDeclaration.objects.create(
        review_agency=review_agency, systems_searched="Invented records system", attested_by=by
    )
    for child in review.incident.children.all():
        InvolvementLine.objects.create(
            declaration=declaration,
            child=child,
            involved=involved,
            first_contact=date(2025, 6, 1) if involved else None,
            last_contact=date(2026, 2, 1) if involved else None,
        )
    return declaration


def complete_return(review: RapidReview, agency, by, *, rows: int = 1, **fields) -> ScopingReturn:
    """A return with every section done: A, D, E, F and G completed, involvement declared and
    `rows` chronology rows."""
    declare(review, agency, by)
    scoping_return = make_return(
        review,
        agency,
        by=by,
        answers={section.value: {"note": "Invented answer"} for section in ANSWERED_SECTIONS},
        completed_sections=[section.value for section in ANSWERED_SECTIONS],
        **fields,
    )
    for n in range(rows):
        row = ChronologyEntry.objects.create(
            scoping_return=scoping_return,
            occurred_on=date(2025, 7, 1 + n),
            contact_type=ContactType.HOME_VISIT,
            practitioner_role="Invented role",
            what_happened="An invented visit.",
            created_by=by,
        )
        row.children.set(review.incident.children.all())
    return scoping_return


def return_in_state(review: RapidReview, agency, state: str, personas) -> ScopingReturn:
    """A complete return of `agency` at `state`, with the fields that state needs."""
    fields: dict = {"state": state}
    if state in {ReturnState.SIGNED_OFF, ReturnState.RELEASED}:
        fields |= {
            "signed_off_by": personas.senior_leader,
            "signed_off_name": personas.senior_leader.full_name,
            "signed_off_role": "Invented Head of Safeguarding",
            "signed_off_on": date(2026, 3, 10),
        }
    if state == ReturnState.RELEASED:
        fields |= {"released_by": personas.partnership_team, "released_at": timezone.now()}
    return complete_return(review, agency, personas.agency_a_rep, **fields)


def close(review: RapidReview) -> None:
    review.state, review.closed_on = State.CLOSED, date(2026, 4, 2)
    review.meeting_date = date(2026, 3, 20)
    review.signed_off_on = date(2026, 3, 23)
    review.sent_to_panel_on = date(2026, 3, 24)
    review.panel_responded_on = date(2026, 3, 30)
    review.save()
