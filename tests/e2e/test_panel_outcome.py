"""Issue 7's last steps, by keyboard: the co-ordinator records that the signed-off rapid review
was sent to the Panel (confirming they have seen the police's dissent), records the Panel's
response (told first that a disagreement needs the Panel's words), and shares the completed
rapid review with the police and the school; the police representative follows the link in
their email, reads that it has been shared and records that their staff have been told. Every
page on the way is checked by axe-core."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from rapidreview.accounts.models import Role
from rapidreview.core import calendar
from rapidreview.core.dates import long_date
from rapidreview.decisions.models import OutcomeShare, PanelSubmission, PartnerSignOff
from rapidreview.reviews.models import ReviewAgency, State

from ..decisions.factories import make_decision, make_partners, sign_off
from ..factories import make_user
from ..reviews.factories import make_incident, make_review
from .journey import choose_radio, navigation, press, sign_in, tab_to, type_into, visit
from .mail import body_of, link_in, wait_for_email

pytestmark = pytest.mark.e2e

PANEL_SAID = "Invented: the Panel thinks a national review should be considered."


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    calendar.load_bank_holidays(2012, 2040)


@pytest.fixture
def review(partnership_team, police, school):
    incident = make_incident(partnership_team, family=("Mother",), circumstances="Made up.")
    incident.children.update(full_name="Zinnia Pemberthy")
    incident.family.update(full_name="Marlowe Pemberthy")
    review = make_review(
        incident,
        convened_by=partnership_team,
        state=State.AWAITING_SIGN_OFF,
        meeting_date=calendar.add_working_days(calendar.today(), -3),
        agencies=(police, school),
    )
    make_decision(review, by=partnership_team)
    partners = make_partners()
    for partner, user in partners.items():
        ReviewAgency.objects.get_or_create(review=review, agency=user.membership.agency)
        if partner == "police":
            sign_off(review, user, agrees=False, comment="Invented: a national review is needed.")
        else:
            sign_off(review, user)
    PartnerSignOff.objects.update(signed_at=datetime.now(UTC))
    return review


def test_sent_answered_and_shared_and_the_police_tell_their_staff(
    page: Page, open_page, partnership_team, agency_rep, school, review, mail_sink, settings,
    live_server,
):  # fmt: skip
    settings.SITE_URL = live_server.url
    school_rep = make_user(Role.AGENCY_REPRESENTATIVE, school, full_name="Sol Schoolrep")
    today = long_date(calendar.today())

    # Sent to the Panel: the dissent must be seen first.
    sign_in(page, partnership_team)
    visit(page, f"/reviews/{review.reference}/panel/")
    expect(page.locator("#panel-sent")).to_contain_text("Not sent yet")
    with navigation(page):
        press(page, page.get_by_role("button", name="Record that it was sent to the Panel"))
    expect(page.locator("#dissent-warning")).to_contain_text(
        "The police disagreed. The report to the Panel records their comment."
    )
    expect(page.get_by_label("Day")).to_have_value(str(calendar.today().day))
    with navigation(page):
        press(page, page.get_by_role("button", name="Record as sent"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Confirm that you have seen the partner's disagreement"
    )
    assert not PanelSubmission.objects.exists()
    page.locator("body").focus()
    tab_to(page, page.get_by_role("checkbox"))
    page.keyboard.press("Space")
    with navigation(page):
        press(page, page.get_by_role("button", name="Record as sent"))
    sent = page.locator("#panel-sent")
    expect(sent).to_contain_text(today)
    expect(sent).to_contain_text(partnership_team.full_name)

    # The Panel's response: a disagreement needs its words.
    with navigation(page):
        press(page, page.get_by_role("button", name="Record the Panel's response"))
    page.locator("body").focus()
    choose_radio(page, page.get_by_label("Disagrees with the local decision"))
    with navigation(page):
        press(page, page.get_by_role("button", name="Save the Panel's response"))
    expect(page.locator("#id_response_text-error")).to_contain_text("Enter why the Panel disagrees")
    expect(page.get_by_label("Disagrees with the local decision")).to_be_checked()
    page.locator("body").focus()
    type_into(page, page.get_by_label("What the Panel said"), PANEL_SAID)
    with navigation(page):
        press(page, page.get_by_role("button", name="Save the Panel's response"))
    response = page.locator("#panel-response")
    expect(response).to_contain_text("Disagrees with the local decision")
    expect(response).to_contain_text(PANEL_SAID)
    review.refresh_from_db()
    assert review.state == State.PANEL_RESPONDED

    # Sharing the outcome with the police and the school.
    with navigation(page):
        press(
            page,
            page.get_by_role("link", name="Who the completed rapid review has been shared with"),
        )
    for name in ("Invented Police Force", "Invented Primary School"):
        tab_to(page, page.get_by_label(name))
        page.keyboard.press("Space")
    with navigation(page):
        press(page, page.get_by_role("button", name="Share the completed rapid review"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The completed rapid review was shared with 2 agencies"
    )
    table = page.locator("#outcome-agencies")
    expect(table.get_by_role("row", name="Invented Police Force")).to_contain_text(
        f"Shared on {today}"
    )
    expect(table.get_by_role("row", name="Invented Primary School")).to_contain_text(
        f"Shared on {today}"
    )
    assert OutcomeShare.objects.count() == 2
    school_email = wait_for_email(mail_sink, school_rep.email)
    assert "Zinnia" not in body_of(school_email) and "Pemberthy" not in body_of(school_email)

    # The police representative follows the link in their email and tells their staff.
    message = wait_for_email(mail_sink, agency_rep.email)
    police_page = open_page()
    sign_in(police_page, agency_rep)
    visit(police_page, link_in(message, live_server.url))
    expect(police_page.locator("#outcome-shared")).to_contain_text(
        f"The completed rapid review was shared with Invented Police Force on {today}"
    )
    expect(police_page.locator("main")).not_to_contain_text("Invented Primary School")
    expect(police_page.locator("#staff-register-link")).to_be_visible()
    with navigation(police_page):
        press(
            police_page,
            police_page.get_by_role("button", name="Record that your staff have been told"),
        )
    expect(police_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Recorded that your staff have been told the outcome"
    )
    expect(police_page.locator("main")).to_contain_text(today)
    share = OutcomeShare.objects.get(review_agency__agency__name="Invented Police Force")
    assert (share.staff_told_on, share.staff_told_recorded_by) == (calendar.today(), agency_rep)
