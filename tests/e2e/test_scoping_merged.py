"""Issue 6's merged chronology, by keyboard: the co-ordinator opens the merged chronology of two
released returns from the review page, filters it by individual and date, switches between names
and pseudonyms, sees two rows from different agencies marked as likely duplicates, and opens the
involvement matrix. Every page on the way is checked by axe-core (the `page` fixture fails the
test otherwise)."""

from datetime import date, time

import pytest
from playwright.sync_api import Page, expect

from rapidreview.core import calendar
from rapidreview.scoping.models import ContactType

from ..reviews.factories import make_incident, make_review
from ..scoping.merged_data import add_row, released_return
from .journey import choose_option, navigation, press, sign_in, type_into, visit

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    """Transactional tests empty every table when they end; the review page's clock needs the
    bank holidays."""
    calendar.load_bank_holidays(2012, 2040)


def test_the_coordinator_reads_the_merged_chronology(
    page: Page, partnership_team, police, school, agency_rep
):
    incident = make_incident(partnership_team, children=("Child A", "Child B"))
    review = make_review(incident, convened_by=partnership_team, agencies=(police, school))
    child_a, child_b = incident.children.order_by("position")
    police_return = released_return(review, police, by=agency_rep)
    school_return = released_return(review, school, by=partnership_team)
    add_row(police_return, on=date(2026, 1, 5), people=[child_a], what="Invented early call.")
    add_row(
        police_return,
        on=date(2026, 2, 10),
        at=time(9, 30),
        people=[child_a],
        contact_type=ContactType.INCIDENT,
        what="Invented call-out to the home.",
    )
    add_row(
        school_return,
        on=date(2026, 2, 10),
        people=[child_a],
        contact_type=ContactType.ATTENDANCE,
        what="Invented absence from school.",
    )
    add_row(school_return, on=date(2026, 2, 12), people=[child_b], what="Invented sibling note.")

    sign_in(page, partnership_team)
    visit(page, f"/reviews/{review.reference}/")
    with navigation(page):
        press(page, page.get_by_role("link", name="Merged chronology of the released returns"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Merged chronology")
    expect(page.locator("#chronology-count")).to_contain_text("Showing 4 of 4 rows")
    expect(page.locator("#merged-chronology")).not_to_contain_text("Invented Childname1")

    with navigation(page):
        press(page, page.get_by_role("link", name="Show names"))
    expect(page.locator("#merged-chronology")).to_contain_text("Invented Childname1")

    choose_option(page, page.get_by_label("Individual"), "Invented Childname1")
    type_into(page, page.locator("#id_date_from_0"), "1")
    type_into(page, page.locator("#id_date_from_1"), "2")
    type_into(page, page.locator("#id_date_from_2"), "2026")
    with navigation(page):
        press(page, page.get_by_role("button", name="Apply filters"))
    expect(page.locator("#chronology-count")).to_contain_text("Showing 2 of 4 rows")
    table = page.locator("#merged-chronology")
    expect(table).to_contain_text("Invented call-out to the home.")
    expect(table).to_contain_text("Invented absence from school.")
    expect(table).not_to_contain_text("Invented early call.")
    expect(table).not_to_contain_text("Invented sibling note.")
    # Both agencies' rows about Child A on 10 February are marked, in words.
    expect(table.get_by_text("Likely duplicate")).to_have_count(2)
    expect(page.locator("#id_date_from_0")).to_have_value("1")

    with navigation(page):
        press(page, page.get_by_role("link", name="Show pseudonyms"))
    expect(page.locator("#chronology-count")).to_contain_text("Showing 2 of 4 rows")
    expect(table).not_to_contain_text("Invented Childname1")
    expect(table).to_contain_text("Child A")

    with navigation(page):
        press(page, page.get_by_role("link", name="Involvement matrix: which agency knew whom"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Involvement matrix")
    matrix = page.locator("#involvement-matrix")
    expect(matrix.get_by_role("rowheader", name=police.name)).to_be_visible()
    expect(matrix.get_by_role("rowheader", name=school.name)).to_be_visible()
    expect(matrix).to_contain_text("Not declared")
