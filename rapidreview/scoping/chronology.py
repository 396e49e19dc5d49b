"""Section C of a scoping return: the chronology (DOMAIN.md §5 C). One row per significant
contact: date (and time), the named individuals it concerns, type of contact, the practitioner's
ROLE (never their name), what happened, the action taken or outcome, and the source record
reference. Facts only; analysis belongs in section D.

Every change locks the return, is refused unless the return can be edited, bumps the return's
version (`services.return_changed`) and is audited in the same transaction. A row edited from an
older revision is refused, and the refused values are kept as a "conflict" version.

Rules (the forms show them at the fields; the services check them again):
- the date is a real date, not in the future, and inside the notification's scoping period
  (refused, not just warned: the return covers that period, and a date outside it is far more
  often a typing slip than a fact the meeting needs; anything earlier that matters goes in D);
- at least one named individual (a child or family member on the notification);
- the practitioner's role must not look like a name ("Dr Patel", "Mrs Jones": a title followed
  by a word is refused). Only a hint; the question itself asks for the role.
"""

import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record, changes_between
from rapidreview.core import calendar
from rapidreview.core.dates import long_date
from rapidreview.reviews.models import Child, FamilyMember, Incident

from .models import ChronologyEntry, ContactType, ScopingReturn, SectionDraft, VersionKind
from .services import ReturnError, _Stale, lock, return_changed, save_refused, snapshot

TEXT_FIELDS = ("practitioner_role", "what_happened", "action_or_outcome", "source_reference")
FIELDS = ("occurred_on", "occurred_at", "contact_type", *TEXT_FIELDS)
LIMITS = {"practitioner_role": 200, "source_reference": 200, "what_happened": 5000,
          "action_or_outcome": 5000}  # fmt: skip

_NAME_LIKE = re.compile(r"^\s*(mr|mrs|ms|miss|mx|dr|prof)\.?\s+[a-z][a-z'-]+", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a row's values, for the field `field`."""

    field: str
    message: str


class RowInvalid(ReturnError):
    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message if problems else "The row is not valid")
        self.problems = problems


# --- rules ----------------------------------------------------------------------------------------


def date_problem(occurred_on: date, incident: Incident) -> str:
    """Why the date cannot be used, or ''."""
    if occurred_on > calendar.today():
        return "The date must be today or in the past"
    start, end = incident.scoping_start, incident.scoping_end
    if not start <= occurred_on <= end:
        return f"The date must be within the scoping period, {long_date(start)} to {long_date(end)}"
    return ""


def role_problem(role: str) -> str:
    if _NAME_LIKE.match(role or ""):
        return "Enter the practitioner's role, not their name (for example, health visitor)"
    return ""


def row_problems(values: dict, incident: Incident) -> list[Problem]:
    """Everything wrong with a row's values (the keys of FIELDS plus `people`)."""
    problems = []
    if not values.get("occurred_on"):
        problems.append(Problem("occurred_on", "Enter the date"))
    elif message := date_problem(values["occurred_on"], incident):
        problems.append(Problem("occurred_on", message))
    people = values.get("people") or []
    if not people:
        problems.append(Problem("people", "Select at least one named individual"))
    elif any(person.incident_id != incident.pk for person in people):
        problems.append(Problem("people", "Select people named on the notification"))
    if values.get("contact_type") not in ContactType.values:
        problems.append(Problem("contact_type", "Select the type of contact"))
    if not (values.get("practitioner_role") or "").strip():
        problems.append(Problem("practitioner_role", "Enter the practitioner's role"))
    elif message := role_problem(values["practitioner_role"]):
        problems.append(Problem("practitioner_role", message))
    if not (values.get("what_happened") or "").strip():
        problems.append(Problem("what_happened", "Enter what happened"))
    for name, limit in LIMITS.items():
        if len(values.get(name) or "") > limit:
            problems.append(Problem(name, f"This must be {limit} characters or fewer"))
    return problems


# --- reading --------------------------------------------------------------------------------------


def rows_of(scoping_return: ScopingReturn):
    """The return's rows in date and time order, with their people."""
    return scoping_return.chronology.prefetch_related("children", "family_members")


def people_of(row: ChronologyEntry) -> list[Child | FamilyMember]:
    return [*row.children.all(), *row.family_members.all()]


def row_values(row: ChronologyEntry) -> dict:
    """A row's values, with its people, as the services take them."""
    return {name: getattr(row, name) for name in FIELDS} | {"people": people_of(row)}


def _audit_values(values: dict) -> dict:
    """JSON-ready values for the audit trail: people by pseudonym, never by name."""
    shown: dict[str, Any] = {}
    for name in FIELDS:
        value = values.get(name)
        shown[name] = value.isoformat() if isinstance(value, date | time) else value
    shown["people"] = sorted(person.pseudonym for person in values.get("people") or [])
    return shown


# --- writing --------------------------------------------------------------------------------------


def _editable(scoping_return: ScopingReturn) -> ScopingReturn:
    locked = lock(scoping_return)
    if not locked.is_editable:
        raise ReturnError(
            f"This return is {locked.get_state_display().lower()}, so it cannot be changed now."
        )
    return locked


