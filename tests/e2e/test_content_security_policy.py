"""In Chromium, under the real Content-Security-Policy: nothing is blocked, and GOV.UK Frontend's
JavaScript and htmx still run. The browser reports every violation to the page
(`securitypolicyviolation` events), which the test collects from before the first script runs."""

import pytest
from playwright.sync_api import Page, expect

from rapidreview.accounts.models import Role

from ..factories import make_user
from .journey import check_a11y, enter_password, path_of, sign_in, visit

pytestmark = pytest.mark.e2e

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || ""}:${event.lineNumber || ""}`);
});
"""


def violations(page: Page) -> list[str]:
    return page.evaluate("() => window.__cspViolations")


def assert_scripts_ran(page: Page) -> None:
    assert page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')")
    assert page.evaluate("() => typeof window.htmx === 'object'")


@pytest.fixture
def watched_page(open_page) -> Page:
    page = open_page()
    page.context.add_init_script(COLLECT_VIOLATIONS)
    return page


def test_sign_in_and_error_summary_work_under_the_policy(watched_page, transactional_db):
    page = watched_page
    response = visit(page, "/sign-in/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert_scripts_ran(page)
    enter_password(page, "nobody@example.invalid", "not-the-password")
    # GOV.UK Frontend's error summary module moves focus to the summary: its script ran.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert violations(page) == []


def test_the_authenticator_qr_code_shows_under_the_policy(watched_page, transactional_db):
    page = watched_page
    user = make_user(Role.SCRUTINEER, with_2fa=False)
    visit(page, "/sign-in/")
    enter_password(page, user.email)
    assert path_of(page) == "/set-up-authenticator/"
    qr = page.locator(".app-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] > 100 and box["height"] > 100
    assert_scripts_ran(page)
    assert violations(page) == []


def test_the_upload_page_works_under_the_policy(watched_page, transactional_db):
    page = watched_page
    team = make_user(Role.PARTNERSHIP_TEAM, full_name="Pat Team")
    sign_in(page, team)
    assert_scripts_ran(page)
    visit(page, "/files/upload/")
    page.get_by_label("Upload a file").set_input_files(
        files=[
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"\x7fELF" + bytes(60)}
        ]
    )
    page.get_by_role("button", name="Upload file").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The selected file must be a PDF, Word document, Excel spreadsheet, image (PNG or JPEG), "
        "CSV or text file"
    )
    assert violations(page) == []
