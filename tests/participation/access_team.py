"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for this part of agencies in a review: the participation matrix and
inviting agencies."""

from datetime import date
from typing import Any

from ..access_support import (
    CHANGES_AGENCY_A_REVIEW,
    Entry,
    by_role,
    cases,
    review_of_agency_a,
    unknown_review,
)
from ..conftest import Personas
from ..reviews.factories import make_incident, make_review


def a_stopped_review_of_agency_a(personas: Personas) -> dict[str, Any]:
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        state="stopped",
        stopped_on=date(2026, 3, 9),
        stopped_reason="Invented: not a serious incident.",
        agencies=(personas.agency_a,),
    )
    return {"reference": review.reference}


# The team and the partners read every agency's progress; an agency on the review is refused
# (it has its own pages); anyone the review is hidden from gets a 404.
SEES_PARTICIPATION = by_role(
    default=404,
    partnership_team=200,
    safeguarding_partner=200,
    agency_a_rep=403,
    senior_leader=403,
    nominee=403,
)
# Inviting: the team only, on an open review. An empty POST shows the form again with its error.
INVITES = CHANGES_AGENCY_A_REVIEW
CLOSED = by_role(
    default=404,
    partnership_team=403,
    safeguarding_partner=403,
    agency_a_rep=403,
    senior_leader=403,
)

ENTRIES: dict[str, tuple[Entry, ...]] = {
    "participation:agencies": cases(
        Entry(kwargs=review_of_agency_a, get=SEES_PARTICIPATION),
        Entry(variant="unknown_reference", kwargs=unknown_review, get=by_role(default=404)),
    ),
    "participation:invite": cases(
        Entry(kwargs=review_of_agency_a, get=INVITES, post=INVITES),
        Entry(
            variant="stopped_review", kwargs=a_stopped_review_of_agency_a, get=CLOSED, post=CLOSED
        ),
        Entry(variant="unknown_reference", kwargs=unknown_review, get=by_role(default=404)),
    ),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {"participation:invite"}
