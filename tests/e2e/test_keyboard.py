"""A keyboard-only journey: the skip link first, then Tab, type and Enter all the way through."""

import pytest
from playwright.sync_api import expect

from .journey import (
    current_code,
    menu_link,
    navigation,
    path_of,
    press,
    tab_to,
    type_into,
    visit,
)

pytestmark = pytest.mark.e2e


def test_a_keyboard_user_skips_to_the_form_signs_in_and_signs_out_without_a_mouse(page, agency_rep):
    visit(page, "/sign-in/")
    skip_link = page.get_by_role("link", name="Skip to main content")
    # Hidden until it has focus (which also shows the stylesheet has loaded).
    assert skip_link.bounding_box()["height"] <= 1

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    assert skip_link.bounding_box()["height"] > 1

    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()

    # From the main content, the next Tab is the first field of the form.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(agency_rep.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type("correct-horse-battery-staple-42")
    with navigation(page):
        page.keyboard.press("Enter")

    assert path_of(page) == "/sign-in/code/"
    type_into(page, page.get_by_label("Security code"), current_code(agency_rep))
    with navigation(page):
        page.keyboard.press("Enter")

    assert path_of(page) == "/"
    expect(page.get_by_role("main")).to_contain_text("You are signed in as agency representative")

    # The service navigation is reachable and works from the keyboard too.
    with navigation(page):
        press(page, menu_link(page, "Your account"))
    assert path_of(page) == "/account/"
    expect(menu_link(page, "Your account")).to_have_attribute("aria-current", "page")

    sign_out = page.get_by_role("button", name="Sign out")
    tab_to(page, sign_out)
    with navigation(page):
        page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("You have signed out")
