"""The report to the Panel as a PDF, rendered from `report_content.Report` by WeasyPrint.

The template (`decisions/report_pdf.html`) holds its own stylesheet and no images, so every URL
fetch is refused: nothing in the report comes from, or calls out to, anywhere else. Each page
carries OFFICIAL-SENSITIVE at its top and bottom, the review reference and "Page 2 of 9".
"""

from django.template.loader import render_to_string

from rapidreview.documents.pdf import html_to_pdf

from .report_parts import Report

CONTENT_TYPE = "application/pdf"


def render_pdf(report: Report) -> bytes:
    html = render_to_string("decisions/report_pdf.html", {"report": report})
    return html_to_pdf(html)[0]
