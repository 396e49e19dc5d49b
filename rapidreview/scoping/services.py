"""The core of changing a scoping return safely: starting it, saving a section with optimistic
locking, keeping versions, and autosaving what an editor has typed.

Every change to a return goes through `return_changed` (one new version number, one snapshot),
so the version an editor started from tells whether someone else has saved since. A save from an
older version is refused with `StaleVersion`; the refused answers are kept as a version of kind
"conflict" first, so neither person's work is lost.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.reviews.models import ReviewAgency

from .models import (
    ANSWERED_SECTIONS,
    ReturnVersion,
    ScopingReturn,
    SectionDraft,
    VersionKind,
)


class ReturnError(Exception):
    """A change refused for a reason the person can act on (the message says what to do)."""


@dataclass
class StaleVersion(Exception):
    """The return changed after the editor opened it. Their answers were kept as `kept`."""

    current_version: int
    kept: ReturnVersion

    def __str__(self) -> str:
        return (
            "Someone else saved this return while you were editing it, so your changes were not "
            "saved. They have been kept: compare them with the latest version and add them again."
        )


def return_for(review_agency: ReviewAgency, *, actor: Any) -> ScopingReturn:
    """The agency's return for the review, started (and audited) the first time it is needed."""
    with transaction.atomic():
        scoping_return, created = ScopingReturn.objects.get_or_create(
            review_agency=review_agency, defaults={"created_by": actor}
        )
        if created:
            audit_record(
                actor=actor,
                verb=Verb.RETURN_STARTED,
                target=scoping_return,
                review_reference=review_agency.review.reference,
            )
    return scoping_return


def snapshot(scoping_return: ScopingReturn, *, answers: dict | None = None) -> dict:
    """Everything the return says, as plain JSON, for a version (or a refused save)."""
    rows = scoping_return.chronology.prefetch_related("children", "family_members")
    return {
        "state": scoping_return.state,
        "answers": answers if answers is not None else scoping_return.answers,
        "completed_sections": list(scoping_return.completed_sections),
        "chronology": [
            {
                "id": str(row.public_id),
                "date": row.occurred_on.isoformat(),
                "time": row.occurred_at.isoformat(timespec="minutes") if row.occurred_at else "",
                "people": [c.pseudonym for c in row.children.all()]
                + [f.pseudonym for f in row.family_members.all()],
                "contact_type": row.contact_type,
                "practitioner_role": row.practitioner_role,
                "what_happened": row.what_happened,
                "action_or_outcome": row.action_or_outcome,
                "source_reference": row.source_reference,
            }
            for row in rows
        ],
    }


def lock(scoping_return: ScopingReturn) -> ScopingReturn:
    """The return's row, locked for this transaction (call inside `transaction.atomic`)."""
    return ScopingReturn.objects.select_for_update().get(pk=scoping_return.pk)


def check_version(locked: ScopingReturn, base_version: int) -> None:
    """Raise a bare StaleVersion marker if `locked` has moved on from `base_version`; callers
    use `save_refused` to keep the refused work before telling the editor."""
    if locked.version != base_version:
        raise _Stale(locked.version)


class _Stale(Exception):
    def __init__(self, current_version: int):
        self.current_version = current_version


def return_changed(
    locked: ScopingReturn, *, actor: Any, summary: str, kind: str = VersionKind.SAVED
) -> ReturnVersion:
    """After changing a locked return (answers, chronology or state): bump its version and keep
    a snapshot. Call inside the same transaction as the change."""
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save(update_fields=["version", "updated_at", "answers", "completed_sections", "state"])
    return ReturnVersion.objects.create(
        scoping_return=locked,
        number=locked.version,
        kind=kind,
        summary=summary[:300],
        snapshot=snapshot(locked),
        saved_by=actor,
    )


