"""Issue 5's journey, by keyboard: the co-ordinator invites ten agencies to a review and sees the
participation matrix; the police representative, from the invitation email's link, declares
involvement with two of the six named people; the school makes a nil return; the matrix shows
both. The invitation email links to the review and names no child or family member. Every page
on the way is checked by axe-core (the `page` fixture fails the test otherwise)."""

import pytest
from playwright.sync_api import Page, expect

from rapidreview.accounts.models import Agency, AgencyType, Role
from rapidreview.core import calendar

from ..factories import make_user
from ..reviews.factories import make_incident, make_review
from .declaring import CHILDREN, FAMILY, POLICE_KNEW, answer_everyone, attest_and_confirm
from .journey import navigation, press, sign_in, tab_to, visit
from .mail import body_of, link_in, wait_for_email

pytestmark = pytest.mark.e2e

AGENCY_NAMES = [
    "Invented Ambulance Service",
    "Invented CAMHS",
    "Invented Community Health Trust",
    "Invented Early Help",
    "Invented GP Practice",
    "Invented Hospital Trust",
    "Invented Housing",
    "Invented Police Force",
    "Invented Primary School",
    "Invented Youth Justice",
]


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    """Transactional tests empty every table when they end, the bank holidays the data
    migration loaded included. Load them again: the clock needs them."""
    calendar.load_bank_holidays(2012, 2040)


def matrix_row(page: Page, agency: str):
    return page.locator("#participation-matrix tbody tr").filter(
        has=page.get_by_role("rowheader", name=agency)
    )


def test_a_coordinator_invites_ten_agencies_and_follows_their_declarations(
    page: Page, open_page, partnership_team, mail_sink, settings, live_server
):
    settings.SITE_URL = live_server.url
    agencies = [
        Agency.objects.create(name=name, agency_type=AgencyType.OTHER) for name in AGENCY_NAMES
    ]
    # Nine agencies have a representative; housing has none yet.
    reps = {
        agency.name: make_user(
            Role.AGENCY_REPRESENTATIVE,
            agency,
            full_name=f"Rep {n}",
            email=f"rep{n}@example.invalid",
        )
        for n, agency in enumerate(agencies)
        if agency.name != "Invented Housing"
    }
    incident = make_incident(partnership_team, children=CHILDREN, family=FAMILY)
    review = make_review(incident, convened_by=partnership_team, convened_on=calendar.today())

    sign_in(page, partnership_team)
    visit(page, f"/reviews/{review.reference}/")
    expect(page.locator("#participation-summary")).to_contain_text("No agencies invited yet")
    with navigation(page):
        press(page, page.get_by_role("link", name="See each agency's progress"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Agencies")
    with navigation(page):
        press(page, page.get_by_role("button", name="Invite agencies"))

    # Nothing chosen: an error, nothing invited.
    with navigation(page):
        press(page, page.get_by_role("button", name="Invite selected agencies"))
    expect(page).to_have_title(f"Error: Invite agencies – Review {review.reference} – Rapid Review")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the agencies to invite")
    assert not review.agencies.exists()

    for name in AGENCY_NAMES:
        checkbox = page.get_by_role("checkbox", name=name)
        tab_to(page, checkbox)
        page.keyboard.press("Space")
        expect(checkbox).to_be_checked()
    with navigation(page):
        press(page, page.get_by_role("button", name="Invite selected agencies"))

    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("10 agencies invited. 9 representatives emailed.")
    expect(banner).to_contain_text(
        "No one at Invented Housing received the email: it has no active representative."
    )
    expect(page.locator("#participation-matrix tbody tr")).to_have_count(10)
    expect(page.locator("#participation-counts")).to_contain_text("10 agencies invited")
    expect(page.locator("#participation-counts")).to_contain_text(
        "0 of 10 agencies have declared involvement"
    )
    expect(matrix_row(page, "Invented Housing")).to_contain_text("No active representative")

    # The police representative follows the link in their invitation email and declares
    # involvement with two of the six named people.
    message = wait_for_email(mail_sink, "rep7@example.invalid")
    police_page = open_page()
    sign_in(police_page, reps["Invented Police Force"])
    visit(police_page, link_in(message, live_server.url))
    with navigation(police_page):
        press(police_page, police_page.get_by_role("link", name="Tasks for Invented Police Force"))
    with navigation(police_page):
        press(police_page, police_page.get_by_role("link", name="Declare involvement"))
    answer_everyone(police_page, POLICE_KNEW)
    attest_and_confirm(police_page, "Invented: records management system")
    expect(police_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "was involved with 2 of the named people"
    )

    # The school answers no for everyone: a nil return.
    school_page = open_page()
    sign_in(school_page, reps["Invented Primary School"])
    visit(school_page, f"/reviews/{review.reference}/our-work/")
    with navigation(school_page):
        press(school_page, school_page.get_by_role("link", name="Declare involvement"))
    answer_everyone(school_page, {})
    attest_and_confirm(school_page, "Invented: pupil records")
    expect(school_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Nil return made"
    )

    visit(page, f"/reviews/{review.reference}/agencies/")
    expect(page.locator("#participation-counts")).to_contain_text(
        "2 of 10 agencies have declared involvement (1 involved, 1 nil return)"
    )
    police_row = matrix_row(page, "Invented Police Force")
    expect(police_row).to_contain_text("Involved")
    expect(police_row).to_contain_text("with 2 of 6 named people")
    expect(matrix_row(page, "Invented Primary School")).to_contain_text("Nil return")
    expect(matrix_row(page, "Invented Primary School")).to_contain_text("Done")
    expect(matrix_row(page, "Invented Housing")).to_contain_text("Not declared")

    # The email that reached the police representative links to the review and names no one.
    assert review.reference in message["Subject"]
    assert link_in(message, live_server.url) == f"/reviews/{review.reference}/"
    text = message["Subject"] + body_of(message)
    for person in [*incident.children.all(), *incident.family.all()]:
        for part in person.full_name.split()[1:] + [person.pseudonym]:
            assert part not in text, f"{part!r} is in the invitation email"
