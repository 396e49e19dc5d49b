"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for an agency's own pages on a review: its task list, attendance,
involvement and nominations.

Who gets what: the agency's representative and a nominee (while nominated and the review is
open) work on it; the agency's senior leader reads the task list and is refused the rest (403);
everyone outside the agency gets 404, the partnership team included (they see agencies' work in
the participation matrix, and have no agency row of their own on the review).
"""

from datetime import date
from typing import Any

from django.urls import reverse

from rapidreview.participation.models import Nomination
from rapidreview.reviews.models import State

from ..access_support import Entry, Redirect, by_role, cases, review_of_agency_a, unknown_public_id
from ..conftest import Personas
from ..reviews.factories import make_incident, make_review
from .factories import nominate

# --- arguments ------------------------------------------------------------------------------------


def closed_review_of_agency_a(personas: Personas) -> dict[str, Any]:
    """Agency A's review after it closed; the nominee was nominated on it while it was open."""
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a,),
        meeting_date=date(2026, 3, 20),
        signed_off_on=date(2026, 3, 23),
        sent_to_panel_on=date(2026, 3, 24),
        panel_responded_on=date(2026, 3, 30),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    review.state, review.closed_on = State.CLOSED, date(2026, 4, 2)
    review.save(update_fields=["state", "closed_on"])
    return {"reference": review.reference}


def review_of_agency_b(personas: Personas) -> dict[str, Any]:
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_b,),
    )
    return {"reference": review.reference}


def nominee_on_review_of_agency_a(personas: Personas) -> dict[str, Any]:
    return review_of_agency_a(personas) | {"public_id": personas.nominee.public_id}


def nobody_on_review_of_agency_a(personas: Personas) -> dict[str, Any]:
    return review_of_agency_a(personas) | unknown_public_id(personas)


def nomination_ended(kwargs: dict) -> bool:
    return Nomination.objects.filter(
        review_agency__review__reference=kwargs["reference"],
        user__public_id=kwargs["public_id"],
        ended_at__isnull=False,
    ).exists()


def nominations_page(kwargs: dict) -> str:
    return reverse("participation:agency_nominations", kwargs={"reference": kwargs["reference"]})


# --- expectations ---------------------------------------------------------------------------------

# The task list: everyone working in agency A on the review (the senior leader reads it).
READS_AGENCY_A_TASKS = by_role(default=404, agency_a_rep=200, nominee=200, senior_leader=200)
# Attendance and involvement: the representative and the nominee act; the senior leader is
# refused. An empty form sent back is shown again with its errors (200).
ACTS_FOR_AGENCY_A = by_role(default=404, agency_a_rep=200, nominee=200, senior_leader=403)
# Once the review closes: the nominee's access is gone, the rest of agency A is refused.
CLOSED_FOR_AGENCY_A = by_role(default=404, agency_a_rep=403, senior_leader=403)
# Nominations: the representative alone.
NOMINATES_FOR_AGENCY_A = by_role(default=404, agency_a_rep=200, nominee=403, senior_leader=403)
# Agency B's review: agency A's people (and the nominee) do not know it exists.
AGENCY_B_ONLY = by_role(default=404, agency_b_rep=200)

ENTRIES: dict[str, tuple[Entry, ...]] = {
    "participation:agency_tasks": cases(
        Entry(kwargs=review_of_agency_a, get=READS_AGENCY_A_TASKS),
        Entry(
            variant="closed",
            kwargs=closed_review_of_agency_a,
            get=by_role(default=404, agency_a_rep=200, senior_leader=200),
        ),
        Entry(variant="agency_b", kwargs=review_of_agency_b, get=AGENCY_B_ONLY),
    ),
    **{
        name: cases(
            Entry(kwargs=review_of_agency_a, get=ACTS_FOR_AGENCY_A, post=ACTS_FOR_AGENCY_A),
            Entry(
                variant="closed",
                kwargs=closed_review_of_agency_a,
                get=CLOSED_FOR_AGENCY_A,
                post=CLOSED_FOR_AGENCY_A,
            ),
            Entry(variant="agency_b", kwargs=review_of_agency_b, get=AGENCY_B_ONLY),
        )
        for name in ("participation:agency_attendance", "participation:agency_involvement")
    },
    "participation:agency_nominations": cases(
        Entry(kwargs=review_of_agency_a, get=NOMINATES_FOR_AGENCY_A, post=NOMINATES_FOR_AGENCY_A),
        Entry(
            variant="closed",
            kwargs=closed_review_of_agency_a,
            get=CLOSED_FOR_AGENCY_A,
            post=CLOSED_FOR_AGENCY_A,
        ),
        Entry(variant="agency_b", kwargs=review_of_agency_b, get=AGENCY_B_ONLY),
    ),
    "participation:agency_nomination_withdraw": cases(
        Entry(
            kwargs=nominee_on_review_of_agency_a,
            get=by_role(default=405),
            post=by_role(
                default=404,
                agency_a_rep=Redirect(nominations_page, label="agency_nominations"),
                nominee=403,
                senior_leader=403,
            ),
            took_effect=nomination_ended,
        ),
        Entry(
            variant="not_nominated",
            kwargs=nobody_on_review_of_agency_a,
            post=by_role(default=404, nominee=403, senior_leader=403),
        ),
    ),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {
    "participation:agency_nomination_withdraw": "the 'Withdraw' button beside each nominated "
    "colleague",
}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {
    "participation:agency_attendance",
    "participation:agency_involvement",
    "participation:agency_nominations",
}
