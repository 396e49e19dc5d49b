"""Logging a notification over several pages: the draft, and the check of the whole thing.

Each page's answers go into an `IntakeDraft` (JSON, dates as ISO text). Nothing reaches the real
tables until the check answers page is confirmed; `services.incident_log` then saves everything
in one transaction, after `check_notification` has found nothing to fix.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import IntakeDraft
from .rules import (
    Finding,
    child_problems,
    child_warnings,
    duplicate_pseudonym,
    family_problems,
    nature_problems,
    nature_warnings,
    notification_date_problems,
    notification_date_warnings,
    scoping_problems,
    scoping_warnings,
)

ABOUT = "about"
DATES = "dates"
CHILDREN = "children"
FAMILY = "family"
SCOPING = "scoping"
SECTIONS = (ABOUT, DATES, CHILDREN, FAMILY, SCOPING)
LIST_SECTIONS = (CHILDREN, FAMILY)

DATE_FIELDS = {
    ABOUT: frozenset(),
    DATES: frozenset(
        {"incident_date", "la_aware_date", "partners_aware_date", "sin_submitted_date"}
    ),
    CHILDREN: frozenset({"date_of_birth", "date_of_death"}),
    FAMILY: frozenset({"date_of_birth"}),
    SCOPING: frozenset({"scoping_start", "scoping_end"}),
}


class DraftItemNotFound(LookupError):
    """The child or family member is not (or no longer) in the draft."""


@dataclass
class Notification:
    """A notification's answers as Python values. Children and family members carry an "id"."""

    about: dict[str, Any] | None = None
    dates: dict[str, Any] | None = None
    children: list[dict[str, Any]] = field(default_factory=list)
    family: list[dict[str, Any]] = field(default_factory=list)
    scoping: dict[str, Any] | None = None


@dataclass(frozen=True)
class Located:
    """A problem and where to fix it: the section, and the child or family member if any."""

    section: str
    item_id: str | None
    finding: Finding
    who: str = ""  # the pseudonym, for the check answers page

    @property
    def message(self) -> str:
        return f"{self.who}: {self.finding.message}" if self.who else self.finding.message


# --- JSON and back ------------------------------------------------------------------------------


def to_json(section: str, values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in values.items()
    }


def from_json(section: str, values: dict[str, Any]) -> dict[str, Any]:
    dates = DATE_FIELDS[section]
    return {
        key: date.fromisoformat(value) if key in dates and value else value
        for key, value in values.items()
    }


def draft_notification(draft: IntakeDraft) -> Notification:
    data = draft.data or {}
    return Notification(
        about=from_json(ABOUT, data[ABOUT]) if data.get(ABOUT) else None,
        dates=from_json(DATES, data[DATES]) if data.get(DATES) else None,
        children=[from_json(CHILDREN, item) for item in data.get(CHILDREN, [])],
        family=[from_json(FAMILY, item) for item in data.get(FAMILY, [])],
        scoping=from_json(SCOPING, data[SCOPING]) if data.get(SCOPING) else None,
    )


def draft_item(draft: IntakeDraft, section: str, item_id: str) -> dict[str, Any]:
    for item in (draft.data or {}).get(section, []):
        if item.get("id") == item_id:
            return from_json(section, item)
    raise DraftItemNotFound(item_id)


# --- changing the draft -------------------------------------------------------------------------


def draft_stale_before() -> Any:
    return timezone.now() - timedelta(days=settings.INTAKE_DRAFT_DAYS)


def draft_start(*, actor: Any) -> IntakeDraft:
    """A new, empty draft. Drafts nobody has touched for INTAKE_DRAFT_DAYS go first: they hold
    personal data that was never confirmed."""
    with transaction.atomic():
        IntakeDraft.objects.filter(updated_at__lt=draft_stale_before()).delete()
        return IntakeDraft.objects.create(created_by=actor)


def _change(draft: IntakeDraft, change) -> IntakeDraft:
    """Read, change and write the draft under a row lock, so two tabs cannot lose each other's
    answers."""
    with transaction.atomic():
        locked = IntakeDraft.objects.select_for_update().get(pk=draft.pk)
        data = dict(locked.data or {})
        change(data)
        locked.data = data
        locked.updated_at = timezone.now()
        locked.save(update_fields=["data", "updated_at"])
    return locked


def draft_save_section(*, draft: IntakeDraft, section: str, values: dict[str, Any]) -> IntakeDraft:
    if section in LIST_SECTIONS or section not in SECTIONS:
        raise ValueError(f"{section} is not a single-answer section")

    def change(data: dict) -> None:
        data[section] = to_json(section, values)

    return _change(draft, change)


def draft_save_item(
    *, draft: IntakeDraft, section: str, values: dict[str, Any], item_id: str | None = None
) -> str:
    """Add a child or family member (item_id None) or replace one; returns its id."""
    if section not in LIST_SECTIONS:
        raise ValueError(f"{section} is not a list section")
    new_id = item_id or uuid.uuid4().hex[:12]

    def change(data: dict) -> None:
        items = list(data.get(section, []))
        stored = {"id": new_id, **to_json(section, values)}
        if item_id is None:
            items.append(stored)
        else:
            positions = [i for i, item in enumerate(items) if item.get("id") == item_id]
            if not positions:
                raise DraftItemNotFound(item_id)
            items[positions[0]] = stored
        data[section] = items

    _change(draft, change)
    return new_id


