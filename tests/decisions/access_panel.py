"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for sending the rapid review to the Panel, the Panel's response and
sharing the outcome; and the reviews the tests of those pages start from.

Who gets what (the review is agency A's; agency B's representative and the scrutineer get 404):
- the Panel page: the team and the partners always; agency A's people once it has been sent
  (before that, 403: the decision is not shared with them yet);
- recording that it was sent, and the Panel's response: the team (an empty form comes back with
  its errors); everyone else inside the scope is refused;
- the outcome page: everyone who sees the review (an agency sees its own row);
- sharing the outcome: the team, once the review has been sent (403 before);
- recording that the staff were told: agency A's representative, once the outcome is shared with
  agency A; everyone else inside the scope is refused.
"""

from datetime import UTC, date, datetime
from typing import Any

from rapidreview.decisions.models import OutcomeShare, PanelSubmission, PartnerSignOff
from rapidreview.reviews.models import RapidReview, ReviewAgency, State

from ..access_support import Entry, by_role, cases, unknown_review
from ..conftest import Personas
from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .factories import make_decision, make_partners, sign_off

MEETING_ON = date(2026, 3, 16)
SIGNED_AT = datetime(2026, 3, 18, 11, 0, tzinfo=UTC)
SENT_ON = date(2026, 3, 20)

# --- the reviews ---------------------------------------------------------------------------------


def awaiting_sign_off(personas: Personas, *, signed=("local_authority", "icb", "police"), **kw):
    """Agency A's review after its meeting, with a decision signed by the partners named in
    `signed` (each on 18 March 2026); agency A's nominee is nominated on it."""
    team = personas.partnership_team
    incident = make_incident(team, family=("Mother",), circumstances="A made-up incident.")
    # Names the report never uses, so its anonymisation check passes.
    incident.children.update(full_name="Zinnia Pemberthy")
    incident.family.update(full_name="Marlowe Pemberthy")
    review = make_review(
        incident,
        convened_by=team,
        state=State.AWAITING_SIGN_OFF,
        agencies=(personas.agency_a, personas.partner_agency),
        meeting_date=MEETING_ON,
        **kw,
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    make_decision(review, by=team)
    partners = make_partners(existing=personas.safeguarding_partner)
    for partner in signed:
        sign_off(review, partners[partner])
    PartnerSignOff.objects.filter(review=review).update(signed_at=SIGNED_AT)
    return review


def sent(personas: Personas, **kw) -> RapidReview:
    """Agency A's review, sent to the Panel on 20 March 2026 by the team persona."""
    review = awaiting_sign_off(personas)
    RapidReview.objects.filter(pk=review.pk).update(
        state=State.SENT_TO_PANEL, signed_off_on=SIGNED_AT.date(), sent_to_panel_on=SENT_ON
    )
    PanelSubmission.objects.create(
        review=review, sent_on=SENT_ON, sent_by=personas.partnership_team
    )
    review.refresh_from_db()
    return review


def shared_with_agency_a(personas: Personas) -> RapidReview:
    review = sent(personas)
    OutcomeShare.objects.create(
        review_agency=ReviewAgency.objects.get(review=review, agency=personas.agency_a),
        shared_by=personas.partnership_team,
    )
    return review


def _reference(build):
    def kwargs(personas: Personas) -> dict[str, Any]:
        return {"reference": build(personas).reference}

    return kwargs


ready_to_send = _reference(awaiting_sign_off)
not_signed_by_police = _reference(lambda p: awaiting_sign_off(p, signed=("local_authority", "icb")))
sent_review = _reference(sent)
shared_review = _reference(shared_with_agency_a)


# --- expectations ---------------------------------------------------------------------------------

NOT_ALLOWED = by_role(default=405, scrutineer=405)
TEAM_AND_PARTNERS_READ = by_role(
    default=404,
    partnership_team=200,
    safeguarding_partner=200,
    agency_a_rep=403,
    senior_leader=403,
    nominee=403,
)
EVERYONE_ON_THE_REVIEW = by_role(
    default=404,
    partnership_team=200,
    safeguarding_partner=200,
    agency_a_rep=200,
    senior_leader=200,
    nominee=200,
)
TEAM_ACTS = by_role(
    default=404,
    partnership_team=200,
    safeguarding_partner=403,
    agency_a_rep=403,
    senior_leader=403,
    nominee=403,
)
NO_ONE_YET = by_role(
    default=404,
    partnership_team=403,
    safeguarding_partner=403,
    agency_a_rep=403,
    senior_leader=403,
    nominee=403,
)
REPRESENTATIVE_ACTS = by_role(
    default=404,
    partnership_team=403,
    safeguarding_partner=403,
    agency_a_rep=200,
    senior_leader=403,
    nominee=403,
)
UNKNOWN = Entry(variant="unknown_reference", kwargs=unknown_review, get=by_role(default=404))

ENTRIES: dict[str, tuple[Entry, ...]] = {
    "decisions:panel": cases(
        Entry(kwargs=sent_review, get=EVERYONE_ON_THE_REVIEW, post=NOT_ALLOWED),
        Entry(variant="not_sent", kwargs=ready_to_send, get=TEAM_AND_PARTNERS_READ),
        UNKNOWN,
    ),
    "decisions:panel_sent": cases(
        Entry(kwargs=ready_to_send, get=TEAM_ACTS, post=TEAM_ACTS),
        Entry(variant="sign_off_missing", kwargs=not_signed_by_police, get=TEAM_ACTS),
        UNKNOWN,
    ),
    "decisions:panel_response": cases(
        Entry(kwargs=sent_review, get=TEAM_ACTS, post=TEAM_ACTS),
        Entry(variant="not_sent", kwargs=ready_to_send, get=TEAM_ACTS),
        UNKNOWN,
    ),
    "decisions:outcome": cases(
        Entry(kwargs=shared_review, get=EVERYONE_ON_THE_REVIEW, post=NOT_ALLOWED),
        Entry(variant="not_sent", kwargs=ready_to_send, get=EVERYONE_ON_THE_REVIEW),
        UNKNOWN,
    ),
    "decisions:outcome_share": cases(
        Entry(kwargs=sent_review, get=TEAM_ACTS, post=TEAM_ACTS),
        Entry(variant="not_sent", kwargs=ready_to_send, get=NO_ONE_YET, post=NO_ONE_YET),
        UNKNOWN,
    ),
    "decisions:outcome_staff_told": cases(
        Entry(kwargs=shared_review, get=REPRESENTATIVE_ACTS, post=REPRESENTATIVE_ACTS),
        Entry(variant="not_shared", kwargs=sent_review, get=NO_ONE_YET, post=NO_ONE_YET),
        UNKNOWN,
    ),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {
    "decisions:panel_sent",
    "decisions:panel_response",
    "decisions:outcome_share",
    "decisions:outcome_staff_told",
}
