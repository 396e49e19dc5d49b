"""The report to the Panel as a PDF, rendered from `report_content.Report` by WeasyPrint.

The template (`decisions/report_pdf.html`) holds its own stylesheet and no images, so every URL
fetch is refused: nothing in the report comes from, or calls out to, anywhere else. Each page
carries OFFICIAL-SENSITIVE at its top and bottom, the review reference and "Page 2 of 9".
"""

import io
from functools import cache

from django.template.loader import render_to_string
from pypdf import PdfReader

from .report_parts import Report

CONTENT_TYPE = "application/pdf"


class RefusedFetch(ValueError):
    """The report asked for something from outside itself."""


@cache
def _no_fetching_class() -> type:
    # WeasyPrint is imported when a PDF is first made, not when the URLs load: finding its
    # libraries (Pango) takes seconds, and every page of the service would wait for it.
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        """Refuses every URL (a web address, a file on the server, a data URL) without making
        any request; WeasyPrint logs the refusal as a warning and renders the rest."""

        def fetch(self, url, headers=None):
            raise RefusedFetch("The report fetches nothing from outside itself")

    return NoFetching


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    html = render_to_string("decisions/report_pdf.html", {"report": report})
    return HTML(string=html, url_fetcher=_no_fetching_class()()).write_pdf()


def pdf_text(content: bytes) -> str:
    """The words of every page, and the document's properties, read back from the file."""
    reader = PdfReader(io.BytesIO(content))
    parts = [page.extract_text() or "" for page in reader.pages]
    metadata = reader.metadata or {}
    parts.extend(str(value) for value in metadata.values())
    return "\n".join(parts)
