"""Generating the report to the Panel as Word or PDF: build, check, render, check again, audit.

The anonymisation check runs twice: on the report's data, where each leak names the field a
person can fix, and on the rendered file's text read back from it (python-docx, pypdf), so
nothing a renderer adds slips through. A refusal is recorded (REPORT_REFUSED) with the fields
only; a report is generated only once the decision is recorded. The web page, the download and
`rapidreview report` all come through here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.audit.services import audit_record
from rapidreview.documents.pdf import pdf_text
from rapidreview.documents.word import CONTENT_TYPE as DOCX_CONTENT_TYPE
from rapidreview.reviews.models import RapidReview

from . import report_docx, report_pdf
from .anonymise import Leak, leaks, leaks_in_rendered
from .models import Decision
from .report_content import build_report
from .report_parts import Report


@dataclass(frozen=True)
class Format:
    key: str
    label: str  # "Word", "PDF"
    content_type: str
    render: Callable[[Report], bytes]
    read_back: Callable[[bytes], str]


FORMATS = {
    "docx": Format(
        "docx", "Word", DOCX_CONTENT_TYPE, report_docx.render_docx, report_docx.docx_text
    ),
    "pdf": Format("pdf", "PDF", report_pdf.CONTENT_TYPE, report_pdf.render_pdf, pdf_text),
}


class ReportError(Exception):
    """The report cannot be generated, for a reason a person can act on."""


class ReportNotReady(ReportError):
    pass


class ReportRefused(ReportError):
    def __init__(self, found: list[Leak]) -> None:
        super().__init__(refusal_text(found))
        self.leaks = found


def refusal_text(found: list[Leak]) -> str:
    """The reason, naming each field and what it holds, never the name itself."""
    return "The report names someone on the review. " + " ".join(f"{leak}." for leak in found)


def filename_for(review: RapidReview, fmt: str) -> str:
    """RR-2026-004-rapid-review.docx: no personal data."""
    return f"{review.reference}-rapid-review.{fmt}"


def format_of(fmt: str) -> Format:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ValueError(f"Unknown format {fmt!r}: choose docx or pdf") from None


def report_refusal(review: RapidReview) -> str | None:
    """Why the report would be refused by the anonymisation check, or None when it passes.
    Nothing is recorded: a page or a step may ask as often as it likes."""
    found = leaks(build_report(review), review)
    return refusal_text(found) if found else None


def _refuse(review: RapidReview, fmt: str, found: list[Leak], *, actor, via: str) -> None:
    audit_record(
        actor=actor,
        verb=Verb.REPORT_REFUSED,
        target=review,
        review_reference=review.reference,
        payload={"format": fmt, "fields": sorted({leak.field for leak in found}), **_via(via)},
    )
    raise ReportRefused(found)


def _via(via: str) -> dict[str, Any]:
    return {"via": via} if via else {}


def generate(
    review: RapidReview,
    fmt: str,
    *,
    actor: Any,
    via: str = "",
    verb: Verb = Verb.REPORT_GENERATED,
) -> bytes:
    """The report as a file in `fmt` ("docx" or "pdf"). Raises ReportNotReady before the decision
    is recorded and ReportRefused (recorded as REPORT_REFUSED, naming the fields) when the check
    finds a leak in the report or in the rendered file. A file handed over is recorded as `verb`
    (REPORT_GENERATED, or REPORT_DOWNLOADED for a download) with its format and size."""
    if verb not in {Verb.REPORT_GENERATED, Verb.REPORT_DOWNLOADED}:
        raise ValueError(f"{verb} is not a verb for a generated report")
    kind = format_of(fmt)
    if not Decision.objects.filter(review=review).exists():
        raise ReportNotReady(
            f"Review {review.reference} has no decision yet: record the decision first"
        )
    report = build_report(review)
    if found := leaks(report, review):
        _refuse(review, fmt, found, actor=actor, via=via)
    content = kind.render(report)
    rendered = kind.read_back(content)
    if found := leaks_in_rendered(rendered, report, review, field=f"The {kind.label} file"):
        _refuse(review, fmt, found, actor=actor, via=via)
    audit_record(
        actor=actor,
        verb=verb,
        target=review,
        review_reference=review.reference,
        payload={"format": fmt, "bytes": len(content), **_via(via)},
    )
    return content


def last_size(review: RapidReview, fmt: str) -> int | None:
    """The size in bytes of the last file generated in `fmt`, if any (from the audit trail)."""
    payload = (
        AuditEvent.objects.filter(
            review_reference=review.reference,
            verb__in=[Verb.REPORT_GENERATED, Verb.REPORT_DOWNLOADED],
            payload__format=fmt,
        )
        .order_by("-sequence")
        .values_list("payload", flat=True)
        .first()
    )
    return payload.get("bytes") if payload else None


def human_size(size: int) -> str:
    """48 KB, 1.2 MB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
