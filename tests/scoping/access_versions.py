"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for autosave, drafts, and the version history and comparison pages.

Autosave and discard are the agency's editors' (representative and nominee, while the return can
be changed and the review is open): the senior leader is refused (403), everyone outside the
agency gets 404 (the partnership team too: they have no return of their own). The history and
comparison pages are for whoever may see the return: until release, the agency and the team.
"""

from datetime import date
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from rapidreview.scoping.models import ReturnState, SectionDraft
from rapidreview.scoping.services import draft_autosave, section_save

from ..access_support import Entry, Redirect, by_role, cases, review_of_agency_a
from ..conftest import Personas
from ..participation.access_agency import closed_review_of_agency_a, review_of_agency_b
from ..reviews.factories import make_incident, make_review
from .factories import make_return

# --- arguments ------------------------------------------------------------------------------------


def _return_of(personas: Personas, kwargs: dict, agency, **fields):
    from rapidreview.reviews.models import RapidReview

    review = RapidReview.objects.get(reference=kwargs["reference"])
    return make_return(review, agency, by=personas.agency_a_rep, **fields)


def agency_a_return(personas: Personas) -> dict[str, Any]:
    kwargs = review_of_agency_a(personas)
    _return_of(personas, kwargs, personas.agency_a)
    return kwargs | {"section": "G"}


def closed_agency_a_return(personas: Personas) -> dict[str, Any]:
    kwargs = closed_review_of_agency_a(personas)
    _return_of(personas, kwargs, personas.agency_a)
    return kwargs | {"section": "G"}


def agency_b_return(personas: Personas) -> dict[str, Any]:
    kwargs = review_of_agency_b(personas)
    _return_of(personas, kwargs, personas.agency_b)
    return kwargs | {"section": "G"}


def agency_a_drafts(personas: Personas) -> dict[str, Any]:
    """Drafts of section G by both of agency A's editors."""
    kwargs = review_of_agency_a(personas)
    scoping_return = _return_of(personas, kwargs, personas.agency_a)
    for editor in (personas.agency_a_rep, personas.nominee):
        draft_autosave(
            actor=editor,
            scoping_return=scoping_return,
            section="G",
            data={"key_information": "Typed"},
            base_version=1,
        )
    return kwargs | {"section": "G"}


def a_draft_was_discarded(kwargs: dict) -> bool:
    return SectionDraft.objects.filter(section=kwargs["section"]).count() < 2


def _saved_once(personas: Personas, kwargs: dict, agency, **fields) -> dict[str, Any]:
    scoping_return = _return_of(personas, kwargs, agency, **fields)
    section_save(
        actor=personas.agency_a_rep,
        scoping_return=scoping_return,
        section="G",
        answers={"key_information": "Saved"},
        base_version=scoping_return.version,
        completed=False,
    )
    return {"reference": kwargs["reference"], "agency": agency.public_id}


def agency_a_history(personas: Personas) -> dict[str, Any]:
    return _saved_once(personas, review_of_agency_a(personas), personas.agency_a)


def released_agency_a_history(personas: Personas) -> dict[str, Any]:
    kwargs = agency_a_history(personas)
    make_return(
        make_review_of(kwargs),
        personas.agency_a,
        by=personas.agency_a_rep,
        state=ReturnState.RELEASED,
        signed_off_by=personas.senior_leader,
        signed_off_on=date(2026, 3, 2),
        released_at=timezone.now(),
    )
    return kwargs


def make_review_of(kwargs: dict):
    from rapidreview.reviews.models import RapidReview

    return RapidReview.objects.get(reference=kwargs["reference"])


def agency_b_history(personas: Personas) -> dict[str, Any]:
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_b,),
    )
    return _saved_once(personas, {"reference": review.reference}, personas.agency_b)


def numbered(kwargs_of, number: int):
    return lambda personas: kwargs_of(personas) | {"number": number}


def back_from_discard(kwargs: dict) -> str:
    try:
        return reverse("scoping:return_overview", kwargs={"reference": kwargs["reference"]})
    except NoReverseMatch:
        return reverse("participation:agency_tasks", kwargs={"reference": kwargs["reference"]})


# --- expectations ---------------------------------------------------------------------------------

# An autosave with nothing in it keeps nothing (400) but is let through to the agency's editors.
AUTOSAVES_AGENCY_A = by_role(default=404, agency_a_rep=400, nominee=400, senior_leader=403)
CLOSED_FOR_AGENCY_A = by_role(default=404, agency_a_rep=403, senior_leader=403)
NOT_A_GET = by_role(default=405)
DISCARDED = Redirect(back_from_discard, label="return_overview")
# Until release: agency A and the partnership team.
SEES_AGENCY_A_RETURN = by_role(
    default=404, partnership_team=200, agency_a_rep=200, nominee=200, senior_leader=200
)
SEES_RELEASED_RETURN = SEES_AGENCY_A_RETURN | {"safeguarding_partner": 200}
SEES_AGENCY_B_RETURN = by_role(default=404, partnership_team=200, agency_b_rep=200)
NO_SUCH_VERSION = by_role(default=404)

ENTRIES: dict[str, tuple[Entry, ...]] = {
    "scoping:autosave": cases(
        Entry(kwargs=agency_a_return, get=NOT_A_GET, post=AUTOSAVES_AGENCY_A),
        Entry(variant="closed", kwargs=closed_agency_a_return, post=CLOSED_FOR_AGENCY_A),
        Entry(
            variant="agency_b",
            kwargs=agency_b_return,
            post=by_role(default=404, agency_b_rep=400),
        ),
    ),
    "scoping:draft_discard": cases(
        Entry(
            kwargs=agency_a_drafts,
            get=NOT_A_GET,
            post=by_role(default=404, agency_a_rep=DISCARDED, nominee=DISCARDED, senior_leader=403),
            took_effect=a_draft_was_discarded,
        ),
        Entry(variant="closed", kwargs=closed_agency_a_return, post=CLOSED_FOR_AGENCY_A),
    ),
    "scoping:version_list": cases(
        Entry(kwargs=agency_a_history, get=SEES_AGENCY_A_RETURN),
        Entry(variant="released", kwargs=released_agency_a_history, get=SEES_RELEASED_RETURN),
        Entry(variant="agency_b", kwargs=agency_b_history, get=SEES_AGENCY_B_RETURN),
    ),
    "scoping:version_compare": cases(
        Entry(kwargs=numbered(agency_a_history, 2), get=SEES_AGENCY_A_RETURN),
        Entry(
            variant="released",
            kwargs=numbered(released_agency_a_history, 2),
            get=SEES_RELEASED_RETURN,
        ),
        Entry(variant="agency_b", kwargs=numbered(agency_b_history, 2), get=SEES_AGENCY_B_RETURN),
        Entry(variant="unknown", kwargs=numbered(agency_a_history, 99), get=NO_SUCH_VERSION),
    ),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {
    "scoping:autosave": "the script on each section form (data-autosave-url), as typing stops",
    "scoping:draft_discard": "the 'Discard these unsaved answers' button on a restored draft",
}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = set()
