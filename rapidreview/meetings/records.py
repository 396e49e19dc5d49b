"""What is recorded at and after the meeting (DOMAIN.md §6, issue 7 item 2): the minutes and
whether the family has been told (on the `Meeting`), and the records that hang off the review,
each in its own module: challenges (`records_challenges.py`), immediate safeguarding actions
(`records_actions.py`), learning points and the themes list (`records_learning.py`) and parallel
processes (`records_processes.py`).

Every change runs in one transaction: the record's row is locked, its `version` compared with the
one the person's page was shown at (a save from an older version is refused with `Stale`, which
carries the latest record so the page can show it beside the person's own text: nothing is
lost), the change is saved with the version bumped, and its audit event written. A save that
changes nothing writes nothing.

Audit payloads name the fields that changed; for choices, dates and agencies they give the old
and new values (agency public ids), never the free text a person typed.

Who may call these is the view's business (the access policy); the services check that what they
are given belongs to the review, and that the review is still open.
"""

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record, changes_between
from rapidreview.reviews.models import RapidReview
from rapidreview.reviews.rules import Finding
from rapidreview.reviews.services import Invalid, ServiceError

from .models import FamilyInformed, Meeting

__all__ = ["Invalid", "ServiceError", "Stale"]

TEXT_MAX = 10_000
MINUTES_MAX = 200_000
STALE_MESSAGE = (
    "Someone else changed this while you were editing it, so your changes were not saved. "
    "Your answers are below, beside the latest version: check them and save again."
)


class Stale(ServiceError):
    """A save made from an older version. `current` is the record as it is now."""

    def __init__(self, current: Any) -> None:
        super().__init__(STALE_MESSAGE)
        self.current = current


# --- checks ---------------------------------------------------------------------------------------


def check_text(
    findings: list[Finding],
    field: str,
    value: str | None,
    *,
    label: str,
    missing: str = "",
    limit: int = TEXT_MAX,
) -> str:
    """Stripped text (NUL removed); a finding if it is required and empty, or too long."""
    value = (value or "").replace("\x00", "").strip()
    if missing and not value:
        findings.append(Finding(field, missing))
    elif len(value) > limit:
        findings.append(Finding(field, f"{label} must be {limit:,} characters or fewer"))
    return value


def raise_if_any(findings: list[Finding]) -> None:
    if findings:
        raise Invalid(findings)


def require_open(review: RapidReview) -> None:
    if not review.is_open:
        raise ServiceError(f"Review {review.reference} is closed, so this cannot be changed.")


def check_belongs(findings: list[Finding], field: str, obj: Any, review: RapidReview, message):
    """A finding unless `obj` (a ReviewAgency, or a child or family member) is on this review."""
    if obj is None:
        return
    owner = getattr(obj, "review_id", None)
    if owner is None and hasattr(obj, "incident_id"):
        belongs = obj.incident_id == review.incident_id
    else:
        belongs = owner == review.pk
    if not belongs:
        findings.append(Finding(field, message))


# --- locking, saving and auditing -----------------------------------------------------------------


def lock(record: models.Model, base_version: int | None) -> Any:
    """The record's row, locked for this transaction; `Stale` if it has moved on from the version
    the page was shown at (or was removed meanwhile: then `current` is None)."""
    current = type(record).objects.select_for_update().filter(pk=record.pk).first()
    if current is None or current.version != base_version:
        raise Stale(current)
    return current


def save_changed(record: models.Model, fields: list[str]) -> None:
    record.version += 1
    record.updated_at = timezone.now()
    record.save(update_fields=[*fields, "version", "updated_at"])


def agency_id(review_agency: Any) -> str | None:
    """How an agency appears in an audit payload: its public id."""
    if review_agency is None:
        return None
    agency = getattr(review_agency, "agency", review_agency)
    return str(agency.public_id)


def change_payload(before: dict, after: dict, text_fields: frozenset[str]) -> dict:
    """The fields that changed; old and new values for all but the free text."""
    changes = changes_between(before, after)
    return {
        "changed": sorted(changes),
        **{name: change for name, change in changes.items() if name not in text_fields},
    }


def audit(actor: Any, verb: Verb, target: models.Model, review: RapidReview, payload: dict):
    audit_record(
        actor=actor,
        verb=verb,
        target=target,
        review_reference=review.reference,
        payload=payload,
    )


def record_remove(*, actor: Any, record: Any, base_version: int | None) -> None:
    """Remove a challenge, action, learning point or parallel process. Refused if it changed
    since the person looked at it, so nobody removes words they have not seen."""
    review = record.review
    require_open(review)
    with transaction.atomic():
        current = lock(record, base_version)
        audit(
            actor,
            Verb.MEETING_RECORD_REMOVED,
            current,
            review,
            {"kind": type(current)._meta.model_name, "id": str(current.public_id)},
        )
        current.delete()


# --- the minutes and the family -------------------------------------------------------------------


def minutes_save(
    *, actor: Any, meeting: Meeting, minutes: str, base_version: int | None
) -> Meeting:
    findings: list[Finding] = []
    minutes = check_text(findings, "minutes", minutes, label="Minutes", limit=MINUTES_MAX)
    raise_if_any(findings)
    require_open(meeting.review)
    with transaction.atomic():
        current = lock(meeting, base_version)
        if current.minutes == minutes:
            return current
        had_minutes = bool(current.minutes)
        current.minutes = minutes
        save_changed(current, ["minutes"])
        audit(
            actor,
            Verb.MINUTES_SAVED,
            current,
            meeting.review,
            {"changed": ["minutes"], "had_minutes": had_minutes, "length": len(minutes)},
        )
    return current


FAMILY_DETAIL_NEEDED = {
    FamilyInformed.YES: "Enter how, when and by whom the family was told",
    FamilyInformed.NO: "Enter why the family will not be told for now",
}


def family_record(
    *,
    actor: Any,
    meeting: Meeting,
    family_informed: str,
    detail: str,
    base_version: int | None,
) -> Meeting:
    """Whether the family has been told about the review, and how (or why not)."""
    findings: list[Finding] = []
    if family_informed not in FamilyInformed.values:
        findings.append(Finding("family_informed", "Select whether the family has been told"))
    detail = check_text(
        findings,
        "family_informed_detail",
        detail,
        label="How, when and by whom",
        missing=FAMILY_DETAIL_NEEDED.get(family_informed, ""),
    )
    raise_if_any(findings)
    require_open(meeting.review)
    after = {"family_informed": family_informed, "family_informed_detail": detail}
    with transaction.atomic():
        current = lock(meeting, base_version)
        before = {name: getattr(current, name) for name in after}
        payload = change_payload(before, after, frozenset({"family_informed_detail"}))
        if not payload["changed"]:
            return current
        for name, value in after.items():
            setattr(current, name, value)
        save_changed(current, list(after))
        audit(actor, Verb.FAMILY_CONTACT_RECORDED, current, meeting.review, payload)
    return current
