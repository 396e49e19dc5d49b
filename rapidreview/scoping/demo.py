"""Invented scoping returns for the demo, on the brothers' review (NMR-SIN-0102), so the
co-ordinator sees every state: the police's return complete with 12 chronology rows, submitted,
signed off by their senior leader and released; the hospital trust's (invited and declared
here) released with 6 rows, one on the same day about the same person as a police row, so the
merged chronology shows a likely duplicate; and children's social care's left as a draft with
two sections done.

Built only through the real services (sections through their own forms), so the versions and
the audit trail are what a person's work would leave. Called from `reviews.demo.load`; does
nothing if the review already has returns, so it is safe to run again. Dates are placed inside
the notification's scoping period, which ends before today. Everything here is invented.
"""

from datetime import date, time, timedelta

from rapidreview.accounts.models import Agency, User
from rapidreview.participation import invitations, responses
from rapidreview.participation.models import InvolvementDeclaration
from rapidreview.reviews.models import Incident, RapidReview, ReviewAgency

from . import chronology, workflow
from .models import ContactType, ScopingReturn
from .sections import FORMS, YES
from .services import return_for, section_save

SIN_REFERENCE = "NMR-SIN-0102"
POLICE_REP = "police.rep@demo.rapidreview.invalid"
POLICE_SENIOR = "police.senior@demo.rapidreview.invalid"
HEALTH_REP = "health.rep@demo.rapidreview.invalid"
HEALTH_SENIOR = "health.senior@demo.rapidreview.invalid"
SOCIAL_CARE_REP = "social.care.rep@demo.rapidreview.invalid"
HOSPITAL_TRUST = "Northmoor Hospitals NHS Trust"

# A day in the scoping period: ("start", n) n days after it starts, ("end", n) n days before it
# ends (the day the local authority became aware).
Day = tuple[str, int]
# (day, time or None, people by pseudonym, contact type, practitioner's role, what happened,
#  action or outcome, source reference)
Row = tuple[Day, time | None, tuple[str, ...], str, str, str, str, str]

POLICE_ROWS: list[Row] = [
    (("start", 130), time(22, 40), ("Mother",), ContactType.INCIDENT, "Response officer",
     "Invented. A neighbour reported shouting at the flat. Officers attended; Mother said the "
     "argument was with a relative who had left. Both children were asleep.",
     "Domestic abuse risk assessment: standard risk.", "Invented: incident log 0412"),
    (("start", 131), None, ("Mother",), ContactType.INFORMATION_SHARED,
     "Public protection unit officer",
     "Invented. Notification of the domestic incident sent to children's services.",
     "Received and logged by the front door.", "Invented: PPN 2231"),
    (("start", 210), time(14, 5), ("Mother",), ContactType.PHONE_CALL, "Call handler",
     "Invented. Mother reported her mobile phone stolen and said she was worried about money.",
     "Crime recorded; no further lines of enquiry.", "Invented: crime 7710"),
    (("start", 305), time(20, 15), ("Mother",), ContactType.HOME_VISIT, "Neighbourhood officer",
     "Invented. Welfare check after a neighbour reported the children alone in the evening. "
     "Mother was home and said she had been out for twenty minutes.",
     "Advice given; notification sent to children's services.", "Invented: incident log 1187"),
    (("start", 400), time(1, 30), ("Mother's partner",), ContactType.INCIDENT, "Response officer",
     "Invented. Mother's partner arrested for possession of a controlled drug near the flat.",
     "Released under investigation; address given as the flat.", "Invented: custody 5521"),
    (("start", 401), None, ("Mother", "Mother's partner"), ContactType.INFORMATION_SHARED,
     "Public protection unit officer",
     "Invented. Children's services told that Mother's partner was staying at the flat.",
     "Children's services to discuss at their next home visit.", "Invented: PPN 2690"),
    (("start", 470), None, ("Mother's partner",), ContactType.OTHER, "Investigating officer",
     "Invented. Mother's partner charged with possession; bail address the flat.",
     "Court date set.", "Invented: case file 3302"),
    (("start", 560), time(23, 50), ("Mother", "Mother's partner"), ContactType.INCIDENT,
     "Response officer",
     "Invented. Mother reported an argument with her partner, who had left before officers "
     "arrived. The children were in the flat.",
     "Risk assessment: medium risk. Referral to the domestic abuse service offered; declined.",
     "Invented: incident log 2045"),
    (("start", 600), None, ("Mother",), ContactType.MEETING,
     "Detective constable, child abuse investigation team",
     "Invented. Initial child protection conference: police shared the domestic incident "
     "history.", "Both children made subject to child protection plans.",
     "Invented: conference minutes"),
    (("end", 40), time(19, 10), ("Mother",), ContactType.INCIDENT, "Response officer",
     "Invented. Called by hospital security: Mother was distressed and shouting in the "
     "emergency department while her younger son was treated.",
     "Mother calmed down; no offences. Notification sent to children's services.",
     "Invented: incident log 3390"),
    (("end", 30), time(11, 0), ("Mother's partner",), ContactType.OTHER, "Roads policing officer",
     "Invented. Mother's partner stopped driving; said he no longer lived at the flat.",
     "Intelligence report submitted.", "Invented: intelligence 8812"),
    (("end", 12), time(6, 0), ("Mother's partner",), ContactType.INCIDENT, "Detective constable",
     "Invented. Warrant executed at Mother's partner's new address; drugs seized.",
     "Arrested and charged; remanded in custody.", "Invented: custody 6017"),
]  # fmt: skip

