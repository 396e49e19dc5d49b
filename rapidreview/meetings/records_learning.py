"""Learning points, tagged with themes from the list the partnership team keeps (DOMAIN.md §8),
and the list itself. A point needs at least one theme. A retired theme is no longer offered,
but the points already tagged with it keep it (and may keep it when they are changed).

The themes list is not part of any review: adding, renaming, retiring and restoring a theme are
audited with no review reference. A theme in use is never deleted (nothing here deletes one).
Conventions as in `records.py`.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.reviews.models import RapidReview, ReviewAgency
from rapidreview.reviews.rules import Finding

from .models import LearningPoint, LearningTheme
from .records import (
    agency_id,
    audit,
    change_payload,
    check_belongs,
    check_text,
    lock,
    raise_if_any,
    require_open,
    save_changed,
)

TEXT_FIELDS = frozenset({"text"})
THEME_NAME_MAX = LearningTheme._meta.get_field("name").max_length


def _snapshot(point: LearningPoint, themes: Iterable[LearningTheme]) -> dict:
    return {
        "text": point.text,
        "agency": agency_id(point.agency),
        "themes": sorted(theme.pk for theme in themes),
    }


def _checked(
    review: RapidReview,
    text: str,
    agency: ReviewAgency | None,
    themes: Iterable[LearningTheme],
    allowed_retired: Iterable[LearningTheme] = (),
) -> tuple[str, list[LearningTheme]]:
    findings: list[Finding] = []
    text = check_text(
        findings, "text", text, label="What was learned", missing="Enter what was learned"
    )
    check_belongs(
        findings, "agency", agency, review, "Select an agency taking part in this review, or none"
    )
    themes = list(dict.fromkeys(themes))
    kept = {theme.pk for theme in allowed_retired}
    if not themes:
        findings.append(Finding("themes", "Select at least one theme"))
    else:
        retired = LearningTheme.objects.filter(
            pk__in=[theme.pk for theme in themes], is_active=False
        ).values_list("pk", flat=True)
        if set(retired) - kept:
            findings.append(Finding("themes", "Select themes that are still in use"))
    raise_if_any(findings)
    return text, themes


def learning_record(
    *,
    actor: Any,
    review: RapidReview,
    text: str,
    agency: ReviewAgency | None,
    themes: Iterable[LearningTheme],
) -> LearningPoint:
    text, themes = _checked(review, text, agency, themes)
    require_open(review)
    with transaction.atomic():
        point = LearningPoint.objects.create(
            review=review, text=text, agency=agency, recorded_by=actor
        )
        point.themes.set(themes)
        audit(
            actor,
            Verb.LEARNING_RECORDED,
            point,
            review,
            {"agency": agency_id(agency), "themes": sorted(theme.pk for theme in themes)},
        )
    return point


def learning_change(
    *,
    actor: Any,
    point: LearningPoint,
    text: str,
    agency: ReviewAgency | None,
    themes: Iterable[LearningTheme],
    base_version: int | None,
) -> LearningPoint:
    review = point.review
    text, themes = _checked(review, text, agency, themes, allowed_retired=point.themes.all())
    require_open(review)
    with transaction.atomic():
        current = lock(point, base_version)
        current.review = review
        before = _snapshot(current, current.themes.all())
        current.text, current.agency = text, agency
        payload = change_payload(before, _snapshot(current, themes), TEXT_FIELDS)
        if payload["changed"]:
            save_changed(current, ["text", "agency"])
            current.themes.set(themes)
            audit(actor, Verb.LEARNING_CHANGED, current, review, payload)
    return current


# --- the themes list ------------------------------------------------------------------------------


def _checked_name(name: str, *, other_than: LearningTheme | None = None) -> str:
    findings: list[Finding] = []
    name = " ".join((name or "").replace("\x00", "").split())
    if not name:
        findings.append(Finding("name", "Enter the name of the theme"))
    elif len(name) > THEME_NAME_MAX:
        findings.append(Finding("name", f"The name must be {THEME_NAME_MAX} characters or fewer"))
    else:
        same = LearningTheme.objects.annotate(lowered=Lower("name")).filter(lowered=name.lower())
        if other_than is not None:
            same = same.exclude(pk=other_than.pk)
        if same.exists():
            findings.append(Finding("name", f"There is already a theme called {same[0].name}"))
    raise_if_any(findings)
    return name


def _audit_theme(actor: Any, verb: Verb, theme: LearningTheme, payload: dict) -> None:
    audit_record(actor=actor, verb=verb, target=theme, payload=payload)


def theme_add(*, actor: Any, name: str) -> LearningTheme:
    name = _checked_name(name)
    with transaction.atomic():
        theme = LearningTheme.objects.create(name=name)
        _audit_theme(actor, Verb.THEME_ADDED, theme, {"is_active": True})
    return theme


def theme_rename(*, actor: Any, theme: LearningTheme, name: str) -> LearningTheme:
    """The points tagged with the theme carry the new name."""
    name = _checked_name(name, other_than=theme)
    with transaction.atomic():
        current = LearningTheme.objects.select_for_update().get(pk=theme.pk)
        if current.name != name:
            current.name = name
            current.save(update_fields=["name"])
            _audit_theme(actor, Verb.THEME_CHANGED, current, {"changed": ["name"]})
    return current


def theme_set_active(*, actor: Any, theme: LearningTheme, active: bool) -> LearningTheme:
    """Retire a theme (no longer offered for new points) or restore it."""
    with transaction.atomic():
        current = LearningTheme.objects.select_for_update().get(pk=theme.pk)
        if current.is_active != active:
            current.is_active = active
            current.save(update_fields=["is_active"])
            _audit_theme(
                actor,
                Verb.THEME_CHANGED,
                current,
                {"changed": ["is_active"], "is_active": {"old": not active, "new": active}},
            )
    return current
