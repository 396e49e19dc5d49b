"""Issue 7's decision and sign-off, by keyboard: the co-ordinator records the decision against
the four criteria (seeing, beside criterion (b), the earlier review that shares a theme), checks
the answers, confirms and sends it to the partners; the local authority, the integrated care
board and the police each follow the link in their email and sign it off, the police
disagreeing with a comment; the decision page then says who signed, in words, with the dissent
shown prominently. Every page on the way is checked by axe-core."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from rapidreview.core import calendar
from rapidreview.decisions.models import Decision, PartnerSignOff
from rapidreview.meetings.models import LearningPoint, LearningTheme
from rapidreview.notifications.models import OutboxMessage
from rapidreview.reviews.models import State

from ..decisions.factories import make_partners
from ..reviews.factories import make_incident, make_review
from .journey import choose_radio, navigation, press, sign_in, tab_to, type_into, visit
from .mail import body_of, link_in, wait_for_email

pytestmark = pytest.mark.e2e

REASONING = {
    "a": "Invented: the same missed sign as before.",
    "b": "Invented: neglect recurs across reviews.",
    "c": "Invented: school and police did not share.",
    "d": "Invented: not considered by the Panel.",
}
ASSESSMENTS = {"a": "Met", "b": "Met", "c": "Unclear", "d": "Not met"}
RATIONALE = "Invented: an LCSPR will show how agencies worked together."
DISSENT = "Invented: the Panel should consider a national review."


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    calendar.load_bank_holidays(2012, 2040)


@pytest.fixture
def review(partnership_team, police):
    neglect = LearningTheme.objects.get_or_create(name="Neglect")[0]
    earlier = make_review(
        make_incident(partnership_team),
        convened_by=partnership_team,
        convened_on=date(2025, 5, 1),
        agencies=(police,),
    )
    review = make_review(
        make_incident(partnership_team, family=("Mother",)),
        convened_by=partnership_team,
        state=State.MEETING_HELD,
        meeting_date=date(2026, 3, 20),
        agencies=(police,),
    )
    for on in (earlier, review):
        LearningPoint.objects.create(
            review=on, text="Invented learning.", recorded_by=partnership_team
        ).themes.set([neglect])
    review.earlier = earlier
    return review


def patient(page: Page) -> Page:
    """This journey loads some thirty pages across four people; give each a little longer than
    the usual 10 seconds, as a busy machine can be slow to start a page."""
    page.set_default_timeout(30_000)
    return page


def record_the_decision(page: Page, review) -> None:
    visit(page, f"/reviews/{review.reference}/decision/")
    with navigation(page):
        press(page, page.get_by_role("link", name="Record the decision"))
    aside = page.locator("#earlier-reviews")
    expect(aside).to_contain_text(review.earlier.reference)
    expect(aside).to_contain_text("Shared theme: Neglect")

    # Continue with nothing answered: every question is named.
    with navigation(page):
        press(page, page.get_by_role("button", name="Continue"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether criterion (a) is met, not met or unclear"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the outcome")

    page.locator("body").focus()
    for letter in "abcd":
        group = page.locator(f"input[name='criterion_{letter}']")
        choose_radio(page, group.and_(page.get_by_label(ASSESSMENTS[letter], exact=True)))
        type_into(page, page.locator(f"#id_criterion_{letter}_reasoning"), REASONING[letter])
    choose_radio(
        page,
        page.get_by_label("Commission a local child safeguarding practice review (LCSPR)"),
    )
    type_into(page, page.get_by_label("Rationale for the decision"), RATIONALE)
    choose_radio(page, page.get_by_label("The case does not merit a national review"))
    with navigation(page):
        press(page, page.get_by_role("button", name="Continue"))

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before saving the decision"
    )
    expect(page.locator("main")).to_contain_text(REASONING["c"])
    expect(page.locator("main")).to_contain_text(RATIONALE)
    assert not Decision.objects.exists()
    with navigation(page):
        press(page, page.get_by_role("button", name="Confirm and save the decision"))
    expect(page.locator(".govuk-panel__title")).to_have_text("Decision recorded")
    with navigation(page):
        press(page, page.get_by_role("link", name="Go to the decision"))


def sign_off_as(page: Page, user, link: str, *, agree: bool, comment: str = "") -> None:
    sign_in(page, user)
    visit(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign off the decision")
    expect(page.locator("main")).to_contain_text(RATIONALE)
    page.locator("body").focus()
    if agree:
        choose_radio(page, page.get_by_label("I agree with the decision"))
    else:
        choose_radio(page, page.get_by_label("I do not agree"))
        # A disagreement with no comment is refused, beside the comment box.
        declaration = page.get_by_role("checkbox")
        tab_to(page, declaration)
        page.keyboard.press("Space")
        with navigation(page):
            press(page, page.get_by_role("button", name="Sign off"))
        expect(page.locator("#id_comment-error")).to_contain_text(
            "Enter why you do not agree with the decision"
        )
        expect(page.get_by_label("I do not agree")).to_be_checked()
        page.locator("body").focus()
        type_into(page, page.get_by_label("Comment"), comment)
    expect(page.get_by_label("Your role")).not_to_have_value("")
    declaration = page.get_by_role("checkbox")
    if not declaration.is_checked():
        tab_to(page, declaration)
        page.keyboard.press("Space")
    with navigation(page):
        press(page, page.get_by_role("button", name="Sign off"))
    expect(page.locator(".govuk-panel__title")).to_have_text("Sign-off recorded")


def test_the_decision_is_recorded_sent_and_signed_off_by_the_three_partners(
    page: Page, open_page, partnership_team, review, mail_sink, settings, live_server
):
    settings.SITE_URL = live_server.url
    partners = make_partners()

    sign_in(patient(page), partnership_team)
    record_the_decision(page, review)
    expect(page.locator("#sign-off-state")).to_have_text(
        "The decision has not been sent to the partners to sign off yet."
    )
    with navigation(page):
        press(page, page.get_by_role("button", name="Send to the partners to sign off"))
    expect(page.locator("#sign-off-state")).to_contain_text(
        "Waiting for the local authority, the integrated care board and the police."
    )

    for partner, agree in (("local_authority", True), ("icb", True), ("police", False)):
        message = wait_for_email(mail_sink, partners[partner].email)
        assert "Invented Adultname1" not in body_of(message)
        partner_page = patient(open_page())
        sign_off_as(
            partner_page,
            partners[partner],
            link_in(message, live_server.url),
            agree=agree,
            comment=DISSENT,
        )

    visit(page, f"/reviews/{review.reference}/decision/")
    state = page.locator("#sign-off-state")
    expect(state).to_contain_text(
        "Signed off by the local authority and the integrated care board."
    )
    expect(state).to_contain_text(f"The police disagreed: {DISSENT}")
    expect(page.locator("#dissent")).to_contain_text(
        "A safeguarding partner does not agree with the decision"
    )
    assert PartnerSignOff.objects.filter(review=review, decision_version=1).count() == 3
    assert (
        OutboxMessage.objects.filter(
            subject=f"{review.reference} has been signed off by the three safeguarding partners"
        ).count()
        == 1
    )
