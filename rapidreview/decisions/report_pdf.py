"""The report to the Panel as a PDF, rendered from `report_content.Report` by WeasyPrint.

The template (`decisions/report_pdf.html`) holds its own stylesheet and no images, so every URL
fetch is refused: nothing in the report comes from, or calls out to, anywhere else. Each page
carries OFFICIAL-SENSITIVE at its top and bottom, the review reference and "Page 2 of 9".
"""

import io

from django.template.loader import render_to_string
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .report_parts import Report

CONTENT_TYPE = "application/pdf"


class RefusedFetch(ValueError):
    """The report asked for something from outside itself."""


class NoFetching(URLFetcher):
    """Refuses every URL (a web address, a file on the server, a data URL) without making any
    request; WeasyPrint logs the refusal as a warning and renders the rest."""

    def fetch(self, url, headers=None):
        raise RefusedFetch("The report fetches nothing from outside itself")


def render_pdf(report: Report) -> bytes:
    html = render_to_string("decisions/report_pdf.html", {"report": report})
    return HTML(string=html, url_fetcher=NoFetching()).write_pdf()


def pdf_text(content: bytes) -> str:
    """The words of every page, and the document's properties, read back from the file."""
    reader = PdfReader(io.BytesIO(content))
    parts = [page.extract_text() or "" for page in reader.pages]
    metadata = reader.metadata or {}
    parts.extend(str(value) for value in metadata.values())
    return "\n".join(parts)
