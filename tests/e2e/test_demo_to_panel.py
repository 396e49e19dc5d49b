"""Issue 7 end to end on the demo, by keyboard from the review page: the brothers' review has had
its meeting (quorate, two challenges, three immediate actions, a decision with its rationale, two
of three partners signed); the police partner signs off from the review page's link, and the
co-ordinator checks the meeting and the decision, downloads the report as Word (opened with
python-docx: every section, no name of anyone on the review) and records it as sent to the
Panel from the review page's next step. Every page on the way is checked by axe-core."""

import io
import re
from io import StringIO

import docx
import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from rapidreview.accounts.models import User
from rapidreview.core import calendar
from rapidreview.decisions.models import PanelSubmission
from rapidreview.reviews.models import RapidReview, State

from .journey import choose_radio, navigation, press, sign_in, sign_out, tab_to, visit

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "rapid-review-demo-2026"


@pytest.fixture
def demo(transactional_db, settings):
    calendar.load_bank_holidays(2012, 2040)
    settings.DEMO_MODE = True
    call_command("demo", stdout=StringIO())
    return RapidReview.objects.select_related("incident").get(
        incident__sin_reference="NMR-SIN-0102"
    )


def _person(email: str) -> User:
    return User.objects.get(email=f"{email}@demo.rapidreview.invalid")


def _follow(page: Page, name: str) -> None:
    with navigation(page):
        press(page, page.get_by_role("link", name=name))


def test_the_co_ordinator_takes_the_demo_review_from_its_meeting_to_the_panel(
    page: Page, demo, live_server
):
    review = demo
    assert review.state == State.AWAITING_SIGN_OFF

    # The police partner signs off, from the link on the review page.
    sign_in(page, _person("police.partner"), DEMO_PASSWORD)
    visit(page, f"/reviews/{review.reference}/")
    _follow(page, "Sign off the rapid review")
    page.locator("body").focus()
    choose_radio(page, page.get_by_label("I agree with the decision"))
    tab_to(page, page.get_by_role("checkbox"))
    page.keyboard.press("Space")
    with navigation(page):
        press(page, page.get_by_role("button", name="Sign off"))
    expect(page.locator(".govuk-panel__title")).to_have_text("Sign-off recorded")
    sign_out(page)

    # The co-ordinator: the meeting was quorate and recorded challenges and actions.
    sign_in(page, _person("coordinator"), DEMO_PASSWORD)
    visit(page, f"/reviews/{review.reference}/")
    _follow(page, "The meeting: people, attendance, agenda, pack and what was recorded")
    expect(page.locator("#quorum")).to_contain_text("Quorate")
    _follow(page, "Challenges between agencies")
    expect(page.locator(".govuk-summary-card")).to_have_count(2)
    visit(page, f"/reviews/{review.reference}/meeting/")
    _follow(page, "Immediate safeguarding actions")
    expect(page.locator(".govuk-summary-card")).to_have_count(3)

    # The decision, with its rationale, signed off by all three partners.
    visit(page, f"/reviews/{review.reference}/")
    _follow(page, "The decision and the partners' sign-off")
    expect(page.locator("main")).to_contain_text("Rationale")
    expect(page.locator("#sign-off-state")).to_contain_text(
        "Signed off by the local authority, the integrated care board and the police"
    )

    # The report: the check passes and the Word file holds every section and no name.
    visit(page, f"/reviews/{review.reference}/")
    _follow(page, "The report to the National Panel")
    with page.expect_download() as download:
        press(page, page.get_by_role("link", name="Rapid review report, Word"))
    document = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(
        [paragraph.text for paragraph in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    for heading in ("The decision", "Immediate safeguarding actions", "sign-off"):
        assert heading in text
    people = [*review.incident.children.all(), *review.incident.family.all()]
    for person in people:
        for part in person.full_name.split():
            pattern = rf"\b{re.escape(part)}\b"
            assert not re.search(pattern, text, re.IGNORECASE), f"it names {person.pseudonym}"

    # Sent to the Panel, from the review page's next step.
    visit(page, f"/reviews/{review.reference}/")
    _follow(page, "Record that the rapid review was sent to the Panel")
    with navigation(page):
        press(page, page.get_by_role("button", name="Record as sent"))
    expect(page.locator("#panel-sent")).to_contain_text(_person("coordinator").full_name)
    review.refresh_from_db()
    assert review.state == State.SENT_TO_PANEL
    assert PanelSubmission.objects.get(review=review).sent_by == _person("coordinator")
