"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for this part of scoping returns: the return's task list, its
sections, check your answers, the printable view, and the read-only view others open.

Who gets what:
- the agency's own pages (our-work/return/...): the representative and a nominee read and edit;
  the senior leader reads (403 on a section, which is for changing it); everyone else 404, the
  partnership team included (they open returns under returns/<agency>/);
- an agency's return under returns/<agency>/: before release, the partnership team and the
  agency itself; agency B's people get 404 for agency A's return and the other way round; once
  released, everyone who sees the review (the scrutineer sees no review, so 404).
"""

from datetime import date
from typing import Any

from django.utils import timezone

from rapidreview.scoping.models import ReturnState, ScopingReturn

from ..access_support import Entry, by_role, cases, review_of_agency_a, unknown_public_id
from ..conftest import Personas
from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .factories import make_return

# --- arguments ------------------------------------------------------------------------------------


def _review_of_agencies_a_and_b(personas: Personas):
    review = make_review(
        make_incident(personas.partnership_team, family=("Mother",)),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return review


def section_of_agency_a_review(personas: Personas) -> dict[str, Any]:
    return review_of_agency_a(personas) | {"letter": "e"}


def _return_of(owner: str, *, released: bool = False):
    def build(personas: Personas) -> dict[str, Any]:
        review = _review_of_agencies_a_and_b(personas)
        agency, actor = (
            (personas.agency_a, personas.agency_a_rep)
            if owner == "a"
            else (personas.agency_b, personas.agency_b_rep)
        )
        scoping_return = make_return(review, agency, by=actor)
        if released:
            ScopingReturn.objects.filter(pk=scoping_return.pk).update(
                state=ReturnState.RELEASED,
                signed_off_by=personas.senior_leader,
                signed_off_on=date(2026, 3, 12),
                released_at=timezone.now(),
            )
        return {"reference": review.reference, "agency": agency.public_id}

    return build


def no_return_yet(personas: Personas) -> dict[str, Any]:
    review = _review_of_agencies_a_and_b(personas)
    return {"reference": review.reference, "agency": personas.agency_a.public_id}


def unknown_agency(personas: Personas) -> dict[str, Any]:
    return review_of_agency_a(personas) | {"agency": unknown_public_id(personas)["public_id"]}


# --- expectations ---------------------------------------------------------------------------------

READS_AGENCY_A = by_role(default=404, agency_a_rep=200, nominee=200, senior_leader=200)
EDITS_AGENCY_A = by_role(default=404, agency_a_rep=200, nominee=200, senior_leader=403)
NOT_ALLOWED = by_role(default=405)
SEES_A_BEFORE_RELEASE = by_role(
    default=404, partnership_team=200, agency_a_rep=200, nominee=200, senior_leader=200
)
SEES_B_BEFORE_RELEASE = by_role(default=404, partnership_team=200, agency_b_rep=200)
SEES_RELEASED = by_role(default=200, scrutineer=404)


def _read_only(page_kwargs=review_of_agency_a) -> tuple[Entry, ...]:
    return cases(Entry(kwargs=page_kwargs, get=READS_AGENCY_A, post=NOT_ALLOWED))


def _agency_return_entries() -> tuple[Entry, ...]:
    return cases(
        Entry(kwargs=_return_of("a"), get=SEES_A_BEFORE_RELEASE, post=NOT_ALLOWED),
        Entry(variant="agency_b_return", kwargs=_return_of("b"), get=SEES_B_BEFORE_RELEASE),
        Entry(variant="released", kwargs=_return_of("a", released=True), get=SEES_RELEASED),
        Entry(variant="not_started", kwargs=no_return_yet, get=by_role(default=404)),
        Entry(variant="unknown_agency", kwargs=unknown_agency, get=by_role(default=404)),
    )


ENTRIES: dict[str, tuple[Entry, ...]] = {
    "scoping:return_overview": _read_only(),
    "scoping:return_check": _read_only(),
    "scoping:return_print": _read_only(),
    "scoping:section": cases(
        Entry(kwargs=section_of_agency_a_review, get=EDITS_AGENCY_A, post=EDITS_AGENCY_A),
        Entry(
            variant="agency_b_own_return",
            kwargs=lambda personas: {
                "reference": _review_of_agencies_a_and_b(personas).reference,
                "letter": "a",
            },
            get=by_role(
                default=404, agency_a_rep=200, nominee=200, agency_b_rep=200, senior_leader=403
            ),
        ),
    ),
    "scoping:agency_return": _agency_return_entries(),
    "scoping:agency_return_print": _agency_return_entries(),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {"scoping:section"}
