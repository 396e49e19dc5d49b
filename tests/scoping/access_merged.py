"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for the merged chronology, the involvement matrix and the Word export
of one return.

Who gets what:
- the merged chronology and the involvement matrix: everyone who sees the review (it shows
  released rows only; an agency sees only its own declaration and those of released returns);
  agency B's people get 404 on a review agency B is not on; the scrutineer sees no review (404);
- the Word export of agency A's return: before release, the partnership team and agency A's
  people (representative, senior leader, nominee); agency B's return the other way round; once
  released, everyone who sees the review and the partners; no return, or no such agency: 404.
"""

from datetime import date
from typing import Any

from django.utils import timezone

from rapidreview.scoping.models import ReturnState

from ..access_support import Entry, by_role, cases, review_of_agency_a, unknown_public_id
from ..conftest import Personas
from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .factories import make_return

# --- arguments ------------------------------------------------------------------------------------


def _review_of_agencies_a_and_b(personas: Personas):
    review = make_review(
        make_incident(personas.partnership_team, family=("Adult 1",)),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return review


def review_of_agencies_a_and_b(personas: Personas) -> dict[str, Any]:
    return {"reference": _review_of_agencies_a_and_b(personas).reference}


def unknown_review(personas: Personas) -> dict[str, Any]:
    return {"reference": "RR-2026-999"}


def _return_of(owner: str, *, released: bool = False):
    def build(personas: Personas) -> dict[str, Any]:
        review = _review_of_agencies_a_and_b(personas)
        agency, actor = (
            (personas.agency_a, personas.agency_a_rep)
            if owner == "a"
            else (personas.agency_b, personas.agency_b_rep)
        )
        fields = {}
        if released:
            fields = {
                "state": ReturnState.RELEASED,
                "signed_off_by": actor,
                "signed_off_on": date(2026, 3, 20),
                "released_at": timezone.now(),
            }
        make_return(review, agency, by=actor, **fields)
        return {"reference": review.reference, "agency": agency.public_id}

    return build


def no_return_yet(personas: Personas) -> dict[str, Any]:
    review = _review_of_agencies_a_and_b(personas)
    return {"reference": review.reference, "agency": personas.agency_a.public_id}


def unknown_agency(personas: Personas) -> dict[str, Any]:
    return review_of_agency_a(personas) | {"agency": unknown_public_id(personas)["public_id"]}


# --- expectations ---------------------------------------------------------------------------------

NOT_ALLOWED = by_role(default=405)
SEES_REVIEW_OF_A_AND_B = by_role(default=200, scrutineer=404)
SEES_REVIEW_OF_A = by_role(default=200, scrutineer=404, agency_b_rep=404)
SEES_A_BEFORE_RELEASE = by_role(
    default=404, partnership_team=200, agency_a_rep=200, nominee=200, senior_leader=200
)
SEES_B_BEFORE_RELEASE = by_role(default=404, partnership_team=200, agency_b_rep=200)
SEES_RELEASED = by_role(default=200, scrutineer=404)


def _review_pages() -> tuple[Entry, ...]:
    return cases(
        Entry(kwargs=review_of_agencies_a_and_b, get=SEES_REVIEW_OF_A_AND_B, post=NOT_ALLOWED),
        Entry(variant="agency_a_only", kwargs=review_of_agency_a, get=SEES_REVIEW_OF_A),
        Entry(variant="unknown_review", kwargs=unknown_review, get=by_role(default=404)),
    )


ENTRIES: dict[str, tuple[Entry, ...]] = {
    "scoping:merged_chronology": _review_pages(),
    "scoping:involvement_matrix": _review_pages(),
    "scoping:return_docx": cases(
        Entry(kwargs=_return_of("a"), get=SEES_A_BEFORE_RELEASE, post=NOT_ALLOWED),
        Entry(variant="agency_b_return", kwargs=_return_of("b"), get=SEES_B_BEFORE_RELEASE),
        Entry(variant="released", kwargs=_return_of("a", released=True), get=SEES_RELEASED),
        Entry(variant="not_started", kwargs=no_return_yet, get=by_role(default=404)),
        Entry(variant="unknown_agency", kwargs=unknown_agency, get=by_role(default=404)),
    ),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {"scoping:merged_chronology"}
