"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for the return's workflow: submit, sign off, return for amendment and
release.

Who gets what, for agency A's return on a review of agencies A and B (the nominee nominated on
it): the return is found through the person's scope, so anyone who cannot see it gets 404; those
who see it but may not take the step get 403. Submit and sign off are the agency's own pages
(`review_agency_of`), so the partnership team and the partners get 404 there too.
"""

from typing import Any

from django.urls import reverse

from rapidreview.scoping.models import ReturnState, ScopingReturn

from ..access_support import Entry, Redirect, by_role, cases
from ..conftest import Personas
from .workflow_support import close, return_in_state, review_with_a_and_b


def _agency_a_return(personas: Personas, state: str, *, closed: bool = False) -> dict[str, Any]:
    review = review_with_a_and_b(personas)
    return_in_state(review, personas.agency_a, state, personas)
    if closed:
        close(review)
    return {"reference": review.reference}


def _with_agency(personas: Personas, kwargs: dict[str, Any]) -> dict[str, Any]:
    return kwargs | {"agency": personas.agency_a.public_id}


def draft_of_agency_a(personas: Personas) -> dict[str, Any]:
    return _agency_a_return(personas, ReturnState.DRAFT)


def submitted_of_agency_a(personas: Personas) -> dict[str, Any]:
    return _agency_a_return(personas, ReturnState.SUBMITTED)


def draft_on_closed_review(personas: Personas) -> dict[str, Any]:
    return _agency_a_return(personas, ReturnState.DRAFT, closed=True)


def submitted_on_closed_review(personas: Personas) -> dict[str, Any]:
    return _agency_a_return(personas, ReturnState.SUBMITTED, closed=True)


def signed_off_of_agency_a(personas: Personas) -> dict[str, Any]:
    return _with_agency(personas, _agency_a_return(personas, ReturnState.SIGNED_OFF))


def submitted_of_agency_a_by_agency(personas: Personas) -> dict[str, Any]:
    return _with_agency(personas, _agency_a_return(personas, ReturnState.SUBMITTED))


def released_of_agency_a(personas: Personas) -> dict[str, Any]:
    return _with_agency(personas, _agency_a_return(personas, ReturnState.RELEASED))


def signed_off_on_closed_review(personas: Personas) -> dict[str, Any]:
    return _with_agency(personas, _agency_a_return(personas, ReturnState.SIGNED_OFF, closed=True))


def state_is(state: str):
    def check(kwargs: dict) -> bool:
        return ScopingReturn.objects.filter(
            review_agency__review__reference=kwargs["reference"], state=state
        ).exists()

    return check


def _overview(kwargs: dict) -> str:
    return reverse("scoping:return_overview", kwargs={"reference": kwargs["reference"]})


def _agencies(kwargs: dict) -> str:
    return reverse("participation:agencies", kwargs={"reference": kwargs["reference"]})


TO_OVERVIEW = Redirect(_overview, label="return_overview")
TO_AGENCIES = Redirect(_agencies, label="agencies")

# Agency A's own pages: agency A's people see the return; everyone else is kept out (404).
SUBMITS = by_role(default=404, agency_a_rep=200, nominee=200, senior_leader=403)
SUBMITTED = by_role(default=404, agency_a_rep=TO_OVERVIEW, nominee=TO_OVERVIEW, senior_leader=403)
SIGNS_OFF = by_role(default=404, agency_a_rep=403, nominee=403, senior_leader=200)
# Once the review closes the nominee's access has gone; the rest of agency A is refused.
CLOSED_OWN = by_role(default=404, agency_a_rep=403, senior_leader=403)
# An agency's return as others see it, before release: agency A and the team see it.
INSIDE_REFUSED = {"agency_a_rep": 403, "nominee": 403, "senior_leader": 403}
TEAM_STEP = by_role(default=404, partnership_team=200, **INSIDE_REFUSED)
TEAM_RELEASES = by_role(default=404, partnership_team=TO_AGENCIES, **INSIDE_REFUSED)
LEADER_STEP = by_role(
    default=404, partnership_team=403, agency_a_rep=403, nominee=403, senior_leader=200
)
# Released: everyone on the review and the partners see it; no one may take a step.
RELEASED_REFUSED = by_role(
    default=404,
    partnership_team=403,
    agency_a_rep=403,
    nominee=403,
    senior_leader=403,
    agency_b_rep=403,
    safeguarding_partner=403,
)
CLOSED_TEAM = by_role(default=404, partnership_team=403, agency_a_rep=403, senior_leader=403)

ENTRIES: dict[str, tuple[Entry, ...]] = {
    "scoping:return_submit": cases(
        Entry(
            kwargs=draft_of_agency_a,
            get=SUBMITS,
            post=SUBMITTED,
            took_effect=state_is(ReturnState.SUBMITTED),
        ),
        Entry(
            variant="submitted",
            kwargs=submitted_of_agency_a,
            get=by_role(default=404, agency_a_rep=403, nominee=403, senior_leader=403),
        ),
        Entry(
            variant="closed",
            kwargs=draft_on_closed_review,
            get=CLOSED_OWN,
            post=CLOSED_OWN,
            took_effect=state_is(ReturnState.SUBMITTED),
        ),
    ),
    "scoping:return_sign_off": cases(
        Entry(kwargs=submitted_of_agency_a, get=SIGNS_OFF, post=SIGNS_OFF),
        Entry(
            variant="draft",
            kwargs=draft_of_agency_a,
            get=by_role(default=404, agency_a_rep=403, nominee=403, senior_leader=403),
        ),
        Entry(variant="closed", kwargs=submitted_on_closed_review, get=CLOSED_OWN, post=CLOSED_OWN),
    ),
    "scoping:return_send_back": cases(
        Entry(kwargs=signed_off_of_agency_a, get=TEAM_STEP, post=TEAM_STEP),
        Entry(
            variant="submitted",
            kwargs=submitted_of_agency_a_by_agency,
            get=LEADER_STEP,
            post=LEADER_STEP,
        ),
        Entry(variant="released", kwargs=released_of_agency_a, get=RELEASED_REFUSED),
        Entry(variant="closed", kwargs=signed_off_on_closed_review, get=CLOSED_TEAM),
    ),
    "scoping:return_release": cases(
        Entry(
            kwargs=signed_off_of_agency_a,
            get=TEAM_STEP,
            post=TEAM_RELEASES,
            took_effect=state_is(ReturnState.RELEASED),
        ),
        Entry(
            variant="released",
            kwargs=released_of_agency_a,
            get=RELEASED_REFUSED,
            post=RELEASED_REFUSED,
        ),
        Entry(
            variant="closed",
            kwargs=signed_off_on_closed_review,
            get=CLOSED_TEAM,
            post=CLOSED_TEAM,
            took_effect=state_is(ReturnState.RELEASED),
        ),
    ),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {
    "scoping:return_submit",
    "scoping:return_sign_off",
    "scoping:return_send_back",
    "scoping:return_release",
}
