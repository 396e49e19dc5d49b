"""The meeting pack, by keyboard: the police representative, invited to the meeting, opens the
agenda, sees their agency presenting its released return and the school's return still awaited,
and downloads the meeting pack; the PDF carries their name on every page and holds the released
chronology, not the school's draft. The school's representative, on the review but not invited,
is told why there is no pack for them. Every page is checked by axe-core."""

import io
from datetime import date, time

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from rapidreview.accounts.models import Role
from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.core import calendar
from rapidreview.reviews.models import State

from ..factories import make_user
from ..meetings.factories import make_meeting
from ..meetings.pack_data import declare
from ..reviews.factories import make_incident, make_review
from ..scoping.factories import make_return
from ..scoping.merged_data import add_row, released_return
from .journey import press, sign_in, visit

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    """Transactional tests empty every table when they end, bank holidays included."""
    calendar.load_bank_holidays(2012, 2040)


@pytest.fixture
def school_rep(school):
    return make_user(Role.AGENCY_REPRESENTATIVE, school, full_name="Bea Brep")


@pytest.fixture
def review(partnership_team, police, school, agency_rep, school_rep):
    incident = make_incident(partnership_team, children=("Child A",))
    review = make_review(
        incident,
        convened_by=partnership_team,
        state=State.READY_FOR_MEETING,
        agencies=(police, school),
    )
    child = incident.children.get()
    police_return = released_return(review, police, by=agency_rep)
    declare(review, police, by=agency_rep, involved_with=[child])
    add_row(
        police_return,
        on=date(2026, 2, 10),
        at=time(21, 30),
        people=[child],
        what="Invented call-out to the home.",
    )
    school_return = make_return(review, school, by=school_rep)
    declare(review, school, by=school_rep, involved_with=[child])
    add_row(school_return, on=date(2026, 2, 9), people=[child], what="Invented draft note.")
    make_meeting(review, by=partnership_team, attendees=(agency_rep,))
    return review


def test_an_invited_representative_downloads_the_pack_by_keyboard(
    open_page, review, agency_rep, school_rep
):
    page: Page = open_page()
    sign_in(page, agency_rep)
    visit(page, f"/reviews/{review.reference}/meeting/agenda/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda for the rapid review meeting")
    agenda = page.locator("#agenda")
    expect(agenda).to_contain_text("Invented Police Force presents its return")
    expect(agenda).to_contain_text("Invented Primary School: return not yet released")

    with page.expect_download() as download:
        press(page, page.get_by_role("link", name="Download the meeting pack (PDF)"))
    assert download.value.suggested_filename == f"{review.reference}-meeting-pack.pdf"
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    for text in pages:
        assert "Downloaded by Alex Arep on " in text
        assert "OFFICIAL-SENSITIVE" in text
    everything = " ".join(pages)
    assert "Invented call-out to the home." in everything
    assert "Invented draft note." not in everything
    assert AuditEvent.objects.get(verb=Verb.MEETING_PACK_DOWNLOADED).actor == agency_rep

    school_page: Page = open_page()
    sign_in(school_page, school_rep)
    visit(school_page, f"/reviews/{review.reference}/meeting/agenda/")
    expect(school_page.locator("#meeting-pack-refused")).to_have_text(
        "Only the people invited to the meeting can download its pack."
    )
    expect(school_page.get_by_role("link", name="Download the meeting pack (PDF)")).to_have_count(0)
