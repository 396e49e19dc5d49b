"""The partnership team's pages: users (change role, deactivate) and agencies (add)."""

import pytest
from playwright.sync_api import expect

from rapidreview.accounts.models import Role

from ..factories import make_user
from .journey import (
    choose_option,
    choose_radio,
    menu_link,
    navigation,
    path_of,
    press,
    sign_in,
    type_into,
    visit,
)

pytestmark = pytest.mark.e2e


def test_the_partnership_team_changes_a_role_deactivates_an_account_and_adds_an_agency(
    open_page, partnership_team, agency_rep, school
):
    bea = make_user(Role.AGENCY_REPRESENTATIVE, school, full_name="Bea Brep")
    beas_browser = open_page()
    sign_in(beas_browser, bea)

    page = open_page()
    sign_in(page, partnership_team)
    with navigation(page):
        press(page, menu_link(page, "Users"))
    assert path_of(page) == "/users/"
    expect(page.get_by_role("row", name="Alex Arep")).to_contain_text("Invented Police Force")
    expect(page.get_by_role("row", name="Bea Brep")).to_contain_text("Agency representative")

    with navigation(page):
        press(page, page.get_by_role("link", name="Bea Brep"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bea Brep")
    choose_radio(page, page.get_by_role("radio", name="Senior leader"))
    with navigation(page):
        press(page, page.get_by_role("button", name="Save role"))
    expect(page.get_by_role("alert")).to_contain_text("Role updated for Bea Brep")
    expect(page.get_by_role("radio", name="Senior leader")).to_be_checked()
    expect(page.get_by_label("Agency", exact=True)).to_have_value(str(school.pk))

    with navigation(page):
        press(page, page.get_by_role("button", name="Deactivate account"))
    expect(page.get_by_role("alert")).to_contain_text("Bea Brep's account has been deactivated")
    expect(page.get_by_role("button", name="Reactivate account")).to_be_visible()

    # Bea, still at her desk, is signed out at her next page.
    visit(beas_browser, "/")
    assert path_of(beas_browser).startswith("/sign-in/")

    with navigation(page):
        press(page, page.get_by_role("link", name="Back to users"))
    bea_row = page.get_by_role("row", name="Bea Brep")
    expect(bea_row).to_contain_text("Senior leader")
    expect(bea_row).to_contain_text("Deactivated")

    with navigation(page):
        press(page, menu_link(page, "Agencies"))
    expect(page.get_by_role("row", name="Invented Primary School")).to_contain_text(
        "School or education"
    )
    with navigation(page):
        press(page, page.get_by_role("button", name="Add an agency"))
    with navigation(page):
        press(page, page.get_by_role("button", name="Save agency"))

    expect(page).to_have_title("Error: Add an agency – Rapid Review")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the agency's name")
    expect(summary).to_contain_text("Select the type of agency")
    expect(page.get_by_label("Agency name")).to_have_accessible_description(
        "Error: Enter the agency's name"
    )

    type_into(page, page.get_by_label("Agency name"), "Invented Youth Justice Service")
    choose_option(page, page.get_by_label("Type of agency"), "Youth justice")
    with navigation(page):
        press(page, page.get_by_role("button", name="Save agency"))
    assert path_of(page) == "/agencies/"
    expect(page.get_by_role("alert")).to_contain_text("Invented Youth Justice Service added")
    expect(page.get_by_role("row", name="Invented Youth Justice Service")).to_contain_text(
        "Youth justice"
    )

    # The new agency can be opened again to change it, showing what was saved.
    with navigation(page):
        press(page, page.get_by_role("link", name="Invented Youth Justice Service"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change Invented Youth Justice Service"
    )
    expect(page.get_by_label("Agency name")).to_have_value("Invented Youth Justice Service")
    expect(page.get_by_role("radio", name="No, not a safeguarding partner")).to_be_checked()
