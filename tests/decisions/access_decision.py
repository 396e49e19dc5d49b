"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for the decision and the partners' sign-off.

Who gets what, on agency A's review:
- the decision page: the team and the partners; agency A's people are refused (403) until the
  review is sent to the Panel, and see it afterwards; agency B and the scrutineer: 404;
- recording it (the questions, check your answers, the confirmation, the send button): the team,
  once the meeting is held and until it is sent; the partners and agency A's people are refused;
- signing it off: the safeguarding partner persona (the local authority's) while it is awaiting
  sign-off; the team and agency A's people are refused; before that, the partner is refused too.
"""

from datetime import date
from typing import Any

from django.urls import reverse

from rapidreview.reviews.models import RapidReview, State

from ..access_support import Entry, Redirect, by_role, cases, unknown_review
from ..conftest import Personas
from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .factories import make_decision, sign_off

MEETING = {"meeting_date": date(2026, 3, 20)}
SENT = MEETING | {"signed_off_on": date(2026, 3, 23), "sent_to_panel_on": date(2026, 3, 24)}


def _review(personas: Personas, state: str, *, decided: bool = True, **dates):
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        state=state,
        agencies=(personas.agency_a,),
        **dates,
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    if decided:
        make_decision(review, by=personas.partnership_team)
    return review


def decided_after_meeting(personas: Personas) -> dict[str, Any]:
    return {"reference": _review(personas, State.MEETING_HELD, **MEETING).reference}


def undecided_after_meeting(personas: Personas) -> dict[str, Any]:
    review = _review(personas, State.MEETING_HELD, decided=False, **MEETING)
    return {"reference": review.reference}


def awaiting_sign_off(personas: Personas) -> dict[str, Any]:
    return {"reference": _review(personas, State.AWAITING_SIGN_OFF, **MEETING).reference}


def signed_by_the_partner(personas: Personas) -> dict[str, Any]:
    review = _review(personas, State.AWAITING_SIGN_OFF, **MEETING)
    sign_off(review, personas.safeguarding_partner)
    return {"reference": review.reference}


def sent_to_panel(personas: Personas) -> dict[str, Any]:
    return {"reference": _review(personas, State.SENT_TO_PANEL, **SENT).reference}


def before_meeting(personas: Personas) -> dict[str, Any]:
    review = _review(personas, State.READY_FOR_MEETING, decided=False)
    return {"reference": review.reference}


def _to(name: str, label: str) -> Redirect:
    return Redirect(lambda kwargs: reverse(name, kwargs=kwargs), label=label)


def is_awaiting_sign_off(kwargs: dict) -> bool:
    return RapidReview.objects.get(reference=kwargs["reference"]).state == State.AWAITING_SIGN_OFF


TO_DECISION = _to("decisions:decision", "decision")
TO_EDIT = _to("decisions:decision_edit", "decision_edit")

# Agency A's people are inside the review's scope: refused, not hidden.
INSIDE = {"agency_a_rep": 403, "senior_leader": 403, "nominee": 403}
SEES_DECISION = by_role(default=404, partnership_team=200, safeguarding_partner=200, **INSIDE)
SEES_SENT_DECISION = by_role(
    default=404,
    partnership_team=200,
    safeguarding_partner=200,
    agency_a_rep=200,
    senior_leader=200,
    nominee=200,
)
RECORDS = by_role(default=404, partnership_team=200, safeguarding_partner=403, **INSIDE)
NOBODY_RECORDS = by_role(default=404, partnership_team=403, safeguarding_partner=403, **INSIDE)
SIGNS = by_role(default=404, partnership_team=403, safeguarding_partner=200, **INSIDE)
NOT_ALLOWED = by_role(default=405)


def _check(expect) -> dict:
    return by_role(default=404, partnership_team=expect, safeguarding_partner=403, **INSIDE)


ENTRIES: dict[str, tuple[Entry, ...]] = {
    "decisions:decision": cases(
        Entry(kwargs=decided_after_meeting, get=SEES_DECISION, post=NOT_ALLOWED),
        Entry(variant="not_recorded", kwargs=undecided_after_meeting, get=SEES_DECISION),
        Entry(variant="sent", kwargs=sent_to_panel, get=SEES_SENT_DECISION),
        Entry(variant="unknown_review", kwargs=unknown_review, get=by_role(default=404)),
    ),
    "decisions:decision_edit": cases(
        Entry(kwargs=decided_after_meeting, get=RECORDS, post=RECORDS),
        Entry(variant="not_recorded", kwargs=undecided_after_meeting, get=RECORDS),
        Entry(variant="awaiting_sign_off", kwargs=awaiting_sign_off, get=RECORDS),
        Entry(variant="before_meeting", kwargs=before_meeting, get=NOBODY_RECORDS),
        Entry(variant="sent", kwargs=sent_to_panel, get=NOBODY_RECORDS, post=NOBODY_RECORDS),
        Entry(variant="unknown_review", kwargs=unknown_review, get=by_role(default=404)),
    ),
    # With no answers waiting in the session, back to the questions.
    "decisions:decision_check": cases(
        Entry(kwargs=decided_after_meeting, get=_check(TO_EDIT), post=_check(TO_EDIT)),
        Entry(variant="sent", kwargs=sent_to_panel, get=NOBODY_RECORDS, post=NOBODY_RECORDS),
    ),
    # The confirmation is shown once a decision is saved; otherwise, the decision page.
    "decisions:decision_saved": cases(
        Entry(kwargs=decided_after_meeting, get=_check(TO_DECISION), post=NOT_ALLOWED),
        Entry(variant="sent", kwargs=sent_to_panel, get=NOBODY_RECORDS),
    ),
    "decisions:send_for_sign_off": cases(
        Entry(
            kwargs=decided_after_meeting,
            get=NOT_ALLOWED,
            post=_check(TO_DECISION),
            took_effect=is_awaiting_sign_off,
        ),
        Entry(variant="not_recorded", kwargs=undecided_after_meeting, post=NOBODY_RECORDS),
        Entry(variant="unknown_review", kwargs=unknown_review, post=by_role(default=404)),
    ),
    "decisions:sign_off": cases(
        Entry(kwargs=awaiting_sign_off, get=SIGNS, post=SIGNS),
        Entry(variant="already_signed", kwargs=signed_by_the_partner, get=SIGNS, post=SIGNS),
        Entry(
            variant="not_sent_yet",
            kwargs=decided_after_meeting,
            get=by_role(default=404, partnership_team=403, safeguarding_partner=403, **INSIDE),
        ),
        Entry(variant="unknown_review", kwargs=unknown_review, get=by_role(default=404)),
    ),
    "decisions:sign_off_done": cases(
        Entry(
            kwargs=signed_by_the_partner,
            get=by_role(
                default=404, partnership_team=TO_DECISION, safeguarding_partner=200, **INSIDE
            ),
        ),
        Entry(
            variant="not_signed",
            kwargs=awaiting_sign_off,
            get=by_role(
                default=404,
                partnership_team=TO_DECISION,
                safeguarding_partner=TO_DECISION,
                **INSIDE,
            ),
        ),
    ),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {
    "decisions:send_for_sign_off": "the 'Send to the partners to sign off' button on the "
    "decision page",
    "decisions:decision_check": "the 'Confirm and save the decision' button on the check "
    "answers page (the answers wait in the session)",
}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {"decisions:decision_edit", "decisions:sign_off"}