def save_refused(
    scoping_return: ScopingReturn, *, actor: Any, summary: str, attempted: dict, current: int
) -> StaleVersion:
    """Keep a refused save as a "conflict" version (in its own transaction, so it survives)
    and audit the refusal; returns the StaleVersion to raise."""
    with transaction.atomic():
        kept = ReturnVersion.objects.create(
            scoping_return=scoping_return,
            number=current,
            kind=VersionKind.CONFLICT,
            summary=summary[:300],
            snapshot=attempted,
            saved_by=actor,
        )
        audit_record(
            actor=actor,
            verb=Verb.RETURN_SAVE_REFUSED,
            target=scoping_return,
            review_reference=scoping_return.review_agency.review.reference,
            payload={"what": summary[:300], "current_version": current},
        )
    return StaleVersion(current_version=current, kept=kept)


def section_save(
    *,
    actor: Any,
    scoping_return: ScopingReturn,
    section: str,
    answers: dict,
    base_version: int,
    completed: bool,
) -> ScopingReturn:
    """Save one answered section (A, D, E, F, G, or B's extra answers) from a form's cleaned,
    JSON-ready data. Refused with StaleVersion if the return changed since `base_version`, or
    ReturnError if it cannot be edited now (the view checks the policy first)."""
    if section not in {*ANSWERED_SECTIONS, "B"}:
        raise ValueError(f"section {section!r} is not answered in the return's answers")
    try:
        with transaction.atomic():
            locked = lock(scoping_return)
            if not locked.is_editable:
                raise ReturnError(
                    f"This return is {locked.get_state_display().lower()}, so it cannot be "
                    "changed now."
                )
            check_version(locked, base_version)
            old = locked.answers.get(section, {})
            locked.answers = {**locked.answers, section: answers}
            done = set(locked.completed_sections)
            (done.add if completed else done.discard)(section)
            locked.completed_sections = sorted(done)
            return_changed(locked, actor=actor, summary=f"Section {section} saved")
            SectionDraft.objects.filter(scoping_return=locked, user=actor, section=section).delete()
            audit_record(
                actor=actor,
                verb=Verb.RETURN_SECTION_SAVED,
                target=locked,
                review_reference=locked.review_agency.review.reference,
                payload={
                    "section": section,
                    "completed": completed,
                    "changes": {
                        key: {"old": old.get(key), "new": answers.get(key)}
                        for key in sorted({*old, *answers})
                        if old.get(key) != answers.get(key)
                    },
                },
            )
            return locked
    except _Stale as stale:
        attempted = snapshot(scoping_return, answers={**scoping_return.answers, section: answers})
        raise save_refused(
            scoping_return,
            actor=actor,
            summary=f"Section {section}: changes not saved",
            attempted=attempted,
            current=stale.current_version,
        ) from None


def draft_autosave(
    *, actor: Any, scoping_return: ScopingReturn, section: str, data: dict, base_version: int
) -> SectionDraft:
    """Keep what `actor` has typed into `section` so far (raw, unvalidated), replacing their
    previous draft of it. Only the editor sees it; saving the section removes it."""
    with transaction.atomic():
        draft, created = SectionDraft.objects.update_or_create(
            scoping_return=scoping_return,
            user=actor,
            section=section[:50],
            defaults={"data": data, "base_version": base_version, "saved_at": timezone.now()},
        )
        if created:  # one event per editing session of a section, not one per keystroke
            audit_record(
                actor=actor,
                verb=Verb.RETURN_DRAFT_AUTOSAVED,
                target=scoping_return,
                review_reference=scoping_return.review_agency.review.reference,
                payload={"section": section[:50]},
            )
    return draft


def draft_discard(*, actor: Any, scoping_return: ScopingReturn, section: str) -> bool:
    """Throw away `actor`'s unsaved draft of `section` ("Discard these unsaved answers").
    Returns whether there was one. Audited under the autosave verb, marked as discarded."""
    with transaction.atomic():
        deleted, _ = SectionDraft.objects.filter(
            scoping_return=scoping_return, user=actor, section=section[:50]
        ).delete()
        if deleted:
            audit_record(
                actor=actor,
                verb=Verb.RETURN_DRAFT_AUTOSAVED,
                target=scoping_return,
                review_reference=scoping_return.review_agency.review.reference,
                payload={"section": section[:50], "discarded": True},
            )
    return bool(deleted)
