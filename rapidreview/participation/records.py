"""Use cases for the second half of an agency's work on a review (DOMAIN.md §4, duties 2 and 5):
the partnership's documents and who has read them, records secured and the private area (alerts
and the staff register are in `records_people.py`). Each runs in one transaction, checks its own rules whatever the
form already checked, and writes its audit event. Who may call them is the view's business
(the access policy); these only check that the thing belongs where it is said to.

Removing a review document keeps its encrypted file (the trail refers to it, and only the
partnership team can still open it). Removing a record from the private area destroys the
copy: kept as an ordinary file of the agency, it would become visible to the senior leaders
and the partnership team, whom the private area keeps out.
"""

from datetime import date
from typing import Any

from django.db import transaction

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record, changes_between
from rapidreview.core import calendar
from rapidreview.documents.models import StoredFile
from rapidreview.documents.services import file_store
from rapidreview.documents.storage import documents_storage
from rapidreview.reviews.models import RapidReview, ReviewAgency
from rapidreview.reviews.rules import Finding
from rapidreview.reviews.services import Invalid, ServiceError

from .models import DocumentKind, DocumentRead, PrivateRecord, RecordsSecured, ReviewDocument

__all__ = ["Invalid", "ServiceError"]

RECORDS_FIELDS = ("secured_on", "location", "who_may_access")

# --- checks -------------------------------------------------------------------------------------


def check_text(findings: list[Finding], field: str, value: str, missing: str, limit: int) -> str:
    """Stripped text; a finding if it is empty or longer than `limit`."""
    value = (value or "").replace("\x00", "").strip()
    if not value:
        findings.append(Finding(field, missing))
    elif len(value) > limit:
        label = field.replace("_", " ").capitalize()
        findings.append(Finding(field, f"{label} must be {limit} characters or fewer"))
    return value


def check_past(findings: list[Finding], field: str, value: date | None, label: str) -> None:
    if value is not None and value > calendar.today():
        findings.append(Finding(field, f"{label} must be today or in the past"))


def raise_if_any(findings: list[Finding]) -> None:
    if findings:
        raise Invalid(findings)


def require_open(review: RapidReview) -> None:
    if not review.is_open:
        raise ServiceError(f"Review {review.reference} is closed, so this cannot be changed.")


def values_of(obj: Any, fields: tuple[str, ...]) -> dict:
    return {name: getattr(obj, name) for name in fields}


def audit_agency(actor, verb: Verb, target, review_agency: ReviewAgency, payload: dict) -> None:
    audit_record(
        actor=actor,
        verb=verb,
        target=target,
        review_reference=review_agency.review.reference,
        payload={"agency": review_agency.agency.name, **payload},
    )


def _store(*, actor, uploaded_file, review: RapidReview, owner_agency=None) -> StoredFile:
    return file_store(
        actor=actor,
        uploaded_file=uploaded_file,
        owner_agency=owner_agency,
        review_reference=review.reference,
    )


def _forget_on_failure(stored: StoredFile | None) -> None:
    """The encrypted file is written before the transaction commits; if the transaction is
    rolled back after file_store returned, nothing else removes it."""
    if stored is not None:
        documents_storage().delete(stored.storage_name)


# --- the partnership's documents -----------------------------------------------------------------


def review_document_add(
    *, actor, review: RapidReview, title: str, kind: str, uploaded_file
) -> ReviewDocument:
    findings: list[Finding] = []
    title = check_text(findings, "title", title, "Enter a title for the document", 200)
    if kind not in DocumentKind.values:
        findings.append(Finding("kind", "Select what kind of document it is"))
    raise_if_any(findings)
    require_open(review)
    stored = None
    try:
        with transaction.atomic():
            stored = _store(actor=actor, uploaded_file=uploaded_file, review=review)
            document = ReviewDocument.objects.create(
                review=review, stored_file=stored, title=title, kind=kind, added_by=actor
            )
            audit_record(
                actor=actor,
                verb=Verb.REVIEW_DOCUMENT_ADDED,
                target=document,
                review_reference=review.reference,
                payload={"title": title, "kind": kind, "file": str(stored.public_id)},
            )
    except BaseException:
        _forget_on_failure(stored)
        raise
    return document


