"""The meeting pack: a PDF of what has been released to the meeting, read back with pypdf. Each
copy carries its reader's name and the time on every page; every download is audited; a return
that is not released is not in it; the renderer fetches nothing from outside."""

import io
import socket
from datetime import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.documents import pdf
from rapidreview.meetings import pack

from ..conftest import signed_in_client
from ..reviews.factories import LONDON
from .pack_data import (
    POLICE_ROW,
    POLICE_SECOND_ROW,
    POLICE_SUMMARY,
    SCHOOL_DRAFT_ROW,
    prepared_review,
    with_meeting,
)

pytestmark = pytest.mark.django_db

AFTERNOON = datetime(2026, 11, 26, 14, 30, tzinfo=LONDON)
NEXT_MORNING = datetime(2026, 11, 27, 9, 5, tzinfo=LONDON)


@pytest.fixture
def prepared(personas):
    prepared = prepared_review(personas)
    with_meeting(personas, prepared)
    return prepared


def _download(user, review, when=AFTERNOON):
    """`user` signs in and downloads the pack at `when`."""
    with time_machine.travel(when, tick=False):
        return signed_in_client(user).get(reverse("meetings:pack", args=[review.reference]))


def _pages(response) -> list[str]:
    reader = PdfReader(io.BytesIO(response.content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_an_attendee_downloads_a_pdf_named_after_the_review(personas, prepared):
    response = _download(personas.agency_a_rep, prepared.review)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{prepared.review.reference}-meeting-pack.pdf"'
    )
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF-")


def test_the_pack_holds_what_was_released_to_the_meeting(personas, prepared):
    pages = _pages(_download(personas.agency_a_rep, prepared.review))
    text = " ".join(pages)
    assert prepared.review.reference in pages[0]
    assert settings.PARTNERSHIP_NAME in pages[0]
    assert "Meeting pack" in pages[0]
    assert "16 March 2026, 10:00am to midday" in pages[0]
    assert "Room 1, Invented House" in pages[0]
    # The agenda, the people invited, the matrix, the chronology and the released return.
    assert "Invented Police Force presents its return" in text
    assert "Invented Primary School: return not yet released" in text
    assert "People invited" in text
    assert "Alex Arep" in text and "Pia Partner" in text
    assert "Involvement matrix" in text
    assert "Invented Childname1 (Child A)" in text
    assert _flat(POLICE_ROW) in text
    assert _flat(POLICE_SECOND_ROW) in text
    assert "Initial scoping and information sharing return" in text
    assert POLICE_SUMMARY in text
    assert "Signed off by Invented Senior Leader" in text


def test_a_return_that_is_not_released_is_not_in_the_pack(personas, prepared):
    text = " ".join(_pages(_download(personas.partnership_team, prepared.review)))
    assert _flat(SCHOOL_DRAFT_ROW) not in text
    # The school is named only as a gap in the agenda and "Not shared yet" in the matrix.
    assert "Not shared yet" in text
    assert "Invented Primary School presents its return" not in text
    assert text.count("Initial scoping and information sharing return") == 1


def test_every_page_is_marked_and_carries_the_readers_name_and_the_time(personas, prepared):
    pages = _pages(_download(personas.agency_a_rep, prepared.review))
    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number}: {text[:200]}"
        assert "Downloaded by Alex Arep on 26 November 2026, 2:30pm" in text, f"page {number}"
        assert f"Page {number} of {len(pages)}" in text


def test_a_second_attendee_gets_a_copy_with_their_own_name(personas, prepared):
    _download(personas.agency_a_rep, prepared.review)
    pages = _pages(_download(personas.safeguarding_partner, prepared.review, NEXT_MORNING))
    for text in pages:
        assert "Downloaded by Pia Partner on 27 November 2026, 9:05am" in text
        assert "Downloaded by Alex Arep" not in text
        assert "2:30pm" not in text


def test_each_download_is_audited_with_its_reader_and_no_names(personas, prepared):
    first = _download(personas.agency_a_rep, prepared.review)
    _download(personas.partnership_team, prepared.review, NEXT_MORNING)
    events = list(AuditEvent.objects.filter(verb=Verb.MEETING_PACK_DOWNLOADED).order_by("sequence"))
    assert [event.actor for event in events] == [personas.agency_a_rep, personas.partnership_team]
    event = events[0]
    assert event.review_reference == prepared.review.reference
    assert event.target_type == "meetings.meeting"
    assert event.target_id == str(prepared.review.meeting.public_id)
    assert event.payload == {
        "format": "pdf",
        "bytes": len(first.content),
        "pages": len(PdfReader(io.BytesIO(first.content)).pages),
        "released_returns": 1,
        "chronology_rows": 2,
    }
    assert "Arep" not in str(event.payload) and "Childname" not in str(event.payload)


def test_a_refused_download_is_not_audited(personas, prepared):
    response = _download(personas.agency_b_rep, prepared.review)
    assert response.status_code == 403
    assert "Only the people invited to the meeting can download its pack." in (
        response.content.decode()
    )
    assert not AuditEvent.objects.filter(verb=Verb.MEETING_PACK_DOWNLOADED).exists()


def test_no_meeting_arranged_means_no_pack(personas):
    prepared = prepared_review(personas)
    response = _download(personas.partnership_team, prepared.review)
    assert response.status_code == 404


# --- the renderer fetches nothing ----------------------------------------------------------------


@pytest.fixture
def network_calls(monkeypatch):
    """Every attempt to look up a host or open a connection, refused and recorded."""
    calls = []

    def refuse(name):
        def refused(*args, **kwargs):
            calls.append((name, args[:2]))
            raise OSError(f"network use in a test: {name}")

        return refused

    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    return calls


HTML_WITH_OUTSIDE_ADDRESSES = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="http://example.invalid/style.css">
<style>@import url("https://example.invalid/more.css"); body { font-family: sans-serif; }</style>
</head><body><p>Invented text that must still be rendered.</p>
<img src="http://example.invalid/x.png" alt="">
<img src="file:///etc/passwd" alt="">
</body></html>"""


def test_the_renderer_makes_no_network_request_and_still_renders(network_calls):
    content, pages = pack.render_pdf(HTML_WITH_OUTSIDE_ADDRESSES)
    assert network_calls == []
    assert pages == 1
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Invented text that must still be rendered." in text


def test_weasyprints_own_fetcher_would_have_gone_out(network_calls):
    """The guard above has teeth: WeasyPrint's default fetcher does try the network."""
    with pytest.raises(OSError):
        URLFetcher()("http://example.invalid/x.png")
    assert network_calls


def test_the_fetcher_refuses_every_address():
    fetcher = pdf.no_fetching()
    for url in (
        "http://example.invalid/x.png",
        "https://example.invalid/style.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ):
        with pytest.raises(pdf.RefusedFetch):
            fetcher(url)


def test_odd_text_in_a_return_is_rendered_not_interpreted(personas, prepared):
    # (No control characters: every form refuses NUL, and PostgreSQL cannot store it.)
    odd = '<img src="http://example.invalid/y.png"> \u202eInvented\u202c 😀 {{ name }} %s'
    prepared.police_return.chronology.update(what_happened=odd)
    pages = _pages(_download(personas.agency_a_rep, prepared.review))
    text = " ".join(pages)
    assert '<img src="http://example.invalid/y.png">' in text
    assert "{{ name }} %s" in text
