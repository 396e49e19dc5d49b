"""An agency's representative answers the invitation, by keyboard: the police open their task
list from the review, confirm they will attend and declare involvement with two of the six named
people; the school answers no for everyone and is told plainly that this is a nil return. Every
page on the way is checked by axe-core (the `page` fixture fails the test otherwise)."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from rapidreview.accounts.models import Role
from rapidreview.core import calendar
from rapidreview.participation.models import InvolvementDeclaration
from rapidreview.reviews.models import State

from ..factories import make_user
from ..reviews.factories import make_incident, make_review
from .declaring import CHILDREN, FAMILY, POLICE_KNEW, answer_everyone, attest_and_confirm, submit
from .journey import choose_radio, navigation, press, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    """Transactional tests empty every table when they end, bank holidays included."""
    calendar.load_bank_holidays(2012, 2040)


@pytest.fixture
def review(partnership_team, police, school):
    incident = make_incident(partnership_team, children=CHILDREN, family=FAMILY)
    return make_review(
        incident,
        convened_by=partnership_team,
        state=State.GATHERING_INFORMATION,
        agencies_asked_on=date(2026, 3, 9),
        agencies=(police, school),
    )


def task_status(page: Page, key: str):
    return page.locator(f"#task-{key}-status")


def test_the_police_declare_involvement_and_the_school_makes_a_nil_return(
    open_page, agency_rep, school, review
):
    page = open_page()
    sign_in(page, agency_rep)

    # From the home page to the review, then to the agency's task list.
    with navigation(page):
        press(page, page.get_by_role("link", name=review.reference, exact=True))
    with navigation(page):
        press(page, page.get_by_role("link", name="Tasks for Invented Police Force"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tasks for Invented Police Force")
    expect(page).to_have_title(f"Your agency's tasks – Review {review.reference} – Rapid Review")
    expect(task_status(page, "attendance")).to_have_text("Not yet started")

    # Attendance: the representative will go themselves.
    with navigation(page):
        press(page, page.get_by_role("link", name="Confirm attendance"))
    choose_radio(page, page.get_by_label("I will attend"))
    submit(page, "Confirm attendance")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Attendance confirmed"
    )
    expect(task_status(page, "attendance")).to_have_text("Completed")

    # Involvement: yes for the second child and the mother, no for the other four.
    with navigation(page):
        press(page, page.get_by_role("link", name="Declare involvement"))
    expect(page.get_by_role("main")).to_contain_text("1 March 2025 to 2 March 2026")
    answer_everyone(page, POLICE_KNEW)
    attest_and_confirm(page, "Invented: records management system, command and control")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Involvement declared: Invented Police Force was involved with 2 of the named people"
    )
    expect(task_status(page, "involvement")).to_have_text("Completed")
    expect(page.locator("#task-involvement-hint")).to_have_text("Involved with 2 named people")
    police = InvolvementDeclaration.objects.get(review_agency__agency__name="Invented Police Force")
    assert sorted(
        (line.person.pseudonym, line.first_contact) for line in police.lines.filter(involved=True)
    ) == [("Child B", date(2025, 6, 2)), ("Mother", date(2025, 4, 7))]

    # The school, at another desk: no involvement with anyone.
    school_rep = make_user(Role.AGENCY_REPRESENTATIVE, school, full_name="Bea Brep")
    page = open_page()
    sign_in(page, school_rep)
    with navigation(page):
        press(page, page.get_by_role("link", name=f"Your agency's tasks for {review.reference}"))
    with navigation(page):
        press(page, page.get_by_role("link", name="Declare involvement"))
    answer_everyone(page, {})
    attest_and_confirm(page, "Invented: pupil records and the safeguarding log")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Nil return made: Invented Primary School had no involvement with any of the named people"
    )
    expect(page.locator("#task-involvement-hint")).to_have_text(
        "Nil return: no involvement with anyone named"
    )
    with navigation(page):
        press(page, page.get_by_role("link", name="Declare involvement"))
    expect(page.locator(".govuk-inset-text")).to_contain_text("made a nil return")