HEALTH_ROWS: list[Row] = [
    (("start", 250), time(10, 30), ("Child B",), ContactType.APPOINTMENT,
     "Consultant paediatrician",
     "Invented. Outpatient appointment: Child B's weight below the 2nd centile.",
     "Referred to the dietitian; letter to the GP.", "Invented: clinic letter"),
    (("start", 330), time(9, 0), ("Child B",), ContactType.MISSED_APPOINTMENT, "Dietitian",
     "Invented. Child B was not brought to the dietitian appointment.",
     "A second appointment was sent.", "Invented: outpatient record"),
    (("start", 420), time(9, 0), ("Child B",), ContactType.MISSED_APPOINTMENT, "Dietitian",
     "Invented. Child B was not brought to the second dietitian appointment.",
     "Discharged to the GP's care.", "Invented: discharge letter"),
    (("end", 40), time(18, 45), ("Child B", "Mother"), ContactType.ATTENDANCE,
     "Emergency department nurse",
     "Invented. Child B brought by Mother with a minor scald to the hand. Mother became "
     "distressed and security called the police.",
     "Scald dressed; safeguarding referral to children's services.", "Invented: ED record"),
    (("end", 39), None, ("Child B",), ContactType.INFORMATION_SHARED,
     "Named nurse for safeguarding",
     "Invented. The hospital safeguarding team followed up the referral with children's "
     "services.", "Children's services confirmed both children have child protection plans.",
     "Invented: safeguarding record"),
    (("end", 0), time(16, 20), ("Child B",), ContactType.ATTENDANCE, "Paediatric registrar",
     "Invented. Child B admitted through the emergency department, malnourished and "
     "dehydrated, after being found at home.", "Admitted to the children's ward.",
     "Invented: admission record"),
]  # fmt: skip


def load(*, coordinator: User) -> bool:
    """Add the returns if the review has none yet. Returns whether anything was added."""
    review = RapidReview.objects.filter(incident__sin_reference=SIN_REFERENCE).first()
    if review is None or not review.is_open:
        return False
    if ScopingReturn.objects.filter(review_agency__review=review).exists():
        return False
    users = {
        email: User.objects.filter(email=email).select_related("membership__agency").first()
        for email in (POLICE_REP, POLICE_SENIOR, HEALTH_REP, HEALTH_SENIOR, SOCIAL_CARE_REP)
    }
    added = False
    if users[POLICE_REP] and (police := _agency_of(review, users[POLICE_REP])):
        _released(police, users[POLICE_REP], users[POLICE_SENIOR], coordinator, POLICE_ROWS)
        added = True
    health = Agency.objects.filter(name=HOSPITAL_TRUST).first()
    if users[HEALTH_REP] and health is not None:
        invitations.agencies_invite(actor=coordinator, review=review, agencies=[health])
        trust = review.agencies.get(agency=health)
        _declare(trust, users[HEALTH_REP], {"Child B": (("start", 250), ("end", 0)),
                                            "Mother": (("end", 40), ("end", 40))})  # fmt: skip
        _released(trust, users[HEALTH_REP], users[HEALTH_SENIOR], coordinator, HEALTH_ROWS)
        added = True
    if users[SOCIAL_CARE_REP] and (social_care := _agency_of(review, users[SOCIAL_CARE_REP])):
        _social_care_draft(social_care, users[SOCIAL_CARE_REP])
        added = True
    return added


def _agency_of(review: RapidReview, user: User) -> ReviewAgency | None:
    return review.agencies.filter(agency_id=user.membership.agency_id).first()


def _on(day: Day, incident: Incident) -> date:
    anchor, days = day
    if anchor == "start":
        return incident.scoping_start + timedelta(days=days)
    return incident.scoping_end - timedelta(days=days)


def _declare(review_agency: ReviewAgency, rep: User, involved: dict[str, tuple[Day, Day]]):
    """The agency's involvement declaration, unless it has made one already."""
    if InvolvementDeclaration.objects.filter(review_agency=review_agency).exists():
        return
    review = review_agency.review
    incident = review.incident
    responses.involvement_declare(
        actor=rep,
        review_agency=review_agency,
        answers=[
            responses.Answer(
                person, True, *(_on(day, incident) for day in involved[person.pseudonym])
            )
            if person.pseudonym in involved
            else responses.Answer(person, False)
            for person in responses.people_on(review)
        ],
        systems_searched="Invented: the agency's electronic case records and safeguarding log",
    )


