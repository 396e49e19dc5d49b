"""Invented notifications and rapid reviews for the demo partnership (Northmoor), placed
relative to today so the dashboard always has something due soon, something overdue, and a
review whose 15 working days cross the Christmas bank holidays.

Called by `rapidreview demo` after the agencies and users exist. Safe to run again: a case whose
SIN reference is already logged is left alone. Every name, address and event here is invented.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from rapidreview.accounts.models import Agency, User
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.core import calendar

from .models import (
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
from .services import next_reference

COORDINATOR = "coordinator@demo.rapidreview.invalid"
NORTHMOOR = "Northmoor Council"
LONDON = ZoneInfo("Europe/London")


@dataclass
class DemoChild:
    pseudonym: str
    full_name: str
    born: date
    sex: str
    legal_status: str
    education: str = ""
    died: date | None = None


@dataclass
class DemoPerson:
    pseudonym: str
    full_name: str
    relationship: str
    born: date | None = None
    address: str = ""


@dataclass
class DemoCase:
    sin_reference: str
    nature: str
    circumstances: str
    looked_after: str
    la_aware: date
    sin: date
    children: list[DemoChild]
    family: list[DemoPerson]
    agencies: list[str]
    state: str | None  # None: logged, not convened yet
    review: dict[str, Any] = field(default_factory=dict)


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


def _christmas_case(today: date) -> DemoCase:
    """SIN on 18 December of the latest December already reached: the Panel deadline crosses
    Christmas Day, Boxing Day (or its substitute) and New Year's Day. The review has got as far
    as the dates already past allow."""
    year = today.year if today >= date(today.year, 12, 18) else today.year - 1
    sin = date(year, 12, 18)
    la_aware = calendar.add_working_days(sin, -3)
    planned = {
        name: calendar.add_working_days(sin, offset)
        for name, offset in [
            ("convened_on", 0),
            ("agencies_asked_on", 1),
            ("involvement_complete_on", 3),
            ("returns_complete_on", 9),
            ("meeting_date", 11),
            ("signed_off_on", 14),
            ("sent_to_panel_on", 15),
            ("panel_responded_on", 24),
        ]
    }
    review = {name: day for name, day in planned.items() if day <= today}
    if "sent_to_panel_on" in review:
        state = State.PANEL_RESPONDED if "panel_responded_on" in review else State.SENT_TO_PANEL
    elif "meeting_date" in review:
        # The partners' sign-off is recorded when the review is sent.
        state = State.AWAITING_SIGN_OFF if "signed_off_on" in review else State.MEETING_HELD
        review.pop("signed_off_on", None)
    elif "returns_complete_on" in review:
        state = State.READY_FOR_MEETING
        review["meeting_date"] = planned["meeting_date"]
    elif "agencies_asked_on" in review:
        state = State.GATHERING_INFORMATION
        review.pop("involvement_complete_on", None)
        review["meeting_date"] = planned["meeting_date"]
    else:
        state = State.CONVENED
    return DemoCase(
        sin_reference=f"NMR-SIN-{year}-1218",
        nature=Nature.SERIOUS_HARM,
        circumstances=(
            "Invented. A nine-year-old was taken to hospital with injuries after a disclosure "
            "at school in the last week of term."
        ),
        looked_after=LookedAfter.NOT_LOOKED_AFTER,
        la_aware=la_aware,
        sin=sin,
        children=[
            DemoChild(
                "Child D",
                "Juniper Hollowmere",
                _years_before(sin, 9),
                Sex.FEMALE,
                LegalStatus.CHILD_IN_NEED,
                "Year 5, Larkfield Primary School",
            ),
        ],
        family=[
            DemoPerson(
                "Mother",
                "Marigold Hollowmere",
                Relationship.MOTHER,
                _years_before(sin, 31),
                "3 Thistledown Close, Northmoor",
            ),
            DemoPerson(
                "Mother's partner",
                "Bartholomew Crankshaw",
                Relationship.PARTNER_OF_PARENT,
                None,
                "3 Thistledown Close, Northmoor",
            ),
        ],
        agencies=[
            "Northmoor Constabulary",
            "Larkfield Primary School",
            "Northmoor Hospitals NHS Trust",
            "Northmoor Council Children's Services",
        ],
        state=state,
        review=review,
    )


def cases(today: date) -> list[DemoCase]:
    def wd(n: int) -> date:
        return calendar.add_working_days(today, n)

    return [
        DemoCase(
            sin_reference="NMR-SIN-0101",
            nature=Nature.DEATH,
            circumstances=(
                "Invented. A four-month-old baby was found unresponsive at home early in the "
                "morning and could not be revived."
            ),
            looked_after=LookedAfter.NOT_LOOKED_AFTER,
            la_aware=wd(-3),
            sin=wd(-1),
            children=[
                DemoChild(
                    "Baby A",
                    "Willow Quillfeather",
                    wd(-3) - timedelta(days=122),
                    Sex.FEMALE,
                    LegalStatus.NONE,
                    "Not in education",
                    died=wd(-3),
                ),
            ],
            family=[
                DemoPerson(
                    "Mother",
                    "Clementine Quillfeather",
                    Relationship.MOTHER,
                    _years_before(wd(-3), 24),
                    "14 Larkspur Row, Northmoor",
                ),
                DemoPerson(
                    "Father",
                    "Ambrose Quillfeather",
                    Relationship.FATHER,
                    _years_before(wd(-3), 27),
                    "14 Larkspur Row, Northmoor",
                ),
            ],
            agencies=[
                "Northmoor Constabulary",
                "Northmoor Hospitals NHS Trust",
                "Northmoor Ambulance Service",
                "Riverside Medical Practice",
                "Northmoor Community Health NHS Trust",
                "Larkfield Primary School",
            ],
            state=State.CONVENED,
            review={"convened_on": wd(-1)},
        ),
        DemoCase(
            sin_reference="NMR-SIN-0102",
            nature=Nature.SERIOUS_HARM,
            circumstances=(
                "Invented. Two brothers were found alone at home for several days; the younger "
                "was malnourished and needed hospital care."
            ),
            looked_after=LookedAfter.NOT_LOOKED_AFTER,
            la_aware=wd(-8),
            sin=wd(-6),
            children=[
                DemoChild(
                    "Child A",
                    "Fennel Brackenridge",
                    _years_before(wd(-8), 8),
                    Sex.MALE,
                    LegalStatus.CHILD_PROTECTION_PLAN,
                    "Year 3, Larkfield Primary School",
                ),
                DemoChild(
                    "Child B",
                    "Sorrel Brackenridge",
                    _years_before(wd(-8), 5),
                    Sex.MALE,
                    LegalStatus.CHILD_PROTECTION_PLAN,
                    "Reception, Larkfield Primary School",
                ),
            ],
            family=[
                DemoPerson(
                    "Mother",
                    "Peony Brackenridge",
                    Relationship.MOTHER,
                    _years_before(wd(-8), 29),
                    "Flat 2, 7 Weatherall Court, Northmoor",
                ),
                DemoPerson(
                    "Mother's partner", "Ignatius Mudgewick", Relationship.PARTNER_OF_PARENT
                ),
                DemoPerson(
                    "Grandmother",
                    "Hyacinth Brackenridge",
                    Relationship.GRANDPARENT,
                    _years_before(wd(-8), 58),
                    "22 Foxglove Lane, Northmoor",
                ),
            ],
            agencies=[
                "Northmoor Constabulary",
                "Larkfield Primary School",
                "Northmoor Council Children's Services",
                "Northmoor Homes",
                "Pathways Substance Misuse Service",
                "Riverside Medical Practice",
            ],
            state=State.GATHERING_INFORMATION,
            review={"convened_on": wd(-6), "agencies_asked_on": wd(-5), "meeting_date": wd(6)},
        ),
        DemoCase(
            sin_reference="NMR-SIN-0103",
            nature=Nature.SERIOUS_HARM,
            circumstances=(
                "Invented. A fourteen-year-old in foster care was seriously assaulted after "
                "going missing overnight."
            ),
            looked_after=LookedAfter.LOOKED_AFTER,
            la_aware=wd(-20),
            sin=wd(-18),
            children=[
                DemoChild(
                    "Child C",
                    "Tobias Wrenfield",
                    _years_before(wd(-20), 14),
                    Sex.MALE,
                    LegalStatus.LOOKED_AFTER,
                    "Year 9, Northmoor Academy",
                ),
            ],
            family=[
                DemoPerson(
                    "Father", "Lysander Wrenfield", Relationship.FATHER, _years_before(wd(-20), 40)
                ),
                DemoPerson(
                    "Foster carer",
                    "Perpetua Ottersby",
                    Relationship.CARER,
                    _years_before(wd(-20), 52),
                    "9 Heronsgate, Northmoor",
                ),
            ],
            agencies=[
                "Northmoor Constabulary",
                "Northmoor Council Children's Services",
                "Northmoor Youth Justice Service",
                "Northmoor Minds (CAMHS)",
            ],
            state=State.AWAITING_SIGN_OFF,
            review={
                "convened_on": wd(-18),
                "agencies_asked_on": wd(-17),
                "involvement_complete_on": wd(-15),
                "returns_complete_on": wd(-9),
                "meeting_date": wd(-7),
            },
        ),
        DemoCase(
            sin_reference="NMR-SIN-0104",
            nature=Nature.SERIOUS_HARM,
            circumstances=(
                "Invented. A two-year-old was admitted to hospital with a fractured arm that "
                "did not match the explanation given."
            ),
            looked_after=LookedAfter.NOT_LOOKED_AFTER,
            la_aware=wd(-12),
            sin=wd(-10),
            children=[
                DemoChild(
                    "Child E",
                    "Bramble Dunnock",
                    _years_before(wd(-12), 2),
                    Sex.FEMALE,
                    LegalStatus.EARLY_HELP,
                    "Attends a childminder",
                ),
            ],
            family=[
                DemoPerson(
                    "Mother",
                    "Rosalind Dunnock",
                    Relationship.MOTHER,
                    _years_before(wd(-12), 22),
                    "5 Nettlebed Lane, Northmoor",
                ),
                DemoPerson(
                    "Father",
                    "Caspian Tidewell",
                    Relationship.FATHER,
                    _years_before(wd(-12), 25),
                    "Address not known",
                ),
                DemoPerson(
                    "Sibling 1",
                    "Hazel Dunnock",
                    Relationship.SIBLING,
                    _years_before(wd(-12), 6),
                    "5 Nettlebed Lane, Northmoor",
                ),
            ],
            agencies=[
                "Northmoor Hospitals NHS Trust",
                "Northmoor Community Health NHS Trust",
                "Riverside Medical Practice",
                "Harbour Family Support (voluntary sector)",
            ],
            state=State.READY_FOR_MEETING,
            review={
                "convened_on": wd(-10),
                "agencies_asked_on": wd(-9),
                "involvement_complete_on": wd(-7),
                "returns_complete_on": wd(-2),
                "meeting_date": wd(1),
            },
        ),
        _christmas_case(today),
        DemoCase(
            sin_reference="NMR-SIN-0106",
            nature=Nature.OTHER,
            circumstances=(
                "Invented. A teenager was admitted to hospital after an overdose; the family "
                "had no contact with services in the year before."
            ),
            looked_after=LookedAfter.NOT_LOOKED_AFTER,
            la_aware=wd(-14),
            sin=wd(-12),
            children=[
                DemoChild(
                    "Child F",
                    "Wilhelmina Starling",
                    _years_before(wd(-14), 16),
                    Sex.FEMALE,
                    LegalStatus.NONE,
                    "Year 11, Northmoor Academy",
                ),
            ],
            family=[
                DemoPerson(
                    "Mother",
                    "Araminta Starling",
                    Relationship.MOTHER,
                    _years_before(wd(-14), 45),
                    "1 Kestrel Mews, Northmoor",
                ),
            ],
            agencies=["Northmoor Hospitals NHS Trust", "Northmoor Minds (CAMHS)"],
            state=State.STOPPED,
            review={
                "convened_on": wd(-12),
                "agencies_asked_on": wd(-11),
                "stopped_on": wd(-4),
                "stopped_reason": "Invented. The partners agreed there was no indication "
                "of abuse or neglect, so the case does not meet the criteria for a rapid "
                "review. Single-agency learning will be shared by the hospital trust.",
            },
        ),
        DemoCase(
            sin_reference="NMR-SIN-0107",
            nature=Nature.SERIOUS_HARM,
            circumstances=(
                "Invented. A six-year-old suffered burns at home; the police were called by a "
                "neighbour."
            ),
            looked_after=LookedAfter.PREVIOUSLY,
            la_aware=wd(-2),
            sin=today,
            children=[
                DemoChild(
                    "Child G",
                    "Percival Goosegrass",
                    _years_before(wd(-2), 6),
                    Sex.MALE,
                    LegalStatus.CHILD_IN_NEED,
                    "Year 1, Larkfield Primary School",
                ),
            ],
            family=[
                DemoPerson(
                    "Mother",
                    "Philippa Goosegrass",
                    Relationship.MOTHER,
                    _years_before(wd(-2), 33),
                    "30 Sedgewick Road, Northmoor",
                ),
            ],
            agencies=[],
            state=None,
        ),
    ]


def load(*, today: date | None = None) -> int:
    """Create the cases not loaded yet, in the order they were convened. Returns how many."""
    today = today or calendar.today()
    coordinator = User.objects.get(email=COORDINATOR)
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    added = 0
    todo = [
        case
        for case in cases(today)
        if not Incident.objects.filter(sin_reference=case.sin_reference).exists()
    ]
    todo.sort(key=lambda case: case.review.get("convened_on", date.max))
    with transaction.atomic():
        for case in todo:
            _create(case, coordinator=coordinator, agencies=agencies)
            added += 1
        # Documents, records secured, alerts and staff on one review (once only).
        from rapidreview.participation import demo_records

        demo_records.load(coordinator=coordinator)
        # Scoping returns in every state on the same review (once only).
        from rapidreview.scoping import demo as scoping_demo

        scoping_demo.load(coordinator=coordinator)
        # The meeting, decision and report on the same review, and an earlier review sent to
        # the Panel (once only).
        from rapidreview.decisions import demo as decisions_demo

        decisions_demo.load(coordinator=coordinator)
    return added


def _create(case: DemoCase, *, coordinator: User, agencies: dict[str, Agency]) -> None:
    incident = Incident.objects.create(
        sin_reference=case.sin_reference,
        nature=case.nature,
        circumstances=case.circumstances,
        incident_local_authority=NORTHMOOR,
        residence_local_authority=NORTHMOOR,
        looked_after=case.looked_after,
        incident_date=case.la_aware,
        la_aware_date=case.la_aware,
        partners_aware_date=case.la_aware,
        sin_submitted_date=case.sin,
        scoping_start=_years_before(case.la_aware, 2),
        scoping_end=case.la_aware,
        created_by=coordinator,
    )
    Child.objects.bulk_create(
        Child(
            incident=incident,
            position=position,
            full_name=child.full_name,
            date_of_birth=child.born,
            sex=child.sex,
            legal_status=child.legal_status,
            education=child.education,
            date_of_death=child.died,
            pseudonym=child.pseudonym,
        )
        for position, child in enumerate(case.children, start=1)
    )
    FamilyMember.objects.bulk_create(
        FamilyMember(
            incident=incident,
            position=position,
            full_name=person.full_name,
            relationship=person.relationship,
            date_of_birth=person.born,
            address=person.address,
            pseudonym=person.pseudonym,
        )
        for position, person in enumerate(case.family, start=1)
    )
    audit_record(
        actor=coordinator,
        verb=Verb.INCIDENT_LOGGED,
        target=incident,
        payload={"sin_reference": incident.sin_reference, "demo": True},
    )
    if case.state is None:
        return
    convened_on = case.review["convened_on"]
    number, reference = next_reference(convened_on.year)
    review = RapidReview(
        incident=incident,
        reference=reference,
        year=convened_on.year,
        number=number,
        state=case.state,
        clock_anchor=ClockAnchor.SIN_SUBMITTED,
        convened_by=coordinator,
        **case.review,
    )
    review.full_clean()
    review.save()
    invited = case.review.get("agencies_asked_on", convened_on)
    # The three safeguarding partners are on every review (participation/invitations.py).
    partners = sorted(name for name, agency in agencies.items() if agency.statutory_partner)
    ReviewAgency.objects.bulk_create(
        ReviewAgency(review=review, agency=agencies[name], invited_at=_morning(invited))
        for name in dict.fromkeys([*case.agencies, *partners])
        if name in agencies
    )
    audit_record(
        actor=coordinator,
        verb=Verb.REVIEW_CONVENED,
        target=review,
        review_reference=reference,
        payload={"sin_reference": incident.sin_reference, "demo": True},
    )
    if case.sin_reference in AGENCY_ANSWERS:
        _agency_answers(review, AGENCY_ANSWERS[case.sin_reference])


# Agencies' answers to their invitations (participation/responses.py): who attends, and the
# involvement with each named person, by pseudonym, as (days after the scoping period starts,
# days before it ends). An agency listed with no one is a nil return. The police nominate a
# colleague on the brothers' review.
AGENCY_ANSWERS: dict[str, dict[str, dict[str, tuple[int, int]]]] = {
    "NMR-SIN-0102": {
        "police.rep@demo.rapidreview.invalid": {"Mother": (130, 40), "Mother's partner": (400, 12)},
    },
    "NMR-SIN-0101": {"school.rep@demo.rapidreview.invalid": {}},
}
NOMINATED = ("NMR-SIN-0102", "police.nominee@demo.rapidreview.invalid")


def _agency_answers(review: RapidReview, answers: dict[str, dict[str, tuple[int, int]]]) -> None:
    from rapidreview.participation import responses
    from rapidreview.participation.models import Attending, Nomination

    incident = review.incident
    start, end = incident.scoping_start, incident.scoping_end
    for email, involved in answers.items():
        rep = User.objects.filter(email=email).select_related("membership__agency").first()
        if rep is None:
            continue
        review_agency = review.agencies.get(agency=rep.membership.agency)
        responses.attendance_confirm(
            actor=rep,
            review_agency=review_agency,
            attending=Attending.ATTENDING,
            attendee_name="",
            attendee_job_title="",
        )
        responses.involvement_declare(
            actor=rep,
            review_agency=review_agency,
            answers=[
                responses.Answer(
                    person,
                    person.pseudonym in involved,
                    *(
                        (
                            start + timedelta(days=involved[person.pseudonym][0]),
                            end - timedelta(days=involved[person.pseudonym][1]),
                        )
                        if person.pseudonym in involved
                        else (None, None)
                    ),
                )
                for person in responses.people_on(review)
            ],
            systems_searched="Invented: records management system, command and control, "
            "intelligence database"
            if involved
            else "Invented: pupil records and the safeguarding log",
        )
        nominee = User.objects.filter(email=NOMINATED[1]).first()
        if incident.sin_reference == NOMINATED[0] and nominee is not None:
            Nomination.objects.create(review_agency=review_agency, user=nominee, nominated_by=rep)
            audit_record(
                actor=rep,
                verb=Verb.NOMINATION_ADDED,
                target=nominee,
                review_reference=review.reference,
                payload={"agency": str(review_agency.agency.public_id), "demo": True},
            )


def _morning(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=LONDON)
