"""The partnership shares a document and the police do their records work, by keyboard: the team
adds the terms of reference from the review page; the police representative confirms reading
it, records where the records are secured, copies a record into the private area, records an
alert for the mother and a member of staff; the team then sees who has read the document.
Every page on the way is checked by axe-core (the `page` fixture fails the test otherwise).
Choosing a file is the one step done with Playwright's file chooser, not the keyboard."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from rapidreview.core import calendar
from rapidreview.participation.models import Alert, PrivateRecord, RecordsSecured, StaffMember
from rapidreview.reviews.models import State

from ..reviews.factories import make_incident, make_review
from .journey import choose_radio, navigation, press, sign_in, tab_to, type_into, visit

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    """Transactional tests empty every table when they end, bank holidays included."""
    calendar.load_bank_holidays(2012, 2040)


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.UPLOADED_FILES_DIR = tmp_path / "uploads"


@pytest.fixture
def review(partnership_team, police, school):
    incident = make_incident(partnership_team, children=("Child A",), family=("Mother",))
    return make_review(
        incident,
        convened_by=partnership_team,
        state=State.GATHERING_INFORMATION,
        agencies_asked_on=date(2026, 3, 9),
        agencies=(police, school),
    )


def submit(page: Page, button: str) -> None:
    with navigation(page):
        press(page, page.get_by_role("button", name=button, exact=True))


def follow(page: Page, link: str, role: str = "link") -> None:
    """A link, or a link styled as a button (role="button")."""
    with navigation(page):
        press(page, page.get_by_role(role, name=link, exact=True))


def type_date(page: Page, name: str, day: date) -> None:
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        type_into(page, page.locator(f'[name="{name}_{part}"]'), str(value))


def attach(page: Page, label: str, name: str, content: bytes) -> None:
    page.get_by_label(label).set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": content}
    )


def test_the_team_shares_a_document_and_the_police_do_their_records_work(
    open_page, review, partnership_team, agency_rep, police, school
):
    reference = review.reference

    # The team adds the terms of reference from the review page.
    team = open_page()
    sign_in(team, partnership_team)
    visit(team, f"/reviews/{reference}/")
    follow(team, "Add documents and see who has read them")
    follow(team, "Add a document", "button")
    type_into(team, team.get_by_label("Title"), "Invented terms of reference")
    choose_radio(team, team.get_by_label("Terms of reference", exact=True))
    attach(team, "Upload the document", "Terms.txt", b"Invented terms of reference.\n")
    submit(team, "Add document")
    expect(team.get_by_text("Invented terms of reference added to the review")).to_be_visible()

    # The police representative confirms reading it.
    rep = open_page()
    sign_in(rep, agency_rep)
    visit(rep, f"/reviews/{reference}/")
    follow(rep, "Documents for the review")
    with navigation(rep):
        press(rep, rep.get_by_role("button", name="I have read this"))
    expect(rep.get_by_text("You have confirmed you read this document.")).to_be_visible()

    # Records secured, then a copy in the private area.
    visit(rep, f"/reviews/{reference}/our-work/records/")
    type_date(rep, "secured_on", date(2026, 3, 10))
    type_into(rep, rep.get_by_label("Where are the records held?"), "Invented restricted folder")
    type_into(rep, rep.get_by_label("Who may access them?"), "Invented: the representative")
    submit(rep, "Save")
    assert RecordsSecured.objects.get().location == "Invented restricted folder"

    visit(rep, f"/reviews/{reference}/our-work/private-records/")
    type_into(rep, rep.get_by_label("Description"), "Invented call log")
    attach(rep, "Upload a copy of the record", "Call log.txt", b"Invented call log.\n")
    submit(rep, "Add to the private area")
    expect(rep.get_by_role("link", name="Invented call log")).to_be_visible()
    assert PrivateRecord.objects.get().review_agency.agency == police

    # An alert for the mother.
    visit(rep, f"/reviews/{reference}/our-work/alerts/")
    follow(rep, "Add an alert for Invented Adultname1")
    expect(rep.get_by_label("Invented Adultname1 (mother)")).to_be_checked()
    type_into(rep, rep.get_by_label("System"), "Invented custody system")
    type_date(rep, "placed_on", date(2026, 3, 10))
    type_into(rep, rep.get_by_label("Placed by"), "Invented Officer, records clerk")
    submit(rep, "Save alert")
    expect(rep.get_by_text("Alert recorded for Invented Adultname1")).to_be_visible()
    assert Alert.objects.get().family_member.pseudonym == "Mother"

    # A member of staff: initials, never a full name.
    visit(rep, f"/reviews/{reference}/our-work/staff/")
    follow(rep, "Add a member of staff", "button")
    type_into(rep, rep.get_by_label("Role"), "Response officer")
    type_into(rep, rep.get_by_label("Initials"), "Terry Kay")
    tab_to(rep, rep.get_by_label("Invented Childname1 (child)"))
    rep.keyboard.press("Space")
    submit(rep, "Save")
    expect(rep.get_by_role("heading", name="There is a problem")).to_be_visible()
    tab_to(rep, rep.get_by_label("Initials"))
    rep.keyboard.press("Control+A")
    rep.keyboard.type("TK")
    submit(rep, "Save")
    expect(rep.get_by_role("heading", name="TK, Response officer")).to_be_visible()
    assert StaffMember.objects.get().contact_with == "Invented Childname1"

    # The team sees who has read the document, and who has not.
    visit(team, f"/reviews/{reference}/documents/")
    read = team.locator(".govuk-summary-list__row", has_text="Confirmed as read")
    expect(read).to_contain_text(f"{police.name}: {agency_rep.full_name}")
    not_read = team.locator(".govuk-summary-list__row", has_text="Not read yet")
    expect(not_read).to_contain_text(school.name)
