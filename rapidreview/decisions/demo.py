"""Invented meetings, decisions and a report to the Panel for the demo, so `rapidreview report`
works on a fresh `make run` and the co-ordinator can finish a review in the browser:

- the brothers' review (NMR-SIN-0102, built with its returns by the reviews and scoping demos)
  is taken through its meeting today: arranged, invitations sent, the register taken (the three
  partners present), two challenges, three immediate actions, learning points with themes, a
  parallel process, the family told, the minutes, the decision and the report text. It is left
  awaiting sign-off with the local authority and the integrated care board signed: the police
  partner signs it off, then the co-ordinator records it as sent to the Panel;
- an earlier review (NMR-SIN-0095, convened about nine months before today) has been through
  the whole loop: sent to the Panel, the Panel's response recorded and the completed review
  shared with the hospital trust. Its learning points share the "Neglect" and "Information
  sharing" themes with the brothers' review, so its decision page lists an earlier review.

Built through the real services (meetings.arrange, meetings.records_*, decisions.decision,
signoff, report_text, panel, outcome), so the audit trail is what a person's work would leave.
The earlier review's sign-offs and sharing are then dated in the past (the services stamp them
now), so its timeline reads as it would have happened. Called from `reviews.demo.load` after
the scoping returns; does nothing for a review that already has a decision, so it is safe to
run again. Every name and event here is invented; the report text uses pseudonyms and roles.
"""

from datetime import date, datetime, time, timedelta

