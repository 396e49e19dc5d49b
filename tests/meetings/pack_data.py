"""A review ready for its meeting, for the agenda and meeting pack tests (made directly; the
scoping and participation services have tests of their own). Every name is invented.

The review has three agencies: the police (agency A) released its return, with two chronology
rows and an involvement declaration; the school (agency B) declared involvement but its return is
still a draft, with a row of its own that must not reach the pack; the council has not declared.
"""

from dataclasses import dataclass
from datetime import date, time

from rapidreview.participation.models import InvolvementDeclaration, InvolvementLine
from rapidreview.reviews.models import RapidReview, ReviewAgency, State
from rapidreview.scoping.models import ContactType, ScopingReturn

from ..conftest import Personas
from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from ..scoping.factories import make_return
from ..scoping.merged_data import add_row, released_return
from .factories import make_meeting

POLICE_ROW = "Invented call-out to the family home after a neighbour's report."
POLICE_SECOND_ROW = "Invented referral to children's social care."
POLICE_SUMMARY = "Invented summary of the police's involvement with the family."
SCHOOL_DRAFT_ROW = "Invented absence noted by the school, not yet released."


def declare(review: RapidReview, agency, *, by, involved_with=(), not_involved_with=()) -> None:
    declaration = InvolvementDeclaration.objects.create(
        review_agency=ReviewAgency.objects.get(review=review, agency=agency),
        systems_searched="Invented case system",
        attested_by=by,
    )
    lines = [(p, True) for p in involved_with] + [(p, False) for p in not_involved_with]
    for person, involved in lines:
        is_child = person._meta.model_name == "child"
        InvolvementLine.objects.create(
            declaration=declaration,
            child=person if is_child else None,
            family_member=None if is_child else person,
            involved=involved,
            first_contact=date(2025, 6, 1) if involved else None,
            last_contact=date(2026, 2, 1) if involved else None,
        )


@dataclass
class Prepared:
    review: RapidReview
    police_return: ScopingReturn
    school_return: ScopingReturn


def prepared_review(
    personas: Personas, *, agencies=None, state=State.READY_FOR_MEETING
) -> Prepared:
    """The review described above (without a meeting)."""
    incident = make_incident(personas.partnership_team, children=("Child A",), family=("Adult 1",))
    review = make_review(
        incident,
        convened_by=personas.partnership_team,
        state=state,
        agencies=agencies or (personas.agency_a, personas.agency_b, personas.partner_agency),
    )
    child, adult = incident.children.get(), incident.family.get()
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    police = released_return(review, personas.agency_a, by=personas.agency_a_rep)
    police.answers = {
        "D": {"summary": POLICE_SUMMARY},
        "G": {"key_information": "Invented: the police investigation is continuing."},
    }
    police.save(update_fields=["answers"])
    declare(review, personas.agency_a, by=personas.agency_a_rep, involved_with=[child, adult])
    add_row(
        police,
        on=date(2026, 2, 10),
        at=time(21, 30),
        people=[child, adult],
        contact_type=ContactType.INCIDENT,
        what=POLICE_ROW,
        role="Invented police constable",
    )
    add_row(police, on=date(2026, 2, 11), people=[child], what=POLICE_SECOND_ROW)
    school = None
    if ReviewAgency.objects.filter(review=review, agency=personas.agency_b).exists():
        school = make_return(review, personas.agency_b, by=personas.agency_b_rep)
        declare(review, personas.agency_b, by=personas.agency_b_rep, involved_with=[child])
        add_row(school, on=date(2026, 2, 10), people=[child], what=SCHOOL_DRAFT_ROW)
    return Prepared(review, police, school)


def with_meeting(personas: Personas, prepared: Prepared, *, invited=None):
    """The meeting, with the police representative and the partner invited (by default)."""
    invited = (
        invited if invited is not None else (personas.agency_a_rep, personas.safeguarding_partner)
    )
    return make_meeting(prepared.review, by=personas.partnership_team, attendees=invited)
