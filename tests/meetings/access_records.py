"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for what is recorded at and after the meeting, and the list of
learning themes; with the test data the record tests share.

Who gets what, on a review of agency A (the police) and an invented health trust (agency B, the
school, is not on it; the nominee is nominated for agency A):
- the lists, the minutes and the family: everyone on the review reads them (the team, the
  partner, agency A's representative, senior leader and nominee); agency B's representative and
  the scrutineer get 404;
- adding, changing and removing anything, and saving the minutes or the family: the team (403
  for the others on the review) while the review is open;
- responding to a challenge: the team and the agency it was raised with (its representative and
  nominee, not its senior leader); updating an action: the team and the owner agency;
- the themes list: the team only (403 for every other role: it belongs to no review).
"""

from datetime import date
from typing import Any

from rapidreview.accounts.models import Agency, AgencyType
from rapidreview.meetings.models import (
    Challenge,
    ForWhom,
    LearningPoint,
    LearningTheme,
    ParallelProcess,
    ProcessKind,
    SafeguardingAction,
)
from rapidreview.reviews.models import RapidReview, ReviewAgency, State

from ..access_support import (
    CHANGES_AGENCY_A_REVIEW,
    PARTNERSHIP_TEAM_FORM,
    PARTNERSHIP_TEAM_ONLY,
    SEES_AGENCY_A_REVIEW,
    Entry,
    by_role,
    cases,
)
from ..conftest import Personas
from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .factories import make_meeting

# --- test data ------------------------------------------------------------------------------------


def health_trust() -> Agency:
    agency, _ = Agency.objects.get_or_create(
        name="Invented Health Trust", defaults={"agency_type": AgencyType.HOSPITAL_TRUST}
    )
    return agency


def on_review(review: RapidReview, agency: Agency) -> ReviewAgency:
    return ReviewAgency.objects.get(review=review, agency=agency)


def make_records_review(
    personas: Personas, *, state: str = State.READY_FOR_MEETING, meeting: bool = True
) -> RapidReview:
    """Agency A and the health trust on the review, a child and two family members (a mother
    and a sibling), the meeting arranged."""
    review = make_review(
        make_incident(
            personas.partnership_team, children=("Child A",), family=("Mother", "Sibling B")
        ),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, health_trust()),
        meeting_date=date(2026, 3, 16),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    if meeting:
        make_meeting(review, by=personas.partnership_team)
    # Set afterwards: a nomination is made on an open review.
    closing = {"stopped_on": date(2026, 3, 17), "stopped_reason": "Invented: not serious."}
    RapidReview.objects.filter(pk=review.pk).update(
        state=state, **(closing if state == State.STOPPED else {})
    )
    review.refresh_from_db()
    return review


def make_challenge(review: RapidReview, by: Agency, with_: Agency, actor) -> Challenge:
    return Challenge.objects.create(
        review=review,
        raised_by=on_review(review, by),
        raised_with=on_review(review, with_),
        question="Invented: why was the referral not followed up?",
        recorded_by=actor,
    )


def make_action(review: RapidReview, owner: Agency, actor, **fields) -> SafeguardingAction:
    values = {
        "for_whom": ForWhom.CHILD,
        "description": "Invented: visit the family within a week.",
        "due_on": date(2026, 3, 23),
    } | fields
    return SafeguardingAction.objects.create(
        review=review, owner=on_review(review, owner), recorded_by=actor, **values
    )


def make_learning(review: RapidReview, actor, *themes: str) -> LearningPoint:
    point = LearningPoint.objects.create(
        review=review, text="Invented: share the referral sooner.", recorded_by=actor
    )
    point.themes.set(LearningTheme.objects.filter(name__in=themes or ["Information sharing"]))
    return point


def make_process(review: RapidReview, actor) -> ParallelProcess:
    return ParallelProcess.objects.create(
        review=review,
        kind=ProcessKind.POLICE,
        disclosure_limits="Invented: no witness statements before charge.",
        recorded_by=actor,
    )


# --- arguments ------------------------------------------------------------------------------------


def a_review(personas: Personas) -> dict[str, Any]:
    return {"reference": make_records_review(personas).reference}


def a_review_with_no_meeting(personas: Personas) -> dict[str, Any]:
    return {"reference": make_records_review(personas, meeting=False).reference}


def a_closed_review(personas: Personas) -> dict[str, Any]:
    return {"reference": make_records_review(personas, state=State.STOPPED).reference}


def unknown_review(personas: Personas) -> dict[str, Any]:
    return {"reference": "RR-2026-999"}


def _with(record_of):
    def build(personas: Personas) -> dict[str, Any]:
        review = make_records_review(personas)
        record = record_of(personas, review)
        return {"reference": review.reference, "public_id": record.public_id}

    return build


a_challenge_to_a = _with(
    lambda p, r: make_challenge(r, health_trust(), p.agency_a, p.partnership_team)
)
a_challenge_to_health = _with(
    lambda p, r: make_challenge(r, p.agency_a, health_trust(), p.partnership_team)
)
an_action_of_a = _with(lambda p, r: make_action(r, p.agency_a, p.partnership_team))
an_action_of_health = _with(lambda p, r: make_action(r, health_trust(), p.partnership_team))
a_learning_point = _with(lambda p, r: make_learning(r, p.partnership_team))
a_process = _with(lambda p, r: make_process(r, p.partnership_team))


def unknown_record(personas: Personas) -> dict[str, Any]:
    return a_review(personas) | {"public_id": "00000000-0000-4000-8000-000000000000"}


# --- expectations ---------------------------------------------------------------------------------

READS = SEES_AGENCY_A_REVIEW
RECORDS = CHANGES_AGENCY_A_REVIEW
# The agency the challenge was raised with, or the action's owner: its representative and its
# nominee answer; its senior leader reads.
AGENCY_A_ANSWERS = by_role(
    default=404,
    partnership_team=200,
    safeguarding_partner=403,
    agency_a_rep=200,
    senior_leader=403,
    nominee=200,
)
# Closed (stopped): the nominee's nomination has lapsed (404); nobody may change anything.
READS_CLOSED = by_role(
    default=404, partnership_team=200, safeguarding_partner=200, agency_a_rep=200, senior_leader=200
)
CLOSED = by_role(
    default=404, partnership_team=403, safeguarding_partner=403, agency_a_rep=403, senior_leader=403
)
NOT_FOUND = by_role(default=404)
NOT_ALLOWED = by_role(default=405)


def _list(name: str) -> tuple[str, tuple[Entry, ...]]:
    return name, cases(
        Entry(kwargs=a_review, get=READS, post=NOT_ALLOWED),
        Entry(variant="closed", kwargs=a_closed_review, get=READS_CLOSED),
        Entry(variant="unknown_review", kwargs=unknown_review, get=NOT_FOUND),
    )


def _add(name: str) -> tuple[str, tuple[Entry, ...]]:
    return name, cases(
        Entry(kwargs=a_review, get=RECORDS, post=RECORDS),
        Entry(variant="closed", kwargs=a_closed_review, get=CLOSED, post=CLOSED),
        Entry(variant="unknown_review", kwargs=unknown_review, get=NOT_FOUND),
    )


def _one(name: str, record, *, expect=RECORDS) -> tuple[str, tuple[Entry, ...]]:
    return name, cases(
        Entry(kwargs=record, get=expect, post=expect),
        Entry(variant="unknown_record", kwargs=unknown_record, get=NOT_FOUND, post=NOT_FOUND),
    )


ENTRIES: dict[str, tuple[Entry, ...]] = dict(
    [
        *[
            (
                name,
                cases(
                    Entry(kwargs=a_review, get=READS, post=RECORDS),
                    Entry(variant="no_meeting", kwargs=a_review_with_no_meeting, get=READS),
                    Entry(variant="closed", kwargs=a_closed_review, get=READS_CLOSED, post=CLOSED),
                    Entry(variant="unknown_review", kwargs=unknown_review, get=NOT_FOUND),
                ),
            )
            for name in ("meetings:minutes", "meetings:family")
        ],
        _list("meetings:challenges"),
        _add("meetings:challenge_add"),
        _one("meetings:challenge_edit", a_challenge_to_a),
        _one("meetings:challenge_remove", a_challenge_to_a),
        (
            "meetings:challenge_respond",
            (
                *_one("meetings:challenge_respond", a_challenge_to_a, expect=AGENCY_A_ANSWERS)[1],
                Entry(
                    variant="raised_with_another_agency",
                    kwargs=a_challenge_to_health,
                    get=RECORDS,
                    post=RECORDS,
                ),
            ),
        ),
        _list("meetings:actions"),
        _add("meetings:action_add"),
        _one("meetings:action_edit", an_action_of_a),
        _one("meetings:action_remove", an_action_of_a),
        (
            "meetings:action_update",
            (
                *_one("meetings:action_update", an_action_of_a, expect=AGENCY_A_ANSWERS)[1],
                Entry(
                    variant="owned_by_another_agency",
                    kwargs=an_action_of_health,
                    get=RECORDS,
                    post=RECORDS,
                ),
            ),
        ),
        _list("meetings:learning"),
        _add("meetings:learning_add"),
        _one("meetings:learning_edit", a_learning_point),
        _one("meetings:learning_remove", a_learning_point),
        _list("meetings:processes"),
        _add("meetings:process_add"),
        _one("meetings:process_edit", a_process),
        _one("meetings:process_remove", a_process),
        (
            "themes:list",
            cases(Entry(get=PARTNERSHIP_TEAM_ONLY, post=PARTNERSHIP_TEAM_FORM)),
        ),
    ]
)

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {
    "meetings:minutes",
    "meetings:family",
    "meetings:challenge_add",
    "meetings:challenge_edit",
    "meetings:challenge_respond",
    "meetings:challenge_remove",
    "meetings:action_add",
    "meetings:action_edit",
    "meetings:action_update",
    "meetings:action_remove",
    "meetings:learning_add",
    "meetings:learning_edit",
    "meetings:learning_remove",
    "meetings:process_add",
    "meetings:process_edit",
    "meetings:process_remove",
    "themes:list",
}
