"""Writing the narrative sections of the report to the Panel (`ReportText`).

One save changes any of the sections at once. The page names the version it was shown at; a
save from an older version is refused (`StaleReportText`) so two people writing at the same time
cannot overwrite each other. Audited as REPORT_TEXT_SAVED with the names of the sections that
changed, never their text.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.reviews.models import OPEN_STATES, SENT_STATES, RapidReview
from rapidreview.reviews.services import ServiceError

from .models import NARRATIVE_SECTIONS, ReportText

FIELDS = tuple(NARRATIVE_SECTIONS)
MAX_LENGTH = 20_000


class StaleReportText(ServiceError):
    def __init__(self) -> None:
        super().__init__(
            "Someone else changed the report while you were editing it. Your text is below: "
            "check their changes on the report page before saving yours again."
        )


def report_text_of(review: RapidReview) -> ReportText | None:
    return ReportText.objects.filter(review=review).first()


def version_of(review: RapidReview) -> int:
    """The version a page shows: 0 before anything is written."""
    text = report_text_of(review)
    return text.version if text else 0


def _clean(value: str) -> str:
    """Line endings made one kind, NUL dropped, trailing space trimmed."""
    return value.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def report_text_save(
    *, actor: Any, review: RapidReview, values: dict[str, str], version: int
) -> ReportText:
    """Save the sections in `values` (field -> text), from the page shown at `version`."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not sections of the report: {sorted(unknown)}")
    cleaned = {name: _clean(value) for name, value in values.items()}
    if any(len(value) > MAX_LENGTH for value in cleaned.values()):
        raise ServiceError(f"Each section must be {MAX_LENGTH:,} characters or fewer")
    with transaction.atomic():
        locked = RapidReview.objects.select_for_update().get(pk=review.pk)
        if locked.state not in OPEN_STATES - SENT_STATES:
            raise ServiceError(
                f"Review {locked.reference} has been sent to the Panel or closed: "
                "its report can no longer be changed"
            )
        text = ReportText.objects.select_for_update().filter(review=locked).first()
        if (text.version if text else 0) != version:
            raise StaleReportText()
        if text is None:
            text = ReportText(review=locked, updated_by=actor, version=0)
        changed = [
            name for name in FIELDS if name in cleaned and getattr(text, name) != cleaned[name]
        ]
        if not changed:
            return text
        for name in changed:
            setattr(text, name, cleaned[name])
        text.version += 1
        text.updated_by = actor
        text.updated_at = timezone.now()
        if text.pk:
            text.save(update_fields=[*changed, "version", "updated_by", "updated_at"])
        else:
            text.save()
        audit_record(
            actor=actor,
            verb=Verb.REPORT_TEXT_SAVED,
            target=locked,
            review_reference=locked.reference,
            payload={"sections": changed, "version": text.version},
        )
    return text
