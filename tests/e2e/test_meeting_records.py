"""Issue 7 item 2 in the browser, by keyboard alone: at the meeting the co-ordinator records two
challenges, three immediate safeguarding actions (one for a sibling), two learning points with
themes, a parallel process with a limit on disclosure and that the family has been told; then
the police representative, whom one challenge was raised with, signs in and responds to it.
Every page on the way is checked by axe-core."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from rapidreview.core import calendar
from rapidreview.meetings.models import (
    Challenge,
    ChallengeStatus,
    ForWhom,
    LearningPoint,
    LearningTheme,
    Meeting,
    ParallelProcess,
    SafeguardingAction,
)
from rapidreview.reviews.models import State

from ..meetings.factories import make_meeting
from ..reviews.factories import make_incident, make_review
from .declaring import submit, type_date
from .journey import (
    choose_option,
    choose_radio,
    navigation,
    path_of,
    press,
    sign_in,
    sign_out,
    tab_to,
    type_into,
    visit,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    calendar.load_bank_holidays(2012, 2040)
    # The starting themes come with a migration, which an earlier browser test's emptying of
    # the database has removed.
    for name in ("Information sharing", "Professional curiosity", "Voice of the child"):
        LearningTheme.objects.get_or_create(name=name)
    # Load the URLs (and the PDF library some views import) before the browser's first request,
    # so the sign-in page is not the one that waits for them.
    reverse("themes:list")


@pytest.fixture
def review(partnership_team, police, school):
    incident = make_incident(
        partnership_team, children=("Child A",), family=("Mother", "Sibling B")
    )
    review = make_review(
        incident,
        convened_by=partnership_team,
        state=State.READY_FOR_MEETING,
        agencies=(police, school),
        meeting_date=date(2026, 3, 16),
    )
    make_meeting(review, by=partnership_team)
    return review


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def start(page: Page, button: str, expected_heading: str) -> None:
    """From a list: the Add button, to its form."""
    with navigation(page):
        press(page, page.get_by_role("button", name=button))
    expect(heading(page)).to_have_text(expected_heading)


def record_challenge(page: Page, button: str, by: str, with_: str, question: str) -> None:
    start(page, button, "Record a challenge")
    choose_option(page, page.get_by_label("Raised by"), by)
    choose_option(page, page.get_by_label("Raised with"), with_)
    type_into(page, page.get_by_label("Challenge or question"), question)
    submit(page, "Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Challenge recorded")


def record_action(page: Page, button: str, for_whom: str, person: str, what: str, owner: str):
    start(page, button, "Record an immediate safeguarding action")
    choose_radio(page, page.locator(f'[name="for_whom"][value="{for_whom}"]'))
    if person:
        choose_option(page, page.get_by_label("Which child or family member (optional)"), person)
    type_into(page, page.get_by_label("What must be done"), what)
    choose_option(page, page.get_by_label("Owner"), owner)
    type_date(page, "due_on", date(2026, 3, 23))
    submit(page, "Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action recorded")


def record_learning(page: Page, button: str, text: str, themes: tuple[str, ...]) -> None:
    start(page, button, "Record a learning point")
    type_into(page, page.get_by_label("What was learned"), text)
    for theme in themes:
        tab_to(page, page.get_by_label(theme, exact=True))
        page.keyboard.press("Space")
    submit(page, "Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Learning point recorded")


def test_the_coordinator_records_the_meeting_and_the_police_respond_to_a_challenge(
    open_page, partnership_team, agency_rep, police, school, review
):
    meeting = f"/reviews/{review.reference}/meeting"
    page = open_page()
    sign_in(page, partnership_team)

    # Two challenges, one raised with the police.
    visit(page, f"{meeting}/challenges/")
    record_challenge(
        page,
        "Record a challenge",
        "Invented Primary School",
        "Invented Police Force",
        "Invented: why was the school not told of the call-out in January?",
    )
    record_challenge(
        page,
        "Add another challenge",
        "Invented Police Force",
        "Invented Primary School",
        "Invented: what did the attendance records show in February?",
    )
    expect(page.locator(".govuk-summary-card")).to_have_count(2)

    # Three immediate actions, one for the sibling.
    visit(page, f"{meeting}/actions/")
    record_action(
        page,
        "Record an immediate safeguarding action",
        "child",
        "Child A",
        "Invented: a strategy discussion within two working days",
        "Invented Police Force",
    )
    record_action(
        page,
        "Add another action",
        "sibling",
        "Sibling B",
        "Invented: a safety plan for the sibling at school",
        "Invented Primary School",
    )
    record_action(
        page,
        "Add another action",
        "other_child",
        "",
        "Invented: check on the other children in the household's care",
        "Invented Police Force",
    )
    expect(page.locator(".govuk-summary-card")).to_have_count(3)
    expect(page.get_by_role("main")).to_contain_text("A sibling (Sibling B)")

    # Two learning points with themes.
    visit(page, f"{meeting}/learning/")
    record_learning(
        page,
        "Record a learning point",
        "Invented: ask who else lives in the home",
        ("Professional curiosity", "Voice of the child"),
    )
    record_learning(
        page,
        "Add another learning point",
        "Invented: share the call-out with the school the same day",
        ("Information sharing",),
    )

    # A parallel process with a limit on disclosure.
    visit(page, f"{meeting}/processes/")
    start(page, "Record a parallel process", "Record a parallel process")
    choose_radio(page, page.locator('[name="kind"][value="police"]'))
    choose_option(page, page.get_by_label("Lead agency (optional)"), "Invented Police Force")
    type_into(page, page.get_by_label("Where it has got to (optional)"), "Invented: interviews")
    type_into(
        page,
        page.get_by_label("Limits on what may be shared or disclosed (optional)"),
        "Invented: no witness accounts to be shared before a charging decision",
    )
    submit(page, "Save")
    expect(page.get_by_role("main")).to_contain_text("no witness accounts to be shared")

    # The family has been told.
    visit(page, f"{meeting}/family/")
    choose_radio(page, page.locator('[name="family_informed"][value="yes"]'))
    type_into(
        page,
        page.get_by_label("How, when and by whom (or why not)"),
        "Invented: by the family's social worker at a home visit on 17 March",
    )
    submit(page, "Save")

    assert Challenge.objects.filter(review=review).count() == 2
    actions = SafeguardingAction.objects.filter(review=review)
    assert actions.count() == 3
    assert actions.get(for_whom=ForWhom.SIBLING).family_member.pseudonym == "Sibling B"
    themes = sorted(t.name for p in LearningPoint.objects.all() for t in p.themes.all())
    assert themes == ["Information sharing", "Professional curiosity", "Voice of the child"]
    assert ParallelProcess.objects.get().disclosure_limits.startswith("Invented: no witness")
    assert Meeting.objects.get().family_informed == "yes"
    sign_out(page)

    # The police representative answers the challenge raised with the police, and only that one.
    police_page = open_page()
    sign_in(police_page, agency_rep)
    visit(police_page, f"{meeting}/challenges/")
    respond_links = police_page.get_by_role("link", name="Respond")
    expect(respond_links).to_have_count(1)
    with navigation(police_page):
        press(police_page, respond_links.first)
    expect(heading(police_page)).to_have_text("Respond to a challenge")
    expect(police_page.get_by_role("main")).to_contain_text("call-out in January")
    type_into(
        police_page,
        police_page.get_by_label("Response", exact=True),
        "Invented: the call-out was shared with children's social care, not the school.",
    )
    choose_radio(police_page, police_page.locator('[name="status"][value="answered"]'))
    submit(police_page, "Save")
    assert path_of(police_page) == f"{meeting}/challenges/"
    expect(police_page.get_by_role("main")).to_contain_text("not the school")
    answered = Challenge.objects.get(raised_with__agency=police)
    assert answered.status == ChallengeStatus.ANSWERED
