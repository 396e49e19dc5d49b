"""Signing in and out: password, then a code from the authenticator app."""

import pytest
from playwright.sync_api import expect

from .journey import (
    current_code,
    enter_code,
    enter_password,
    menu_link,
    navigation,
    path_of,
    press,
    sign_in,
    sign_out,
    visit,
)

pytestmark = pytest.mark.e2e

WRONG_PASSWORD = "not-my-password-at-all"
CODE_HINT = "The 6-digit code shown in the authenticator app on your phone"


def a_wrong_code_for(user) -> str:
    return "000000" if current_code(user) != "000000" else "111111"


def test_an_agency_representative_signs_in_with_password_and_code_and_sees_their_role(
    page, agency_rep
):
    visit(page, "/sign-in/")
    expect(page).to_have_title("Sign in – Rapid Review")
    enter_password(page, agency_rep.email)
    assert path_of(page) == "/sign-in/code/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")

    enter_code(page, current_code(agency_rep))

    assert path_of(page) == "/"
    expect(page.get_by_role("main")).to_contain_text(
        "You are signed in as agency representative for Invented Police Force."
    )
    expect(page.get_by_role("navigation", name="Menu")).to_contain_text("Your account")


def test_a_wrong_code_is_explained_beside_the_field_and_in_the_summary_and_does_not_sign_in(
    page, agency_rep
):
    message = "The security code is not correct. Check your authenticator app and try again"
    visit(page, "/sign-in/")
    enter_password(page, agency_rep.email)
    enter_code(page, a_wrong_code_for(agency_rep))

    assert path_of(page) == "/sign-in/code/"
    expect(page).to_have_title("Error: Enter your security code – Rapid Review")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    code_field = page.get_by_label("Security code")
    expect(page.locator("#id_code-error")).to_have_text(f"Error: {message}")
    expect(code_field).to_have_accessible_description(f"{CODE_HINT} Error: {message}")
    # GOV.UK Frontend moves focus to the summary; its link takes a keyboard user to the field.
    expect(summary).to_be_focused()
    press(page, summary.get_by_role("link", name=message))
    expect(code_field).to_be_focused()

    # Still not signed in: the home page sends them back to the code.
    visit(page, "/")
    assert path_of(page) == "/sign-in/code/"
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)


def test_five_wrong_passwords_lock_the_account_so_the_right_password_is_then_refused(
    page, agency_rep
):
    visit(page, "/sign-in/")
    for attempt in range(1, 6):
        outcome = enter_password(page, agency_rep.email, WRONG_PASSWORD)
        if attempt < 5:
            expect(page.locator(".govuk-error-summary")).to_contain_text(
                "Enter a correct email address and password"
            )
    # The fifth wrong password is the last one allowed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    assert outcome["response"].status == 429

    visit(page, "/sign-in/")
    outcome = enter_password(page, agency_rep.email)  # the right password, now too late
    assert outcome["response"].status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    expect(page.get_by_role("main")).to_contain_text("You can try again in")

    visit(page, "/")
    assert path_of(page) == "/sign-in/?next=/"


def test_signing_out_returns_to_sign_in_and_the_home_page_then_needs_signing_in_again(
    page, agency_rep
):
    sign_in(page, agency_rep)
    sign_out(page)

    assert path_of(page) == "/sign-in/"
    expect(page.get_by_role("alert")).to_contain_text("You have signed out")
    visit(page, "/")
    assert path_of(page) == "/sign-in/?next=/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Rapid Review")


def test_after_a_while_with_nothing_done_the_next_page_signs_out_and_says_why(
    page, agency_rep, settings
):
    sign_in(page, agency_rep)
    # Shortened after signing in, so a slow sign-in cannot time out half way.
    settings.SESSION_IDLE_TIMEOUT = 1
    page.wait_for_timeout(1_500)

    with navigation(page):
        press(page, menu_link(page, "Your account"))

    assert path_of(page) == "/sign-in/?timed_out=1"
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "You were signed out because you had not done anything for a while"
    )
    visit(page, "/")
    assert path_of(page) == "/sign-in/?next=/"
