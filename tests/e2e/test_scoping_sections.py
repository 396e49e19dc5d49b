"""The police representative fills in the scoping return by keyboard: from their task list to
the return's sections, A (agency and author), B (is the school still involved?), D, E (with one
action already taken), F (parallel processes) and G, then checks their answers and opens the
printable view. Every page on the way is checked by axe-core."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from rapidreview.core import calendar
from rapidreview.participation.responses import Answer, involvement_declare
from rapidreview.reviews.models import ReviewAgency, State
from rapidreview.scoping.models import ScopingReturn

from ..reviews.factories import make_incident, make_review
from .declaring import submit, type_date
from .journey import choose_radio, navigation, press, sign_in, tab_to, type_into, visit

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    calendar.load_bank_holidays(2012, 2040)


@pytest.fixture
def review(partnership_team, police, school, agency_rep):
    incident = make_incident(partnership_team, family=("Mother",))
    review = make_review(
        incident,
        convened_by=partnership_team,
        state=State.GATHERING_INFORMATION,
        agencies_asked_on=date(2026, 3, 9),
        agencies=(police, school),
    )
    people = [*incident.children.all(), *incident.family.all()]
    involvement_declare(
        actor=agency_rep,
        review_agency=ReviewAgency.objects.get(review=review, agency=police),
        answers=[Answer(person=person, involved=False) for person in people],
        systems_searched="Invented records management system",
        agencies_known_involved=[school],
    )
    return review


def status_of(page: Page, letter: str):
    return page.locator(f"#section-{letter}-status")


def completed(page: Page) -> None:
    choose_radio(page, page.get_by_label("Yes, I've completed this section"))


def save_and_continue(page: Page) -> None:
    submit(page, "Save and continue")


def fill_section_a(page: Page) -> None:
    type_into(page, page.get_by_label("Service or team"), "Public protection unit")
    type_into(page, page.get_by_label("Author's full name"), "Alex Arep")
    type_into(page, page.get_by_label("Author's role"), "Detective inspector")
    type_into(page, page.get_by_label("Secure contact email address"), "alex@example.org")
    choose_radio(page, page.locator('[name="dsl_consulted"][value="yes"]'))
    type_into(page, page.get_by_label("Who did you consult?"), "Invented Lead, safeguarding")
    completed(page)
    save_and_continue(page)


def test_the_police_complete_their_return_and_print_it(open_page, agency_rep, school, review):
    page = open_page()
    sign_in(page, agency_rep)
    visit(page, f"/reviews/{review.reference}/our-work/")
    expect(page.locator("#task-scoping_return-status")).to_have_text("Not yet started")
    with navigation(page):
        press(page, page.get_by_role("link", name="Complete the scoping return"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Initial scoping and information sharing return"
    )
    expect(status_of(page, "a")).to_have_text("Not yet started")
    expect(status_of(page, "b")).to_have_text("In progress")  # the declaration is made

    # A: the agency's name is typed in too; the rest of the author's details.
    with navigation(page):
        press(page, page.get_by_role("link", name="A. Agency and author"))
    type_into(page, page.get_by_label("Agency", exact=True), "Invented Police Force")
    fill_section_a(page)

    # B: the declaration is shown; the school is still involved.
    expect(page.get_by_role("heading", level=1)).to_have_text("B. Involvement")
    expect(page.get_by_role("main")).to_contain_text("Invented records management system")
    choose_radio(page, page.locator(f'[name="still_involved_{school.public_id}"][value="yes"]'))
    completed(page)
    save_and_continue(page)

    # C is the chronology (its own pages); on to D from the return's task list.
    visit(page, f"/reviews/{review.reference}/our-work/return/")
    with navigation(page):
        press(page, page.get_by_role("link", name="D. Summary and analysis"))
    type_into(
        page,
        page.get_by_label("Brief summary of your agency's involvement"),
        "Two invented call-outs to the family home.",
    )
    completed(page)
    save_and_continue(page)

    # E: concerns, and one action already taken.
    expect(page.get_by_role("heading", level=1)).to_have_text("E. Immediate safety and learning")
    type_into(
        page,
        page.get_by_label("Are there concerns about the safety of this child or any other child?"),
        "No invented concerns about other children.",
    )
    first_action = page.get_by_role("group", name="Action 1", exact=True)
    type_into(page, first_action.get_by_label("What was done"), "Invented briefing for officers")
    type_into(page, first_action.get_by_label("Owner's role"), "Training lead")
    type_date(page, "date_0", date(2026, 3, 10))
    tab_to(page, first_action.get_by_label("Status"))
    page.keyboard.type("Done")
    completed(page)
    save_and_continue(page)

    # F: records and alerts are shown from the agency's other tasks; a coroner's inquest.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "F. Records, alerts and parallel processes"
    )
    expect(page.get_by_role("link", name="Change the alerts")).to_be_visible()
    tab_to(page, page.get_by_label("Coroner's inquest or investigation"))
    page.keyboard.press("Space")
    completed(page)
    save_and_continue(page)

    # G, and then check your answers.
    type_into(
        page,
        page.get_by_label("Key information for the meeting"),
        "Invented: the inquest opens next month.",
    )
    completed(page)
    save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting the return"
    )
    main = page.get_by_role("main")
    expect(main).to_contain_text("Public protection unit")
    expect(main).to_contain_text("Invented briefing for officers")
    expect(main).to_contain_text("10 March 2026")
    expect(main).to_contain_text("Coroner's inquest or investigation")

    with navigation(page):
        press(page, page.get_by_role("link", name="Printable view of the return"))
    expect(page.get_by_role("main")).to_contain_text("Invented: the inquest opens next month.")
    expect(page.get_by_role("link", name="Change")).to_have_count(0)

    saved = ScopingReturn.objects.get(review_agency__agency__name="Invented Police Force")
    assert saved.completed_sections == ["A", "B", "D", "E", "F", "G"]
    assert saved.answers["E"]["actions"][0]["date"] == "2026-03-10"
    assert saved.answers["B"]["still_involved"][0]["answer"] == "yes"