from rapidreview.accounts.models import Agency, User
from rapidreview.core import calendar
from rapidreview.core.dates import UK_TIME
from rapidreview.meetings import arrange
from rapidreview.meetings.models import (
    Attendance,
    ChallengeStatus,
    FamilyInformed,
    ForWhom,
    LearningTheme,
    ProcessKind,
)
from rapidreview.meetings.records import family_record, minutes_save
from rapidreview.meetings.records_actions import action_record
from rapidreview.meetings.records_challenges import challenge_record, challenge_respond
from rapidreview.meetings.records_learning import learning_record
from rapidreview.meetings.records_processes import process_record
from rapidreview.participation import responses
from rapidreview.reviews import lifecycle
from rapidreview.reviews.demo import DemoCase, DemoChild, DemoPerson, _create
from rapidreview.reviews.models import (
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

from . import decision, outcome, panel, report_text, signoff
from .models import (
    Assessment,
    Decision,
    NationalView,
    Outcome,
    OutcomeShare,
    PanelResponseKind,
    PartnerSignOff,
)

BROTHERS = "NMR-SIN-0102"
EARLIER = "NMR-SIN-0095"
PARTNERS = {
    "local_authority": "la.partner@demo.rapidreview.invalid",
    "icb": "icb.partner@demo.rapidreview.invalid",
    "police": "police.partner@demo.rapidreview.invalid",
}
REPS = {
    "police": "police.rep@demo.rapidreview.invalid",
    "health": "health.rep@demo.rapidreview.invalid",
    "social_care": "social.care.rep@demo.rapidreview.invalid",
    "school": "school.rep@demo.rapidreview.invalid",
}
CONSTABULARY = "Northmoor Constabulary"
CHILDRENS_SERVICES = "Northmoor Council Children's Services"
HOSPITAL_TRUST = "Northmoor Hospitals NHS Trust"
GP_PRACTICE = "Riverside Medical Practice"
SCHOOL = "Larkfield Primary School"
COMMUNITY_HEALTH = "Northmoor Community Health NHS Trust"


def load(*, coordinator: User) -> bool:
    """Add what is missing. Returns whether anything was added."""
    users = {email: User.objects.filter(email=email).first() for email in _emails()}
    if not all(users.values()):
        return False  # a partnership without the demo accounts: nothing to build on
    added = _earlier_review(coordinator, users)
    return _brothers_review(coordinator, users) or added


def _emails() -> list[str]:
    return [*PARTNERS.values(), *REPS.values()]


# --- the brothers' review: to the partners' sign-off, two of three signed -----------------------


def _brothers_review(coordinator: User, users: dict[str, User]) -> bool:
    review = RapidReview.objects.filter(incident__sin_reference=BROTHERS).first()
    if review is None or review.state != State.GATHERING_INFORMATION:
        return False
    if Decision.objects.filter(review=review).exists():
        return False
    today = calendar.today()
    agencies = _agencies(review)
    meeting = _meeting(
        coordinator,
        review,
        day=today,
        place="Committee room 2, Northmoor Civic Centre",
        attendees=[
            *(users[email] for email in PARTNERS.values()),
            *(users[REPS[key]] for key in ("police", "health", "social_care", "school")),
        ],
        apologies=[users[REPS["school"]]],
    )
    review = lifecycle.review_mark_ready(
        actor=coordinator, review=review, involvement_complete_on=today, returns_complete_on=today
    )
    review = lifecycle.review_record_meeting(actor=coordinator, review=review, held_on=today)
    _brothers_records(coordinator, review, meeting, agencies, today)
    _decide(coordinator, review, BROTHERS_DECISION)
    _sign(review, users, ("local_authority", "icb"))
    _write_report(coordinator, review, BROTHERS_REPORT)
    return True


def _brothers_records(coordinator, review, meeting, agencies, today) -> None:
    meeting = minutes_save(
        actor=coordinator,
        meeting=meeting,
        minutes=BROTHERS_MINUTES,
        base_version=meeting.version,
    )
    family_record(
        actor=coordinator,
        meeting=meeting,
        family_informed=FamilyInformed.YES,
        detail="Invented. Mother was told about the review by the children's social worker at "
        "a home visit the day before the meeting, and given the partnership's leaflet. "
        "Grandmother was told by telephone.",
        base_version=meeting.version,
    )
    first = challenge_record(
        actor=coordinator,
        review=review,
        raised_by=agencies[CONSTABULARY],
        raised_with=agencies[CHILDRENS_SERVICES],
        question="Invented. Two police notifications said Mother's partner was staying at the "
        "flat. Was this discussed at the next core group, and was his history checked?",
    )
    challenge_respond(
        actor=coordinator,
        challenge=first,
        response="Invented. It was raised at a home visit but not at the core group, and no "
        "checks were made on him. Children's services accept this was a missed opportunity.",
        status=ChallengeStatus.ANSWERED,
        base_version=first.version,
    )
    challenge_record(
        actor=coordinator,
        review=review,
        raised_by=agencies[HOSPITAL_TRUST],
        raised_with=agencies[GP_PRACTICE],
        question="Invented. Child B missed two dietitian appointments. Did the practice know, "
        "and did anyone follow up his weight?",
    )
    child_b = review.incident.children.get(pseudonym="Child B")
    for for_whom, child, description, owner, days in [
        (ForWhom.CHILD, child_b, "Invented. Arrange a paediatric review of Child B's growth "
         "and diet before he leaves hospital.", HOSPITAL_TRUST, 2),
        (ForWhom.SIBLING, None, "Invented. Hold a strategy discussion about both brothers and "
         "agree where they will live safely.", CHILDRENS_SERVICES, 1),
        (ForWhom.OTHER_CHILD, None, "Invented. Check whether other children stay at the "
         "addresses Mother's partner has given to the police.", CONSTABULARY, 5),
    ]:  # fmt: skip
        action_record(
            actor=coordinator,
            review=review,
            for_whom=for_whom,
            child=child,
            family_member=None,
            description=description,
            owner=agencies[owner],
            due_on=calendar.add_working_days(today, days),
        )
    for text, agency, themes in [
        ("Invented. Notifications about an adult joining the household were not followed by "
         "checks on that adult.", CHILDRENS_SERVICES, ["Information sharing", "Professional "
         "curiosity"]),
        ("Invented. Missed health appointments for a young child were not shared with the "
         "school or social care.", GP_PRACTICE, ["Neglect", "Information sharing"]),
        ("Invented. Practitioners did not ask the brothers what life at home was like.", None,
         ["Voice of the child", "Parental substance misuse"]),
    ]:  # fmt: skip
        learning_record(
            actor=coordinator,
            review=review,
            text=text,
            agency=agencies.get(agency),
            themes=_themes(themes),
        )
    process_record(
        actor=coordinator,
        review=review,
        kind=ProcessKind.POLICE,
        lead_agency=agencies[CONSTABULARY].agency,
        status="Invented. A criminal investigation into neglect is under way; Mother has been "
        "interviewed under caution.",
        disclosure_limits="Invented. Do not share the interview or witness statements outside "
        "the meeting until the police agree.",
        coordination="Invented. The police's senior investigating officer sees the report "
        "before it is sent, to check nothing harms the investigation.",
    )


BROTHERS_MINUTES = """Invented minutes.
1. Introductions. The chair confirmed the three safeguarding partners were present.
2. The merged chronology was read. The police and the hospital trust both recorded the attendance at the emergency department.
3. Challenges were raised with children's services and the GP practice.
4. Immediate actions were agreed for both brothers and for other children who may be at risk.
5. The partners discussed the criteria and agreed to recommend a local child safeguarding practice review."""

BROTHERS_DECISION = {
    "criterion_a": Assessment.MET,
    "criterion_a_reasoning": "Invented. Checks on a new adult in the household, and follow-up "
    "of missed health appointments, need to improve.",
    "criterion_b": Assessment.MET,
    "criterion_b_reasoning": "Invented. Neglect and information sharing were themes of an "
    "earlier rapid review in the partnership.",
    "criterion_c": Assessment.MET,
    "criterion_c_reasoning": "Invented. Police notifications did not lead to checks by "
    "children's services, and health did not share missed appointments.",
    "criterion_d": Assessment.NOT_MET,
    "criterion_d_reasoning": "Invented. The Panel has not considered this case.",
    "outcome": Outcome.LCSPR,
    "rationale": "Invented. A local review can look at how agencies share information about "
    "adults joining a household where children are on protection plans, which the rapid "
    "review could not examine in the time.",
    "national_view": NationalView.DOES_NOT,
    "national_view_reasoning": "Invented. The learning is local; the themes are known nationally.",
}

BROTHERS_REPORT = {
    "case_summary": "Invented. Child A (8) and Child B (5) were found alone at home for several "
    "days. Child B was malnourished and was admitted to hospital. Both boys were on child "
    "protection plans for neglect.",
    "key_practice_episodes": "Invented. Police notifications that Mother's partner was living at "
    "the flat; two missed dietitian appointments for Child B; the emergency department "
    "attendance a month before the incident.",
    "lived_experience": "Invented. School staff describe Child A as quiet and often hungry on "
    "Mondays. Neither boy was asked what life at home was like.",
    "context_equality_identity": "Invented. The family lived in temporary accommodation. Mother "
    "has a history of substance misuse.",
    "went_well": "Invented. The school recorded its concerns carefully and shared them with "
    "children's services.",
    "must_improve": "Invented. Checks on new adults in the household; following up missed "
    "health appointments for young children.",
    "multi_agency_working": "Invented. Information was held by several agencies but not brought "
    "together at the core group.",
    "immediate_learning": "Invented. Children's services now check every adult named in a "
    "police notification; the GP practice flags missed appointments for children on plans.",
}


# --- the earlier review: sent, answered, shared ---------------------------------------------------


def _earlier_case(today: date) -> DemoCase:
    def wd(n: int) -> date:
        return calendar.add_working_days(today, n)

    sin = wd(-190)
    return DemoCase(
        sin_reference=EARLIER,
        nature=Nature.SERIOUS_HARM,
        circumstances="Invented. A three-year-old was admitted to hospital seriously "
        "underweight; the family had missed health appointments and nursery for months.",
        looked_after=LookedAfter.NOT_LOOKED_AFTER,
        la_aware=wd(-192),
        sin=sin,
        children=[
            DemoChild(
                "Child H",
                "Clover Ashbury",
                sin.replace(year=sin.year - 3, day=min(sin.day, 28)) - timedelta(days=60),
                Sex.FEMALE,
                LegalStatus.CHILD_IN_NEED,
                "Nursery, not attending",
            )
        ],
        family=[
            DemoPerson(
                "Mother",
                "Delphine Ashbury",
                Relationship.MOTHER,
                sin.replace(year=sin.year - 26, day=min(sin.day, 28)),
                "12 Marram Walk, Northmoor",
            ),
        ],
        agencies=[HOSPITAL_TRUST, GP_PRACTICE, COMMUNITY_HEALTH, CHILDRENS_SERVICES],
        state=State.READY_FOR_MEETING,
        review={
            "convened_on": sin,
            "agencies_asked_on": wd(-189),
            "involvement_complete_on": wd(-187),
            "returns_complete_on": wd(-182),
            "meeting_date": wd(-180),
        },
    )


def _earlier_review(coordinator: User, users: dict[str, User]) -> bool:
    today = calendar.today()
    case = _earlier_case(today)
    if Incident.objects.filter(sin_reference=EARLIER).exists():
        return False
    _create(case, coordinator=coordinator, agencies={a.name: a for a in Agency.objects.all()})
    review = RapidReview.objects.get(incident__sin_reference=EARLIER)
    held = review.meeting_date
    agencies = _agencies(review)
    _declare(review, agencies[HOSPITAL_TRUST], users[REPS["health"]], {"Child H"})
    _declare(review, agencies[CHILDRENS_SERVICES], users[REPS["social_care"]], {"Mother"})
    _declare(review, agencies[CONSTABULARY], users[REPS["police"]], set())
    meeting = _meeting(
        coordinator,
        review,
        day=held,
        place="Committee room 1, Northmoor Civic Centre",
        attendees=[
            *(users[email] for email in PARTNERS.values()),
            users[REPS["health"]],
            users[REPS["social_care"]],
        ],
        apologies=[],
        invite=False,
    )
    review = lifecycle.review_record_meeting(actor=coordinator, review=review, held_on=held)
    family_record(
        actor=coordinator,
        meeting=meeting,
        family_informed=FamilyInformed.YES,
        detail="Invented. Mother was told by the health visitor before the meeting.",
        base_version=meeting.version,
    )
    for text, agency, themes in [
        ("Invented. Missed nursery sessions and health appointments were not put together by "
         "any one agency.", COMMUNITY_HEALTH, ["Neglect", "Information sharing"]),
        ("Invented. Weight checks were recorded but not plotted on a growth chart.",
         GP_PRACTICE, ["Neglect"]),
    ]:  # fmt: skip
        learning_record(
            actor=coordinator,
            review=review,
            text=text,
            agency=agencies.get(agency),
            themes=_themes(themes),
        )
    action_record(
        actor=coordinator,
        review=review,
        for_whom=ForWhom.CHILD,
        child=review.incident.children.first(),
        family_member=None,
        description="Invented. Agree a feeding plan and weekly weight checks.",
        owner=agencies[COMMUNITY_HEALTH],
        due_on=calendar.add_working_days(held, 3),
    )
    _decide(coordinator, review, EARLIER_DECISION)
    signed_on = calendar.add_working_days(held, 2)
    _sign(review, users, tuple(PARTNERS), at=_at(signed_on, 15))
    _write_report(coordinator, review, EARLIER_REPORT)
    sent_on = calendar.add_working_days(signed_on, 1)
    panel.panel_send(actor=coordinator, review=review, sent_on=sent_on)
    responded_on = calendar.add_working_days(sent_on, 15)
    panel.panel_response_record(
        actor=coordinator,
        review=review,
        response=PanelResponseKind.AGREES,
        responded_on=responded_on,
        response_text="Invented. The Panel agrees with the partnership's decision and asks to "
        "see the single-agency learning from the community health trust when it is ready.",
        shown_response="",
    )
    trust = agencies[HOSPITAL_TRUST]
    outcome.outcome_share(actor=coordinator, review=review, review_agencies=[trust])
    OutcomeShare.objects.filter(review_agency=trust).update(
        shared_at=_at(calendar.add_working_days(responded_on, 2), 11)
    )
    return True


EARLIER_DECISION = {
    "criterion_a": Assessment.MET,
    "criterion_a_reasoning": "Invented. Growth monitoring and follow-up of missed appointments "
    "need to improve.",
    "criterion_b": Assessment.UNCLEAR,
    "criterion_b_reasoning": "Invented. Neglect of young children has featured in national "
    "reviews; no earlier local review shares the theme.",
    "criterion_c": Assessment.MET,
    "criterion_c_reasoning": "Invented. Health and the nursery each held part of the picture.",
    "criterion_d": Assessment.NOT_MET,
    "criterion_d_reasoning": "Invented. The Panel has not considered this case.",
    "outcome": Outcome.NO_FURTHER_REVIEW,
    "rationale": "Invented. The agencies have already changed their practice; the rapid review "
    "captures the learning and a local review would add little.",
    "national_view": NationalView.DOES_NOT,
    "national_view_reasoning": "Invented. The learning is already known nationally.",
}

EARLIER_REPORT = {
    "case_summary": "Invented. Child H (3) was admitted to hospital seriously underweight. Her "
    "mother had missed several health appointments and nursery sessions.",
    "key_practice_episodes": "Invented. Three missed health visitor contacts; a nursery place "
    "not taken up; a GP weight check not followed up.",
    "lived_experience": "Invented. Nursery staff who met Child H describe a quiet, watchful "
    "child who ate hungrily.",
    "context_equality_identity": "Invented. Mother was isolated after moving to the area.",
    "went_well": "Invented. The hospital recognised neglect quickly and made a referral the same "
    "day.",
    "must_improve": "Invented. Plotting weights on a growth chart; sharing missed appointments.",
    "multi_agency_working": "Invented. No agency put the missed appointments together.",
    "immediate_learning": "Invented. The community health trust has audited growth monitoring "
    "for children under five.",
}


# --- shared ---------------------------------------------------------------------------------------


def _agencies(review: RapidReview) -> dict[str, ReviewAgency]:
    return {
        review_agency.agency.name: review_agency
        for review_agency in ReviewAgency.objects.filter(review=review).select_related("agency")
    }


def _declare(review, review_agency, rep: User, involved: set[str]) -> None:
    """The agency's involvement with each named person, by pseudonym, over the last six months
    of the scoping period (a nil return when `involved` is empty)."""
    incident = review.incident
    since = max(incident.scoping_start, incident.scoping_end - timedelta(days=180))
    responses.involvement_declare(
        actor=rep,
        review_agency=review_agency,
        answers=[
            responses.Answer(person, True, since, incident.scoping_end)
            if person.pseudonym in involved
            else responses.Answer(person, False)
            for person in responses.people_on(review)
        ],
        systems_searched="Invented: the agency's electronic case records",
    )


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UK_TIME)


