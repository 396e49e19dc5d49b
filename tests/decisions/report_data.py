"""A review with everything the report to the Panel holds, made directly (the services that record
each part have tests of their own). Every name, address and event is invented; the text written
for the report uses pseudonyms and roles only, so the anonymisation check passes until a test
types a name in.

The review: two brothers, Child A and Child B, their mother and her partner (each with an
address, the mother with a postcode and another name); agency A (police) and agency B (school)
on it, the police's return released with two chronology rows; the meeting held, with two
challenges, three immediate actions, a learning point, a parallel process and the family told;
a decision signed off by the three safeguarding partners; every narrative section written.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from rapidreview.decisions.models import NARRATIVE_SECTIONS, ReportText
from rapidreview.meetings.models import (
    ActionStatus,
    Challenge,
    FamilyInformed,
    ForWhom,
    LearningPoint,
    LearningTheme,
    ParallelProcess,
    ProcessKind,
    SafeguardingAction,
)
from rapidreview.reviews.models import Child, FamilyMember, RapidReview, ReviewAgency, State

from ..conftest import Personas
from ..meetings.factories import make_meeting
from ..meetings.pack_data import declare
from ..reviews.factories import make_incident, make_review
from ..scoping.merged_data import add_row, released_return
from .factories import make_decision, make_partners, sign_off

CHILD_A = {
    "full_name": "Fennimore Quillbrook",
    "other_names": "Fen Ashdown",
    "date_of_birth": date(2017, 5, 9),
    "sex": "male",
    "ethnicity": "White British",
    "disability": "None known",
    "education": "Year 3, Larkspur Primary School",
}
CHILD_B = {"full_name": "Sorrelby Quillbrook", "date_of_birth": date(2021, 1, 20), "sex": "male"}
MOTHER = {
    "full_name": "Peonia Quillbrook",
    "other_names": "Pea Smithwick",
    "date_of_birth": date(1995, 2, 11),
    "address": "Flat 2, 7 Weatherall Court\nNorthmoor\nNM1 4QT",
}
PARTNER = {"full_name": "Ignatius Mudgewick", "address": "22 Foxglove Lane, Northmoor"}

# Every name, other name, address line and date of birth above, as a reader would look for them.
FORBIDDEN = [
    "Fennimore",
    "Quillbrook",
    "Fen Ashdown",
    "Ashdown",
    "Sorrelby",
    "Peonia",
    "Smithwick",
    "Mudgewick",
    "Ignatius",
    "Weatherall",
    "Foxglove",
    "NM1 4QT",
    "Larkspur",
    "Invented Primary School",
    "9 May 2017",
    "20 January 2021",
    "11 February 1995",
    "2017-05-09",
]

TEXT = {
    "case_summary": "Child A and Child B lived with Mother and Mother's partner.",
    "key_practice_episodes": "In January 2026 the school raised concerns about Child A.",
    "lived_experience": "Child A told the class teacher he was often hungry.",
    "context_equality_identity": "The family had moved to the area the year before.",
    "went_well": "The school's designated safeguarding lead acted the same day.",
    "must_improve": "Referrals were not followed up when the family moved.",
    "multi_agency_working": "The police and the school did not share the second referral.",
    "immediate_learning": "Each agency has reminded staff how to escalate a referral.",
}


@dataclass
class ReportReview:
    review: RapidReview
    child_a: Child
    child_b: Child
    mother: FamilyMember
    partner: FamilyMember
    first_challenge: Challenge


def report_review(personas: Personas, *, state: str = State.AWAITING_SIGN_OFF) -> ReportReview:
    team = personas.partnership_team
    incident = make_incident(
        team,
        children=("Child A", "Child B"),
        family=("Mother", "Mother's partner"),
        circumstances="Two brothers were found alone at home for several days.",
        incident_local_authority="Northmoor Council",
        residence_local_authority="Northmoor Council",
        incident_date=date(2026, 3, 2),
    )
    child_a, child_b = incident.children.order_by("position")
    Child.objects.filter(pk=child_a.pk).update(**CHILD_A)
    Child.objects.filter(pk=child_b.pk).update(**CHILD_B)
    mother, partner = incident.family.order_by("position")
    FamilyMember.objects.filter(pk=mother.pk).update(**MOTHER)
    FamilyMember.objects.filter(pk=partner.pk).update(relationship="partner_of_parent", **PARTNER)
    for person in (child_a, child_b, mother, partner):
        person.refresh_from_db()
    review = make_review(
        incident,
        convened_by=team,
        state=state,
        agencies=(personas.agency_a, personas.agency_b),
        meeting_date=date(2026, 3, 20),
    )
    police_return = released_return(review, personas.agency_a, by=personas.agency_a_rep)
    add_row(police_return, on=date(2026, 1, 10), people=[child_a], what="A call-out.")
    add_row(police_return, on=date(2026, 2, 3), people=[mother], what="A referral.")
    declare(review, personas.agency_a, by=personas.agency_a_rep, involved_with=[child_a, mother])
    partners = make_partners(existing=personas.safeguarding_partner)
    make_meeting(
        review,
        by=team,
        present=[team, personas.agency_a_rep, *partners.values()],
        family_informed=FamilyInformed.YES,
        family_informed_detail="Mother was told by the social worker after the meeting.",
    )
    police, school = (
        ReviewAgency.objects.get(review=review, agency=agency)
        for agency in (personas.agency_a, personas.agency_b)
    )
    first_challenge = Challenge.objects.create(
        review=review,
        raised_by=police,
        raised_with=school,
        question="Why was the absence in January not referred?",
        response="The school's policy was to wait ten days.",
        recorded_by=team,
    )
    Challenge.objects.create(
        review=review,
        raised_by=school,
        raised_with=police,
        question="Was the second referral passed on?",
        recorded_by=team,
    )
    for for_whom, child, description in (
        (ForWhom.CHILD, child_a, "Make a safety plan with the foster carer."),
        (ForWhom.SIBLING, child_b, "Arrange a health assessment."),
        (ForWhom.OTHER_CHILD, None, "Check on the other children in the household."),
    ):
        SafeguardingAction.objects.create(
            review=review,
            for_whom=for_whom,
            child=child,
            description=description,
            owner=police,
            due_on=date(2026, 4, 1),
            status=ActionStatus.IN_PROGRESS,
            recorded_by=team,
        )
    point = LearningPoint.objects.create(
        review=review, text="Missed school days are a sign of neglect.", recorded_by=team
    )
    point.themes.set(LearningTheme.objects.order_by("name")[:2])
    ParallelProcess.objects.create(
        review=review,
        kind=ProcessKind.POLICE,
        lead_agency=personas.agency_a,
        status="Mother's partner has been interviewed.",
        disclosure_limits="Do not share witness statements.",
        recorded_by=team,
    )
    make_decision(review, by=team)
    for partner_user in partners.values():
        sign_off(review, partner_user)
    ReportText.objects.create(review=review, updated_by=team, **TEXT)
    assert set(TEXT) == set(NARRATIVE_SECTIONS)
    review.refresh_from_db()
    return ReportReview(review, child_a, child_b, mother, partner, first_challenge)


def write(review: RapidReview, **fields) -> None:
    """Change sections of the report text directly."""
    ReportText.objects.filter(review=review).update(updated_at=timezone.now(), **fields)
