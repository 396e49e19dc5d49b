"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for section C, the chronology.

Who gets what:
- the agency's own pages (our-work/return/chronology/...): the representative and a nominee read
  and change the rows; the senior leader reads (the table and the export) and gets 403 on a page
  for changing it; everyone else 404, the partnership team included (they read it under
  returns/<agency>/chronology/);
- a row of agency B's return opened through agency A's pages: 404 for everyone;
- an import's second step: only the person who uploaded the file (a colleague gets 404);
- an agency's chronology under returns/<agency>/: before release the partnership team and the
  agency itself; agency B's people get 404 for agency A's; once released, everyone who sees the
  review (the scrutineer sees no review, so 404).
"""

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from rapidreview.documents.services import file_store
from rapidreview.scoping import chronology
from rapidreview.scoping.models import ChronologyEntry, ContactType, ReturnState, ScopingReturn

from ..access_support import Entry, Redirect, by_role, cases
from ..conftest import Personas
from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .factories import make_return

SAMPLE = b"Date,Person,Contact type,Role,What happened\n02/06/2025,Child A,Appointment,GP,Seen\n"

# --- arguments ------------------------------------------------------------------------------------


def _review(personas: Personas):
    review = make_review(
        make_incident(personas.partnership_team, family=("Mother",)),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return review


def _return_with_a_row(personas: Personas, review, owner: str = "a") -> ChronologyEntry:
    agency, actor = (
        (personas.agency_a, personas.agency_a_rep)
        if owner == "a"
        else (personas.agency_b, personas.agency_b_rep)
    )
    scoping_return = make_return(review, agency, by=actor)
    return chronology.row_add(
        actor=actor,
        scoping_return=scoping_return,
        values={
            "occurred_on": date(2025, 6, 2),
            "occurred_at": None,
            "people": [review.incident.children.get()],
            "contact_type": ContactType.APPOINTMENT,
            "practitioner_role": "GP",
            "what_happened": "Routine appointment",
            "action_or_outcome": "",
            "source_reference": "",
        },
    )


def review_with_a_row(personas: Personas) -> dict[str, Any]:
    review = _review(personas)
    _return_with_a_row(personas, review)
    return {"reference": review.reference}


def row_of(owner: str):
    def build(personas: Personas) -> dict[str, Any]:
        review = _review(personas)
        row = _return_with_a_row(personas, review, owner)
        return {"reference": review.reference, "row_id": row.public_id}

    return build


def an_upload_by_agency_a_rep(personas: Personas) -> dict[str, Any]:
    review = _review(personas)
    stored = file_store(
        actor=personas.agency_a_rep,
        uploaded_file=SimpleUploadedFile("chronology.csv", SAMPLE, "text/csv"),
        owner_agency=personas.agency_a,
        review_reference=review.reference,
    )
    return {"reference": review.reference, "file_id": stored.public_id}


def chronology_of(owner: str, *, released: bool = False):
    def build(personas: Personas) -> dict[str, Any]:
        review = _review(personas)
        row = _return_with_a_row(personas, review, owner)
        if released:
            ScopingReturn.objects.filter(pk=row.scoping_return_id).update(
                state=ReturnState.RELEASED,
                signed_off_by=personas.senior_leader,
                signed_off_on=date(2026, 3, 12),
                released_at=timezone.now(),
            )
        agency = personas.agency_a if owner == "a" else personas.agency_b
        return {"reference": review.reference, "agency": agency.public_id}

    return build


def not_started(personas: Personas) -> dict[str, Any]:
    return {"reference": _review(personas).reference, "agency": personas.agency_a.public_id}


def row_is_gone(kwargs: dict) -> bool:
    return not ChronologyEntry.objects.filter(public_id=kwargs["row_id"]).exists()


def _chronology_page(kwargs: dict) -> str:
    return reverse("scoping:chronology", kwargs={"reference": kwargs["reference"]})


# --- expectations ---------------------------------------------------------------------------------

READS_AGENCY_A = by_role(default=404, agency_a_rep=200, nominee=200, senior_leader=200)
EDITS_AGENCY_A = by_role(default=404, agency_a_rep=200, nominee=200, senior_leader=403)
# On a review with agencies A and B, agency B's representative has pages of their own there.
READS_OWN = READS_AGENCY_A | {"agency_b_rep": 200}
EDITS_OWN = EDITS_AGENCY_A | {"agency_b_rep": 200}
NOT_ALLOWED = by_role(default=405)
TO_CHRONOLOGY = Redirect(_chronology_page, label="chronology")
REMOVES_AGENCY_A = by_role(
    default=404, agency_a_rep=TO_CHRONOLOGY, nominee=TO_CHRONOLOGY, senior_leader=403
)
SEES_A_BEFORE_RELEASE = by_role(
    default=404, partnership_team=200, agency_a_rep=200, nominee=200, senior_leader=200
)
SEES_B_BEFORE_RELEASE = by_role(default=404, partnership_team=200, agency_b_rep=200)
SEES_RELEASED = by_role(default=200, scrutineer=404)


def _agency_chronology_entries() -> tuple[Entry, ...]:
    return cases(
        Entry(kwargs=chronology_of("a"), get=SEES_A_BEFORE_RELEASE, post=NOT_ALLOWED),
        Entry(variant="agency_b", kwargs=chronology_of("b"), get=SEES_B_BEFORE_RELEASE),
        Entry(variant="released", kwargs=chronology_of("a", released=True), get=SEES_RELEASED),
        Entry(variant="not_started", kwargs=not_started, get=by_role(default=404)),
    )


ENTRIES: dict[str, tuple[Entry, ...]] = {
    "scoping:chronology": cases(Entry(kwargs=review_with_a_row, get=READS_OWN, post=NOT_ALLOWED)),
    "scoping:chronology_add": cases(Entry(kwargs=review_with_a_row, get=EDITS_OWN, post=EDITS_OWN)),
    "scoping:chronology_export": cases(
        Entry(kwargs=review_with_a_row, get=READS_AGENCY_A, post=NOT_ALLOWED)
    ),
    "scoping:chronology_template": cases(
        Entry(kwargs=review_with_a_row, get=READS_OWN, post=NOT_ALLOWED)
    ),
    "scoping:chronology_import": cases(
        Entry(kwargs=review_with_a_row, get=EDITS_OWN, post=EDITS_OWN)
    ),
    "scoping:chronology_import_map": cases(
        Entry(
            kwargs=an_upload_by_agency_a_rep,
            get=by_role(default=404, agency_a_rep=200, senior_leader=403),
            post=by_role(default=404, agency_a_rep=200, senior_leader=403),
        )
    ),
    "scoping:chronology_edit": cases(
        Entry(kwargs=row_of("a"), get=EDITS_AGENCY_A, post=EDITS_AGENCY_A),
        # agency A's people cannot reach agency B's row; agency B's own representative can
        Entry(
            variant="agency_b_row", kwargs=row_of("b"), get=by_role(default=404, agency_b_rep=200)
        ),
    ),
    "scoping:chronology_remove": cases(
        Entry(
            kwargs=row_of("a"), get=EDITS_AGENCY_A, post=REMOVES_AGENCY_A, took_effect=row_is_gone
        ),
        Entry(
            variant="agency_b_row",
            kwargs=row_of("b"),
            get=by_role(default=404, agency_b_rep=200),
            post=by_role(default=404, agency_b_rep=TO_CHRONOLOGY),
            took_effect=row_is_gone,
        ),
    ),
    "scoping:agency_chronology": _agency_chronology_entries(),
    "scoping:agency_chronology_export": _agency_chronology_entries(),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {
    "scoping:chronology_add",
    "scoping:chronology_edit",
    "scoping:chronology_remove",
    "scoping:chronology_import",
    "scoping:chronology_import_map",
}