def _meeting(coordinator, review, *, day, place, attendees, apologies, invite=True):
    """Arrange the meeting on `day`, 9:30 to 11:30am, invite `attendees` and take the register
    (everyone present but those in `apologies`)."""
    meeting = arrange.meeting_arrange(
        actor=coordinator,
        review=review,
        arrangements=arrange.Arrangements(
            day=day, starts=time(9, 30), ends=time(11, 30), place=place
        ),
    )
    arrange.attendees_add(actor=coordinator, meeting=meeting, users=attendees)
    if invite:
        arrange.invitations_send(actor=coordinator, meeting=meeting)
    meeting.refresh_from_db()
    away = {user.pk for user in apologies}
    arrange.attendance_record(
        actor=coordinator,
        meeting=meeting,
        version=meeting.version,
        answers={
            str(attendee.public_id): arrange.Answer(
                Attendance.APOLOGIES if attendee.user_id in away else Attendance.PRESENT
            )
            for attendee in meeting.attendees.all()
        },
    )
    meeting.refresh_from_db()
    return meeting


def _decide(coordinator: User, review: RapidReview, answers: dict[str, str]) -> None:
    decision.decision_record(actor=coordinator, review=review, answers=answers, base_version=0)
    decision.decision_send_for_sign_off(actor=coordinator, review=review)


def _sign(review: RapidReview, users: dict[str, User], partners, *, at=None) -> None:
    version = Decision.objects.get(review=review).version
    for partner in partners:
        partner_user = users[PARTNERS[partner]]
        signoff.partner_sign_off(
            actor=partner_user,
            review=review,
            agrees=True,
            comment="",
            role=partner_user.job_title,
            decision_version=version,
        )
    if at is not None:
        PartnerSignOff.objects.filter(review=review).update(signed_at=at)


def _write_report(coordinator: User, review: RapidReview, values: dict[str, str]) -> None:
    report_text.report_text_save(
        actor=coordinator, review=review, values=values, version=report_text.version_of(review)
    )


def _themes(names: list[str]) -> list[LearningTheme]:
    """The partnership's themes by name: the starting list comes with the migrations, but a
    database emptied since (a test's) may not hold it, so any missing one is added back."""
    return [LearningTheme.objects.get_or_create(name=name)[0] for name in names]
