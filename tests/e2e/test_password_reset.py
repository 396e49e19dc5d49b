"""A forgotten password: a link by email, a new password, then the code as usual."""

import pytest
from playwright.sync_api import expect

from .journey import (
    current_code,
    enter_code,
    enter_password,
    navigation,
    path_of,
    press,
    type_into,
    visit,
)
from .mail import link_in, wait_for_email

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "marmalade-viaduct-sparrow-19"


def test_someone_who_forgot_their_password_resets_it_by_email_and_signs_in_with_it_and_a_code(
    page, agency_rep, mail_sink, live_server
):
    visit(page, "/sign-in/")
    with navigation(page):
        press(page, page.get_by_role("link", name="I have forgotten my password"))
    type_into(page, page.get_by_label("Email"), agency_rep.email)
    with navigation(page):
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    email = wait_for_email(mail_sink, agency_rep.email)
    assert email["Subject"] == "Reset your Rapid Review password"
    reset_path = link_in(email, live_server.url)

    visit(page, reset_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a new password")
    type_into(page, page.get_by_label("New password", exact=True), NEW_PASSWORD)
    type_into(page, page.get_by_label("New password confirmation"), NEW_PASSWORD)
    with navigation(page):
        press(page, page.get_by_role("button", name="Save password"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been reset")

    with navigation(page):
        press(page, page.get_by_role("main").get_by_role("link", name="Sign in"))
    enter_password(page, agency_rep.email)  # the old password no longer works
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct email address and password"
    )
    enter_password(page, agency_rep.email, NEW_PASSWORD)
    assert path_of(page) == "/sign-in/code/"
    enter_code(page, current_code(agency_rep))
    assert path_of(page) == "/"
    expect(page.get_by_role("main")).to_contain_text("You are signed in as agency representative")

    # The emailed link worked once.
    visit(page, reset_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