def _released(review_agency, rep, senior, coordinator, rows: list[Row]) -> None:
    """Complete the return, submit it, and (if there is a senior leader) sign off and release."""
    scoping_return = return_for(review_agency, actor=rep)
    _add_rows(scoping_return, rep, rows)
    for letter, data in _answers(review_agency, rep).items():
        scoping_return = _save(scoping_return, rep, letter, data)
    scoping_return = workflow.return_submit(actor=rep, scoping_return=scoping_return)
    if senior is None:
        return
    scoping_return = workflow.return_sign_off(
        actor=senior, scoping_return=scoping_return, sighted=True
    )
    workflow.return_release(actor=coordinator, scoping_return=scoping_return)


def _social_care_draft(review_agency: ReviewAgency, rep: User) -> None:
    _declare(review_agency, rep, {
        "Child A": (("start", 131), ("end", 0)),
        "Child B": (("start", 131), ("end", 0)),
        "Mother": (("start", 131), ("end", 5)),
    })  # fmt: skip
    scoping_return = return_for(review_agency, actor=rep)
    answers = _answers(review_agency, rep)
    for letter in ("A", "D"):
        scoping_return = _save(scoping_return, rep, letter, answers[letter])


def _add_rows(scoping_return: ScopingReturn, rep: User, rows: list[Row]) -> None:
    incident = scoping_return.review_agency.review.incident
    people = {
        person.pseudonym: person
        for person in responses.people_on(scoping_return.review_agency.review)
    }
    for day, at, named, contact, role, what, outcome, source in rows:
        chronology.row_add(
            actor=rep,
            scoping_return=scoping_return,
            values={
                "occurred_on": _on(day, incident),
                "occurred_at": at,
                "people": [people[pseudonym] for pseudonym in named],
                "contact_type": contact,
                "practitioner_role": role,
                "what_happened": what,
                "action_or_outcome": outcome,
                "source_reference": source,
            },
        )


def _save(scoping_return: ScopingReturn, rep: User, letter: str, data: dict) -> ScopingReturn:
    """Answer one section through its own form, marked as completed, as the section page does."""
    scoping_return.refresh_from_db()
    form = FORMS[letter](data=data | {"base_version": scoping_return.version, "completed": YES})
    if not form.is_valid():
        raise ValueError(f"Demo scoping section {letter} is not valid: {form.errors.as_text()}")
    return section_save(
        actor=rep,
        scoping_return=scoping_return,
        section=letter,
        answers=form.answers(),
        base_version=form.cleaned_data["base_version"],
        completed=form.is_completed,
    )


def _answers(review_agency: ReviewAgency, rep: User) -> dict[str, dict]:
    """The answers to sections A, D, E, F and G, as a person would post them."""
    agency = review_agency.agency.name
    asked = review_agency.review.agencies_asked_on or review_agency.review.convened_on
    return {
        "A": {
            "agency": agency,
            "service_or_team": "Invented: safeguarding team",
            "author_name": rep.full_name,
            "author_role": rep.job_title or "Agency representative",
            "contact_email": rep.email,
            "contact_phone": "01632 960 000",
            "dsl_consulted": YES,
            "dsl_name": "Invented: the agency's head of safeguarding",
        },
        "D": {
            "summary": f"Invented. {agency} knew the family over the two years before the "
            "incident; the chronology lists each contact.",
            "key_episodes": "Invented. The repeated reports about the children being left alone, "
            "and the missed appointments, were each handled on their own.",
            "seen_and_heard": "Invented. The children were seen but not spoken with alone.",
            "went_well": "Invented. Information was shared with children's services each time.",
            "done_differently": "Invented. The pattern across contacts could have been seen.",
        },
        "E": {
            "concerns": "Invented. No current concerns: both children are safe in hospital and "
            "with their grandmother.",
            "concerns_action": "Invented. Strategy discussion held with children's services.",
            "immediate_learning": "Invented. Look at the history, not only the latest contact.",
            "action_0": "Invented. Briefing for staff on recognising neglect",
            "owner_0": "Head of safeguarding",
            "date_0_day": str(asked.day),
            "date_0_month": str(asked.month),
            "date_0_year": str(asked.year),
            "status_0": "in_progress",
        },
        "F": {
            "parallel_processes": ["police_investigation", "internal_review"],
            "parallel_detail": "Invented. The police investigation of neglect is led by the "
            "child abuse investigation team; the agency's internal review has started.",
        },
        "G": {
            "key_information": "Invented. Mother's partner is remanded in custody; the "
            "grandmother is caring for the older brother.",
        },
    }
