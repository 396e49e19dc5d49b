"""The meeting pack: one PDF for the people invited to the meeting (DOMAIN.md §6), made afresh
for each download so that every copy carries its reader's name and the time.

What it holds: a cover (the partnership, the review, when and where the meeting is), the agenda,
the people invited, the involvement matrix, the merged chronology and each released return's
sections, all as the released returns show them, with names. Only what has been released to the
meeting is in it, whoever downloads it: the same pack for the team as for an agency.

Every page carries "OFFICIAL-SENSITIVE" in its header and footer, the reader's name and the time
as a light diagonal watermark and in the footer, and "Page 3 of 12".

Rendered by WeasyPrint from the templates in `templates/meetings/pack/`, with the stylesheet
inlined and every URL fetch refused (`documents.pdf.no_fetching`): nothing in the pack comes from, or calls out
to, anywhere else. Nothing is stored; each download is audited (MEETING_PACK_DOWNLOADED) with
its size and page count, never a name.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.core.dates import uk_datetime
from rapidreview.documents.pdf import html_to_pdf
from rapidreview.reviews.models import RapidReview
from rapidreview.scoping.merged import involvement_matrix, merged_chronology, people_on
from rapidreview.scoping.models import ReturnState, ScopingReturn
from rapidreview.scoping.return_summary import return_summary

from .agenda import agenda_for, meeting_when
from .models import Meeting

CONTENT_TYPE = "application/pdf"
MARKING = "OFFICIAL-SENSITIVE"


def render_pdf(html: str) -> tuple[bytes, int]:
    """HTML to PDF, fetching nothing. The PDF's bytes and its number of pages."""
    return html_to_pdf(html)


def filename_for(review: RapidReview) -> str:
    """RR-2026-004-meeting-pack.pdf: no personal data."""
    return f"{review.reference}-meeting-pack.pdf"


def released_returns(review: RapidReview) -> list[ScopingReturn]:
    return list(
        ScopingReturn.objects.filter(review_agency__review=review, state=ReturnState.RELEASED)
        .select_related("review_agency__agency", "review_agency__review")
        .order_by("review_agency__agency__name")
    )


def pack_html(meeting: Meeting, *, reader, at: datetime) -> tuple[str, dict]:
    """The pack as HTML, and counts of what it holds (for the audit trail)."""
    review = meeting.review
    people = people_on(review)
    chronology = merged_chronology(review, people=people)
    returns = released_returns(review)
    matrix = involvement_matrix(review, shared_with={r.review_agency_id for r in returns})
    downloaded = f"Downloaded by {reader.full_name} on {uk_datetime(at)}"
    context = {
        "partnership_name": settings.PARTNERSHIP_NAME,
        "marking": MARKING,
        "review": review,
        "incident": review.incident,
        "meeting": meeting,
        "when": meeting_when(meeting),
        "agenda": agenda_for(review, chronology=chronology),
        "attendees": meeting.attendees.select_related("user", "agency"),
        "matrix": matrix,
        "chronology_rows": [(row, row.names(pseudonyms=False)) for row in chronology.rows],
        "summaries": [return_summary(r) for r in returns],
        "watermark": f"{reader.full_name} · {uk_datetime(at)}",
        "downloaded": downloaded,
        "stylesheet": render_to_string("meetings/pack/pack.css", {"marking": MARKING}),
    }
    html = render_to_string("meetings/pack/pack.html", context)
    return html, {"released_returns": len(returns), "chronology_rows": len(chronology.rows)}


@dataclass(frozen=True)
class Pack:
    content: bytes
    pages: int


def meeting_pack(meeting: Meeting, *, reader) -> Pack:
    """The pack for `reader`, watermarked with their name and the time now; the download is
    recorded in the audit trail with the pack's size and pages."""
    html, counts = pack_html(meeting, reader=reader, at=timezone.now())
    content, pages = render_pdf(html)
    audit_record(
        actor=reader,
        verb=Verb.MEETING_PACK_DOWNLOADED,
        target=meeting,
        review_reference=meeting.review.reference,
        payload={"format": "pdf", "bytes": len(content), "pages": pages, **counts},
    )
    return Pack(content, pages)