def _checked(values: dict, scoping_return: ScopingReturn) -> dict:
    incident = scoping_return.review_agency.review.incident
    problems = row_problems(values, incident)
    if problems:
        raise RowInvalid(problems)
    cleaned = {name: values.get(name) for name in FIELDS}
    for name in TEXT_FIELDS:
        cleaned[name] = (cleaned[name] or "").strip()
    return cleaned | {"people": list(values["people"])}


def _write(row: ChronologyEntry, values: dict) -> None:
    for name in FIELDS:
        setattr(row, name, values[name])
    row.updated_at = timezone.now()
    row.save()
    row.children.set([p for p in values["people"] if isinstance(p, Child)])
    row.family_members.set([p for p in values["people"] if isinstance(p, FamilyMember)])


def _drop_draft(locked: ScopingReturn, actor, section: str) -> None:
    """The editor's autosaved draft of the row is saved now, so it goes."""
    SectionDraft.objects.filter(scoping_return=locked, user=actor, section=section).delete()


def _audit(actor, verb: Verb, locked: ScopingReturn, payload: dict) -> None:
    audit_record(
        actor=actor,
        verb=verb,
        target=locked,
        review_reference=locked.review_agency.review.reference,
        payload=payload,
    )


def row_add(*, actor: Any, scoping_return: ScopingReturn, values: dict) -> ChronologyEntry:
    """Add one row. Raises RowInvalid or ReturnError."""
    with transaction.atomic():
        locked = _editable(scoping_return)
        cleaned = _checked(values, locked)
        row = ChronologyEntry(scoping_return=locked, created_by=actor)
        _write(row, cleaned)
        return_changed(locked, actor=actor, summary="Chronology row added")
        _drop_draft(locked, actor, "C:new")
        _audit(
            actor,
            Verb.CHRONOLOGY_ROW_ADDED,
            locked,
            {"row": str(row.public_id), "values": _audit_values(cleaned)},
        )
    return row


def row_change(
    *, actor: Any, row: ChronologyEntry, values: dict, base_revision: int
) -> ChronologyEntry:
    """Change one row made from `base_revision`. Raises RowInvalid, ReturnError, or
    StaleVersion (the refused values kept as a conflict version) if the row has moved on."""
    scoping_return = row.scoping_return
    try:
        with transaction.atomic():
            locked = _editable(scoping_return)
            current = ChronologyEntry.objects.select_for_update().filter(pk=row.pk).first()
            if current is None:
                raise ReturnError("Someone else removed this row, so it cannot be changed.")
            if current.revision != base_revision:
                raise _Stale(locked.version)
            cleaned = _checked(values, locked)
            before = _audit_values(row_values(current))
            current.revision += 1
            _write(current, cleaned)
            return_changed(locked, actor=actor, summary="Chronology row changed")
            _drop_draft(locked, actor, f"C:{current.public_id}")
            _audit(
                actor,
                Verb.CHRONOLOGY_ROW_CHANGED,
                locked,
                {
                    "row": str(current.public_id),
                    "changes": changes_between(before, _audit_values(cleaned)),
                },
            )
        return current
    except _Stale as stale:
        raise save_refused(
            scoping_return,
            actor=actor,
            summary="Chronology row: changes not saved",
            attempted=_attempted(scoping_return, row, values),
            current=stale.current_version,
        ) from None


def _attempted(scoping_return: ScopingReturn, row: ChronologyEntry, values: dict) -> dict:
    """The return as it would have been with the refused row values."""
    attempted = snapshot(scoping_return)
    shown = _audit_values(values)
    refused = {
        "id": str(row.public_id),
        "date": shown["occurred_on"] or "",
        "time": (shown["occurred_at"] or "")[:5],
        "people": shown["people"],
        **{name: shown[name] or "" for name in ("contact_type", *TEXT_FIELDS)},
    }
    attempted["chronology"] = [
        refused if item["id"] == refused["id"] else item for item in attempted["chronology"]
    ]
    return attempted


def row_remove(*, actor: Any, row: ChronologyEntry) -> None:
    """Remove one row. Raises ReturnError if the return cannot be changed now."""
    with transaction.atomic():
        locked = _editable(row.scoping_return)
        values = _audit_values(row_values(row))
        public_id = str(row.public_id)
        row.delete()
        return_changed(locked, actor=actor, summary="Chronology row removed")
        _audit(actor, Verb.CHRONOLOGY_ROW_REMOVED, locked, {"row": public_id, "values": values})


def rows_import(
    *, actor: Any, scoping_return: ScopingReturn, rows: list[dict], file_kind: str
) -> int:
    """Add every row of an imported file in one transaction: all or nothing. Raises RowInvalid
    (naming the first bad row) or ReturnError; then nothing is added."""
    with transaction.atomic():
        locked = _editable(scoping_return)
        for number, values in enumerate(rows, start=1):
            try:
                cleaned = _checked(values, locked)
            except RowInvalid as invalid:
                raise RowInvalid(
                    [Problem(p.field, f"Row {number}: {p.message}") for p in invalid.problems]
                ) from None
            _write(ChronologyEntry(scoping_return=locked, created_by=actor), cleaned)
        return_changed(
            locked,
            actor=actor,
            summary=f"Chronology imported: {len(rows)} rows",
            kind=VersionKind.IMPORT,
        )
        _audit(actor, Verb.CHRONOLOGY_IMPORTED, locked, {"rows": len(rows), "file_kind": file_kind})
    return len(rows)