def review_document_remove(*, actor, document: ReviewDocument) -> None:
    review = document.review
    require_open(review)
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb=Verb.REVIEW_DOCUMENT_REMOVED,
            target=document,
            review_reference=review.reference,
            payload={"title": document.title, "reads": document.reads.count()},
        )
        document.delete()


def document_confirm_read(
    *, actor, document: ReviewDocument, review_agency: ReviewAgency
) -> DocumentRead:
    """Idempotent: confirming again keeps the first confirmation and records nothing new."""
    if document.review_id != review_agency.review_id:
        raise ServiceError("This document belongs to another review.")
    require_open(review_agency.review)
    with transaction.atomic():
        read, created = DocumentRead.objects.get_or_create(
            document=document, user=actor, defaults={"review_agency": review_agency}
        )
        if created:
            audit_agency(
                actor, Verb.DOCUMENT_READ, document, review_agency, {"title": document.title}
            )
    return read


# --- records secured and the private area --------------------------------------------------------


def records_secure(
    *, actor, review_agency: ReviewAgency, secured_on: date, location: str, who_may_access: str
) -> RecordsSecured:
    """Record (or correct) when, where and for whom the agency secured its records."""
    findings: list[Finding] = []
    if secured_on is None:
        findings.append(Finding("secured_on", "Enter the date the records were secured"))
    check_past(findings, "secured_on", secured_on, "The date the records were secured")
    location = check_text(findings, "location", location, "Enter where the records are held", 2000)
    who_may_access = check_text(
        findings, "who_may_access", who_may_access, "Enter who may access the records", 2000
    )
    raise_if_any(findings)
    require_open(review_agency.review)
    after = {"secured_on": secured_on, "location": location, "who_may_access": who_may_access}
    with transaction.atomic():
        existing = RecordsSecured.objects.select_for_update().filter(review_agency=review_agency)
        secured = existing.first()
        if secured is None:
            secured = RecordsSecured.objects.create(
                review_agency=review_agency, recorded_by=actor, **after
            )
            audit_agency(actor, Verb.RECORDS_SECURED, secured, review_agency, {"new": after})
            return secured
        changes = changes_between(values_of(secured, RECORDS_FIELDS), after)
        if changes:
            for name, value in after.items():
                setattr(secured, name, value)
            secured.save(update_fields=[*RECORDS_FIELDS])
            audit_agency(actor, Verb.RECORDS_SECURED, secured, review_agency, {"changes": changes})
    return secured


def private_record_add(
    *, actor, review_agency: ReviewAgency, description: str, uploaded_file
) -> PrivateRecord:
    findings: list[Finding] = []
    description = check_text(
        findings, "description", description, "Enter a description of the record", 200
    )
    raise_if_any(findings)
    review = review_agency.review
    require_open(review)
    stored = None
    try:
        with transaction.atomic():
            stored = _store(
                actor=actor,
                uploaded_file=uploaded_file,
                review=review,
                owner_agency=review_agency.agency,
            )
            record = PrivateRecord.objects.create(
                review_agency=review_agency,
                stored_file=stored,
                description=description,
                added_by=actor,
            )
            # The description may name people; the trail keeps only which file it was.
            audit_agency(
                actor,
                Verb.PRIVATE_RECORD_ADDED,
                record,
                review_agency,
                {"file": str(stored.public_id)},
            )
    except BaseException:
        _forget_on_failure(stored)
        raise
    return record


def private_record_remove(*, actor, record: PrivateRecord) -> None:
    """Remove the copy from the private area and destroy its encrypted file."""
    review_agency = record.review_agency
    require_open(review_agency.review)
    stored = record.stored_file
    storage_name = stored.storage_name
    with transaction.atomic():
        audit_agency(
            actor,
            Verb.PRIVATE_RECORD_REMOVED,
            record,
            review_agency,
            {"file": str(stored.public_id)},
        )
        record.delete()
        stored.delete()
        transaction.on_commit(lambda: documents_storage().delete(storage_name))
