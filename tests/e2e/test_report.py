"""The report to the National Panel, by keyboard: the co-ordinator writes the case summary with
the child's first name in it, the anonymisation check refuses the report and links to the field,
the co-ordinator follows the link, changes the name to the pseudonym, and downloads the Word file,
which python-docx opens and which names no one. Every page is checked by axe-core."""

import io

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.core import calendar
from rapidreview.decisions.report_docx import docx_text

from ..decisions.report_data import FORBIDDEN, report_review
from .journey import navigation, press, sign_in, tab_to, visit

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    """Transactional tests empty every table when they end, bank holidays included."""
    calendar.load_bank_holidays(2012, 2040)


def test_the_coordinator_fixes_a_name_and_downloads_the_report(page: Page, personas):
    review = report_review(personas).review
    sign_in(page, personas.partnership_team)
    visit(page, f"/reviews/{review.reference}/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report to the National Panel")
    expect(page.get_by_text("Passed")).to_be_visible()

    with navigation(page):
        press(page, page.get_by_role("link", name="Write the report text"))
    summary = page.get_by_label("Case summary")
    tab_to(page, summary)
    page.keyboard.press("Control+A")
    page.keyboard.type("Fennimore was often hungry and tired at school.")
    with navigation(page):
        press(page, page.get_by_role("button", name="Save the report text"))

    # Refused: the field is named, the name is not repeated.
    alert = page.locator(".govuk-error-summary")
    expect(alert).to_contain_text("The report names someone on the review")
    expect(page.get_by_text("Refused")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Fennimore")
    expect(page.get_by_role("link", name="Rapid review report, Word")).to_have_count(0)
    with navigation(page):
        press(page, alert.get_by_role("link", name="Case summary holds the first name of Child A"))
    assert page.url.endswith("/report/write/#id_case_summary")

    # From the field the link led to, one step forward and back puts the keyboard in it.
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(summary).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Child A was often hungry and tired at school.")
    with navigation(page):
        press(page, page.get_by_role("button", name="Save the report text"))
    expect(page.get_by_text("Report text saved")).to_be_visible()
    expect(page.get_by_text("Passed")).to_be_visible()

    with page.expect_download() as download:
        press(page, page.get_by_role("link", name="Rapid review report, Word"))
    assert download.value.suggested_filename == f"{review.reference}-rapid-review.docx"
    content = download.value.path().read_bytes()
    document = Document(io.BytesIO(content))
    assert document.paragraphs[0].text == f"Rapid review: {review.reference}"
    text = docx_text(content)
    assert "Child A was often hungry and tired at school." in text
    for forbidden in FORBIDDEN:
        assert forbidden.lower() not in text.lower()
    assert AuditEvent.objects.filter(
        verb=Verb.REPORT_DOWNLOADED, actor=personas.partnership_team
    ).exists()
    assert (
        list(AuditEvent.objects.filter(verb=Verb.REPORT_REFUSED).values_list("payload", flat=True))
        == []
    )  # the page's check refuses without recording; only a refused file is recorded
