"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for the partnership's documents, and for an agency's records secured,
private area, alerts and staff register.

Who gets what:
- the review's documents: everyone who sees the review reads them; the partnership team adds
  and removes them (others in scope 403); the agency's representative and nominee confirm
  reading (the team, partners and senior leader 403);
- an agency's records secured, alerts and staff register: the representative and nominee work on
  them, the senior leader reads them (403 to changes); everyone outside the agency gets 404, the
  partnership team included (the staff register is seen only inside the agency);
- the private area: the representative and nominee only; everyone else 404, the senior leader
  and the partnership team included;
- each agency's rows are found through its own part of the review, so agency A's people get 404
  for agency B's alert, record or staff entry on a review both take part in, and the other way
  round.
"""

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapidreview.participation import records, records_people
from rapidreview.participation.models import (
    Alert,
    DocumentRead,
    PrivateRecord,
    ReviewDocument,
    StaffMember,
)
from rapidreview.reviews.models import RapidReview, ReviewAgency, State

from ..access_support import (
    CHANGES_AGENCY_A_REVIEW,
    SEES_AGENCY_A_REVIEW,
    Entry,
    Redirect,
    by_role,
    cases,
    review_of_agency_a,
    unknown_public_id,
)
from ..conftest import Personas
from ..reviews.factories import make_incident, make_review
from .factories import nominate

# --- arguments ------------------------------------------------------------------------------------


def _upload(name: str = "Invented note.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"An invented note for testing.\n")


def _part(reference: str, agency) -> ReviewAgency:
    return ReviewAgency.objects.select_related("review", "agency").get(
        review__reference=reference, agency=agency
    )


def review_of_agencies_a_and_b(personas: Personas) -> dict[str, Any]:
    review = make_review(
        make_incident(personas.partnership_team, family=("Mother",)),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return {"reference": review.reference}


def closed_review_of_agency_a(personas: Personas) -> dict[str, Any]:
    """Closed after the nominee was nominated on it, with one alert not yet reviewed."""
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
    _alert_on(review.reference, personas.agency_a, personas.agency_a_rep)
    review.state, review.closed_on = State.CLOSED, date(2026, 4, 2)
    review.save(update_fields=["state", "closed_on"])
    return {"reference": review.reference}


def a_document(personas: Personas) -> dict[str, Any]:
    kwargs = review_of_agency_a(personas)
    document = records.review_document_add(
        actor=personas.partnership_team,
        review=RapidReview.objects.get(reference=kwargs["reference"]),
        title="Invented terms of reference",
        kind="terms_of_reference",
        uploaded_file=_upload(),
    )
    return kwargs | {"document_id": document.public_id}


def unknown_document(personas: Personas) -> dict[str, Any]:
    return review_of_agency_a(personas) | {"document_id": unknown_public_id(personas)["public_id"]}


def _private_record(reference: str, agency, actor) -> PrivateRecord:
    return records.private_record_add(
        actor=actor,
        review_agency=_part(reference, agency),
        description="Invented call log",
        uploaded_file=_upload(),
    )


def _alert_on(reference: str, agency, actor) -> Alert:
    review_agency = _part(reference, agency)
    return records_people.alert_record(
        actor=actor,
        review_agency=review_agency,
        person=review_agency.review.incident.children.get(),
        system="Invented records system",
        placed_on=date(2026, 3, 9),
        placed_by="Invented Officer, records clerk",
    )


def _staff_member(reference: str, agency, actor) -> StaffMember:
    return records_people.staff_record(
        actor=actor,
        review_agency=_part(reference, agency),
        role="Response officer",
        initials="IO",
        contact_with="Child A",
    )


def _owned(make, key: str, owner: str):
    """kwargs for a thing of agency A ('a') or agency B ('b') on a review both take part in."""

    def build(personas: Personas) -> dict[str, Any]:
        kwargs = review_of_agencies_a_and_b(personas)
        agency, actor = (
            (personas.agency_a, personas.agency_a_rep)
            if owner == "a"
            else (personas.agency_b, personas.agency_b_rep)
        )
        return kwargs | {key: make(kwargs["reference"], agency, actor).public_id}

    return build


def _gone(model, key: str):
    def check(kwargs: dict) -> bool:
        return not model.objects.filter(public_id=kwargs[key]).exists()

    return check


def document_is_gone(kwargs: dict) -> bool:
    return not ReviewDocument.objects.filter(public_id=kwargs["document_id"]).exists()


def document_was_read(kwargs: dict) -> bool:
    return DocumentRead.objects.filter(document__public_id=kwargs["document_id"]).exists()


def _to(name: str, **extra):
    def path(kwargs: dict) -> str:
        return reverse(f"participation:{name}", kwargs={"reference": kwargs["reference"]})

    return Redirect(path, label=name, **extra)


# --- expectations ---------------------------------------------------------------------------------

NOT_ALLOWED = by_role(default=405)
# Agency A's pages that its senior leader reads too.
READS_AGENCY_A = by_role(default=404, agency_a_rep=200, nominee=200, senior_leader=200)
# Agency A's forms: sent back empty, they are shown again with their errors (200).
ACTS_FOR_AGENCY_A = by_role(default=404, agency_a_rep=200, nominee=200, senior_leader=403)
PRIVATE_TO_AGENCY_A = by_role(default=404, agency_a_rep=200, nominee=200)
# Agency B's row on a review both take part in: only agency B's representative reaches it.
AGENCY_B_ONLY = by_role(default=404, agency_b_rep=200)


def _acts(to: Redirect) -> dict:
    return by_role(default=404, agency_a_rep=to, nominee=to, senior_leader=403)


TEAM_DOCUMENT_CHANGE = by_role(
    default=404,
    partnership_team=_to("documents"),
    safeguarding_partner=403,
    agency_a_rep=403,
    senior_leader=403,
    nominee=403,
)
AGENCY_CONFIRMS_READ = by_role(
    default=404,
    partnership_team=403,
    safeguarding_partner=403,
    agency_a_rep=_to("documents"),
    senior_leader=403,
    nominee=_to("documents"),
)


def _row_entries(key: str, make, model, page: str, *, remove: bool) -> tuple[Entry, ...]:
    """Agency A's row, agency B's row (both sides of the line) and an unknown id."""
    if remove:
        return cases(
            Entry(
                kwargs=_owned(make, key, "a"),
                get=NOT_ALLOWED,
                post=_acts(_to(page)),
                took_effect=_gone(model, key),
            ),
            Entry(
                variant="agency_b_row",
                kwargs=_owned(make, key, "b"),
                post=by_role(default=404, agency_b_rep=_to(page)),
                took_effect=_gone(model, key),
            ),
        )
    return cases(
        Entry(kwargs=_owned(make, key, "a"), get=ACTS_FOR_AGENCY_A, post=ACTS_FOR_AGENCY_A),
        Entry(
            variant="agency_b_row",
            kwargs=_owned(make, key, "b"),
            get=AGENCY_B_ONLY,
            post=AGENCY_B_ONLY,
        ),
        Entry(
            variant="unknown_id",
            kwargs=lambda personas: (
                review_of_agency_a(personas) | {key: unknown_public_id(personas)["public_id"]}
            ),
            get=by_role(default=404),
        ),
    )


ENTRIES: dict[str, tuple[Entry, ...]] = {
    # The partnership's documents.
    "participation:documents": cases(Entry(kwargs=review_of_agency_a, get=SEES_AGENCY_A_REVIEW)),
    "participation:document_add": cases(
        Entry(kwargs=review_of_agency_a, get=CHANGES_AGENCY_A_REVIEW, post=CHANGES_AGENCY_A_REVIEW)
    ),
    "participation:document_remove": cases(
        Entry(
            kwargs=a_document,
            get=NOT_ALLOWED,
            post=TEAM_DOCUMENT_CHANGE,
            took_effect=document_is_gone,
        ),
        Entry(
            variant="unknown_id",
            kwargs=unknown_document,
            post=by_role(default=404),
        ),
    ),
    "participation:document_read": cases(
        Entry(
            kwargs=a_document,
            get=NOT_ALLOWED,
            post=AGENCY_CONFIRMS_READ,
            took_effect=document_was_read,
        ),
        Entry(variant="unknown_id", kwargs=unknown_document, post=by_role(default=404)),
    ),
    # Records secured and the private area.
    "participation:records_secured": cases(
        Entry(kwargs=review_of_agency_a, get=READS_AGENCY_A, post=ACTS_FOR_AGENCY_A),
    ),
    "participation:private_records": cases(
        Entry(kwargs=review_of_agency_a, get=PRIVATE_TO_AGENCY_A, post=PRIVATE_TO_AGENCY_A),
        Entry(
            variant="closed_review",
            kwargs=closed_review_of_agency_a,
            get=by_role(default=404, agency_a_rep=200),
            post=by_role(default=404, agency_a_rep=403),
        ),
    ),
    "participation:private_record_remove": cases(
        Entry(
            kwargs=_owned(_private_record, "record_id", "a"),
            get=NOT_ALLOWED,
            post=by_role(
                default=404,
                agency_a_rep=_to("private_records"),
                nominee=_to("private_records"),
            ),
            took_effect=_gone(PrivateRecord, "record_id"),
        ),
        Entry(
            variant="agency_b_row",
            kwargs=_owned(_private_record, "record_id", "b"),
            post=by_role(default=404, agency_b_rep=_to("private_records")),
            took_effect=_gone(PrivateRecord, "record_id"),
        ),
    ),
    # Alerts.
    "participation:alerts": cases(
        Entry(kwargs=review_of_agency_a, get=READS_AGENCY_A),
        Entry(
            variant="closed_review",
            kwargs=closed_review_of_agency_a,
            get=by_role(default=404, agency_a_rep=200, senior_leader=200),
        ),
    ),
    "participation:alert_add": cases(
        Entry(kwargs=review_of_agency_a, get=ACTS_FOR_AGENCY_A, post=ACTS_FOR_AGENCY_A)
    ),
    "participation:alert_edit": _row_entries("alert_id", _alert_on, Alert, "alerts", remove=False),
    "participation:alert_remove": _row_entries("alert_id", _alert_on, Alert, "alerts", remove=True),
    "participation:alerts_reviewed": cases(
        Entry(
            kwargs=closed_review_of_agency_a,
            get=by_role(default=404, agency_a_rep=200, senior_leader=403),
            post=by_role(default=404, agency_a_rep=200, senior_leader=403),
        ),
        Entry(
            variant="open_review",
            kwargs=review_of_agency_a,
            get=by_role(default=404, agency_a_rep=403, nominee=403, senior_leader=403),
        ),
    ),
    # The staff register: inside the agency only.
    "participation:staff": cases(Entry(kwargs=review_of_agency_a, get=READS_AGENCY_A)),
    "participation:staff_add": cases(
        Entry(kwargs=review_of_agency_a, get=ACTS_FOR_AGENCY_A, post=ACTS_FOR_AGENCY_A)
    ),
    "participation:staff_edit": _row_entries(
        "member_id", _staff_member, StaffMember, "staff", remove=False
    ),
    "participation:staff_remove": _row_entries(
        "member_id", _staff_member, StaffMember, "staff", remove=True
    ),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {
    "participation:document_remove": "the 'Remove' button on each document of a review",
    "participation:document_read": "the 'I have read this' button on each document",
    "participation:private_record_remove": "the 'Remove' button beside each private record",
    "participation:alert_remove": "the 'Remove' button beside each alert",
    "participation:staff_remove": "the 'Remove' button on each staff register entry",
}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {
    "participation:document_add",
    "participation:records_secured",
    "participation:private_records",
    "participation:alert_add",
    "participation:alert_edit",
    "participation:alerts_reviewed",
    "participation:staff_add",
    "participation:staff_edit",
}
