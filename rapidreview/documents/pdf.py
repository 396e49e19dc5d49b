"""PDF files from HTML with WeasyPrint, fetching nothing (the meeting pack, the report to the
Panel).

Our PDF templates inline their stylesheet and hold no images, so any address in them (a web
address, a file on the server, a data URL) can only be a mistake or an attack: the fetcher
refuses every one without making a request, WeasyPrint logs the refusal as a warning and renders
the rest. WeasyPrint is imported when the first PDF is made, not when the URLs load: finding its
libraries (Pango) takes seconds, and every page of the service would wait for it.
"""

import io
from functools import cache

from pypdf import PdfReader


class RefusedFetch(ValueError):
    """A PDF asked for something from outside itself."""


@cache
def _no_fetching_class() -> type:
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise RefusedFetch("Our PDF files fetch nothing from outside themselves")

    return NoFetching


def no_fetching():
    """WeasyPrint's URL fetcher, refusing every URL."""
    return _no_fetching_class()()


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """HTML to PDF, fetching nothing: the PDF's bytes and its number of pages."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=no_fetching()).render()
    return document.write_pdf(), len(document.pages)


def pdf_text(content: bytes) -> str:
    """The words of every page, and the document's properties, read back from the file."""
    reader = PdfReader(io.BytesIO(content))
    parts = [page.extract_text() or "" for page in reader.pages]
    metadata = reader.metadata or {}
    parts.extend(str(value) for value in metadata.values())
    return "\n".join(parts)
