"""The police representative builds the chronology (section C) by keyboard: adds two rows, imports
ten from a CSV file (a first attempt with a mistake is refused whole, naming the row), changes
one row, removes another and downloads the chronology as an Excel spreadsheet. Every page on the
way is checked by axe-core (the `page` fixture fails the test otherwise). Choosing a file is the
one step done with Playwright's file chooser, not the keyboard."""

import io
from datetime import date, time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from rapidreview.core import calendar
from rapidreview.reviews.models import State
from rapidreview.scoping.models import ChronologyEntry

from ..reviews.factories import make_incident, make_review
from .journey import choose_radio, navigation, press, sign_in, tab_to, type_into, visit

pytestmark = pytest.mark.e2e

SAMPLE = Path(__file__).parents[1] / "scoping" / "data" / "chronology_sample.csv"


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
    with navigation(page):
        press(page, page.get_by_role(role, name=link, exact=True))


def type_date(page: Page, name: str, day: date) -> None:
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        type_into(page, page.locator(f'[name="{name}_{part}"]'), str(value))


def tick(page: Page, label: str) -> None:
    tab_to(page, page.get_by_label(label, exact=True))
    page.keyboard.press("Space")


def add_row(page: Page, day: date, clock: str, people: list[str], kind: str, what: str) -> None:
    follow(page, "Add a row", "button")
    type_date(page, "occurred_on", day)
    if clock:
        type_into(page, page.get_by_label("Time (optional)"), clock)
    for person in people:
        tick(page, person)
    choose_radio(page, page.get_by_label(kind, exact=True))
    type_into(page, page.get_by_label("Practitioner's role"), "Response officer")
    type_into(page, page.get_by_label("What happened"), what)
    submit(page, "Save row")
    expect(page.get_by_text("Chronology row saved")).to_be_visible()


def upload(page: Page, content: bytes) -> None:
    follow(page, "Import from a file", "button")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "chronology.csv", "mimeType": "text/csv", "buffer": content}
    )
    submit(page, "Continue")
    expect(page.get_by_role("heading", name="Match the columns")).to_be_visible()
    submit(page, "Import rows")


def test_the_police_build_their_chronology(open_page, review, agency_rep):
    rep = open_page()
    sign_in(rep, agency_rep)
    visit(rep, f"/reviews/{review.reference}/our-work/return/chronology/")
    expect(rep.get_by_text("No rows yet.")).to_be_visible()

    # Two rows by keyboard.
    child, mother = "Invented Childname1 (child)", "Invented Adultname1 (mother)"
    add_row(rep, date(2025, 8, 1), "23:40", [child, mother], "Incident or call-out", "Call-out")
    add_row(rep, date(2025, 5, 3), "", [mother], "Phone call", "Call from the mother")
    dates = rep.locator("tbody tr td:first-child")
    expect(dates.first).to_contain_text("3 May 2025")  # date order, not the order typed
    expect(rep.locator("tbody tr").nth(1)).to_contain_text("11:40pm")

    # A file with a mistake imports nothing and says which row.
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    lines[6] = lines[6].replace("30/10/2025", "31/09/2025")
    upload(rep, "\n".join(lines).encode())
    problems = rep.locator("#import-problems")
    expect(problems).to_contain_text("Row 7: the date '31/09/2025' is not a real date")
    assert ChronologyEntry.objects.count() == 2

    # The fixed file imports all ten rows.
    visit(rep, f"/reviews/{review.reference}/our-work/return/chronology/")
    upload(rep, SAMPLE.read_bytes())
    expect(rep.get_by_text("10 chronology rows imported")).to_be_visible()
    expect(rep.locator("tbody tr")).to_have_count(12)

    # Change one row, remove another.
    follow(rep, "Change the row of 1 August 2025")
    field = rep.get_by_label("Time (optional)")
    tab_to(rep, field)
    rep.keyboard.press("Control+A")
    rep.keyboard.type("23:45")
    submit(rep, "Save row")
    assert ChronologyEntry.objects.get(what_happened="Call-out").occurred_at == time(23, 45)
    follow(rep, "Remove the row of 3 May 2025")
    expect(
        rep.get_by_role("heading", name="Are you sure you want to remove this row?")
    ).to_be_visible()
    submit(rep, "Remove row")
    expect(rep.get_by_text("Chronology row removed")).to_be_visible()
    expect(rep.locator("tbody tr")).to_have_count(11)

    # The spreadsheet holds the rows in date order.
    with rep.expect_download() as download:
        press(rep, rep.get_by_role("link", name="Download the chronology (Excel spreadsheet)"))
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 12
    assert rows[1][0].date() == date(2025, 4, 14)
    assert [row[5] for row in rows].count("Call-out") == 1
