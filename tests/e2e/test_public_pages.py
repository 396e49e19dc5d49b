"""The pages anyone may open without signing in, reached from the footer by keyboard."""

import pytest
from playwright.sync_api import expect

from .journey import navigation, path_of, press, visit

pytestmark = pytest.mark.e2e


def test_a_visitor_reads_the_accessibility_statement_and_privacy_notice_from_the_footer(page):
    visit(page, "/sign-in/")
    footer = page.get_by_role("contentinfo")
    with navigation(page):
        press(page, footer.get_by_role("link", name="Accessibility statement"))
    assert path_of(page) == "/accessibility/"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for Rapid Review"
    )

    with navigation(page):
        press(page, footer.get_by_role("link", name="Privacy notice"))
    assert path_of(page) == "/privacy/"
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)

    response = visit(page, "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