def draft_remove_item(*, draft: IntakeDraft, section: str, item_id: str) -> None:
    def change(data: dict) -> None:
        items = list(data.get(section, []))
        kept = [item for item in items if item.get("id") != item_id]
        if len(kept) == len(items):
            raise DraftItemNotFound(item_id)
        data[section] = kept

    _change(draft, change)


def draft_discard(*, draft: IntakeDraft) -> None:
    IntakeDraft.objects.filter(pk=draft.pk).delete()


# --- checking the whole notification -----------------------------------------------------------


def _described(other_section: str, my_section: str) -> str:
    if other_section == my_section:
        return "another child" if my_section == CHILDREN else "another family member"
    return "a child" if other_section == CHILDREN else "a family member"


def taken_pseudonyms(
    notification: Notification, *, section: str, except_id: str | None = None
) -> list[tuple[str, str]]:
    """(pseudonym, who) for everyone on the notification but `except_id`, described from the
    point of view of someone in `section`."""
    return [
        (item["pseudonym"], _described(other, section))
        for other, items in ((CHILDREN, notification.children), (FAMILY, notification.family))
        for item in items
        if item.get("id") != except_id
    ]


def check_notification(
    notification: Notification, *, today: date
) -> tuple[list[Located], list[str]]:
    """Every problem that stops the notification being saved, and every warning to show."""
    problems: list[Located] = []
    warnings: list[str] = []
    about, dates, scoping = notification.about, notification.dates, notification.scoping
    incident_date = dates["incident_date"] if dates else None

    if about is None:
        problems.append(
            Located(
                ABOUT, None, Finding("sin_reference", "Answer the questions about the notification")
            )
        )
    if dates is None:
        problems.append(Located(DATES, None, Finding("incident_date", "Enter the key dates")))
    else:
        problems += [
            Located(DATES, None, finding)
            for finding in notification_date_problems(
                **_only(dates, DATE_FIELDS[DATES]), today=today
            )
        ]
        warnings += notification_date_warnings(
            la_aware_date=dates["la_aware_date"], partners_aware_date=dates["partners_aware_date"]
        )

    if not notification.children:
        problems.append(Located(CHILDREN, None, Finding("children", "Add at least one child")))
    seen: list[tuple[str, str]] = []
    for child in notification.children:
        who = child["pseudonym"]
        findings = child_problems(
            full_name=child["full_name"],
            other_names=child.get("other_names", ""),
            date_of_birth=child["date_of_birth"],
            date_of_death=child.get("date_of_death"),
            pseudonym=child["pseudonym"],
            incident_date=incident_date,
            today=today,
        )
        if duplicate := duplicate_pseudonym(who, _as_seen_from(seen, CHILDREN)):
            findings.append(duplicate)
        problems += [Located(CHILDREN, child["id"], finding, who) for finding in findings]
        seen.append((who, CHILDREN))
        if incident_date is not None:
            warnings += child_warnings(
                pseudonym=who, date_of_birth=child["date_of_birth"], incident_date=incident_date
            )
    for person in notification.family:
        who = person["pseudonym"]
        findings = family_problems(
            full_name=person["full_name"],
            other_names=person.get("other_names", ""),
            date_of_birth=person.get("date_of_birth"),
            pseudonym=who,
            today=today,
        )
        if duplicate := duplicate_pseudonym(who, _as_seen_from(seen, FAMILY)):
            findings.append(duplicate)
        problems += [Located(FAMILY, person["id"], finding, who) for finding in findings]
        seen.append((who, FAMILY))

    if about is not None and notification.children:
        deaths = [child.get("date_of_death") for child in notification.children]
        problems += [
            Located(CHILDREN, None, finding)
            for finding in nature_problems(nature=about["nature"], children_dates_of_death=deaths)
        ]
        warnings += nature_warnings(nature=about["nature"], children_dates_of_death=deaths)

    if scoping is None:
        problems.append(
            Located(SCOPING, None, Finding("scoping_start", "Enter the scoping period"))
        )
    else:
        problems += [
            Located(SCOPING, None, finding)
            for finding in scoping_problems(
                scoping_start=scoping["scoping_start"],
                scoping_end=scoping["scoping_end"],
                incident_date=incident_date,
                today=today,
            )
        ]
        if incident_date is not None:
            warnings += scoping_warnings(
                scoping_end=scoping["scoping_end"], incident_date=incident_date
            )
    return problems, warnings


def _as_seen_from(seen: list[tuple[str, str]], section: str) -> list[tuple[str, str]]:
    return [(pseudonym, _described(other, section)) for pseudonym, other in seen]


def _only(values: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    return {key: values[key] for key in keys}
