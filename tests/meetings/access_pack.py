"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for the agenda and the meeting pack.

Who gets what:
- the agenda: everyone who sees the review (agency B's people get 404 on a review agency B is
  not on; the scrutineer sees no review), whether or not the meeting has been arranged;
- the meeting pack: the partnership team and the people invited to the meeting (here agency A's
  representative and the safeguarding partner); anyone else on the review is refused with the
  reason (403); anyone outside it gets 404; no meeting arranged yet: nothing to download (404).
"""

from typing import Any

from ..access_support import Entry, by_role, cases
from ..conftest import Personas
from .pack_data import prepared_review, with_meeting

# --- arguments ------------------------------------------------------------------------------------


def review_with_meeting(personas: Personas) -> dict[str, Any]:
    prepared = prepared_review(personas)
    with_meeting(personas, prepared)
    return {"reference": prepared.review.reference}


def review_of_agency_a_with_meeting(personas: Personas) -> dict[str, Any]:
    prepared = prepared_review(personas, agencies=(personas.agency_a,))
    with_meeting(personas, prepared, invited=(personas.agency_a_rep,))
    return {"reference": prepared.review.reference}


def review_without_meeting(personas: Personas) -> dict[str, Any]:
    return {"reference": prepared_review(personas).review.reference}


def unknown_review(personas: Personas) -> dict[str, Any]:
    return {"reference": "RR-2026-999"}


# --- expectations ---------------------------------------------------------------------------------

NOT_ALLOWED = by_role(default=405)
SEES_REVIEW = by_role(default=200, scrutineer=404)
SEES_REVIEW_OF_A = by_role(default=200, scrutineer=404, agency_b_rep=404)
INVITED_OR_TEAM = by_role(
    default=403, partnership_team=200, agency_a_rep=200, safeguarding_partner=200, scrutineer=404
)
INVITED_OR_TEAM_ON_REVIEW_OF_A = by_role(
    default=403, partnership_team=200, agency_a_rep=200, scrutineer=404, agency_b_rep=404
)

ENTRIES: dict[str, tuple[Entry, ...]] = {
    "meetings:agenda": cases(
        Entry(kwargs=review_with_meeting, get=SEES_REVIEW, post=NOT_ALLOWED),
        Entry(
            variant="agency_a_only", kwargs=review_of_agency_a_with_meeting, get=SEES_REVIEW_OF_A
        ),
        Entry(variant="no_meeting", kwargs=review_without_meeting, get=SEES_REVIEW),
        Entry(variant="unknown_review", kwargs=unknown_review, get=by_role(default=404)),
    ),
    "meetings:pack": cases(
        Entry(kwargs=review_with_meeting, get=INVITED_OR_TEAM, post=NOT_ALLOWED),
        Entry(
            variant="agency_a_only",
            kwargs=review_of_agency_a_with_meeting,
            get=INVITED_OR_TEAM_ON_REVIEW_OF_A,
        ),
        Entry(variant="no_meeting", kwargs=review_without_meeting, get=by_role(default=404)),
        Entry(variant="unknown_review", kwargs=unknown_review, get=by_role(default=404)),
    ),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {}

# URL names whose page holds a form the robustness harness must find (none: no forms here).
KNOWN_FORMS: set[str] = set()
