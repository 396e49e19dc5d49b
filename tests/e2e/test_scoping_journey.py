"""Issue 6's journey end to end in the browser: the police representative completes every
section of the scoping return, with 30 chronology rows (20 added through the row form, 10
imported from a CSV file through the import pages), and submits it; the police's senior leader
signs it off ("I am sighted on this return"); the co-ordinator releases it from the agencies
page; the school's representative, who could not open it before, reads it afterwards.

Sections are answered by keyboard. The 20 rows are typed into the real row form with
Playwright's `fill` and `check` (by keyboard they would take minutes and show nothing the
sections' journey and the chronology's keyboard tests do not); each row is saved with its
button. Every page on the way is checked by axe-core."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from rapidreview.accounts.models import Role
from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.core import calendar
from rapidreview.participation.responses import Answer, involvement_declare
from rapidreview.reviews.models import ReviewAgency, State
from rapidreview.scoping.models import ChronologyEntry, ReturnState, ScopingReturn

from ..factories import make_user
from ..reviews.factories import make_incident, make_review
from ..scoping.chronology_support import SAMPLE_CSV
from .declaring import submit
from .journey import choose_radio, navigation, path_of, press, sign_in, tab_to, type_into, visit

pytestmark = pytest.mark.e2e

ROWS_BY_HAND = 20
CONTACTS = ("home_visit", "appointment", "phone_call", "referral", "assessment")


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    calendar.load_bank_holidays(2012, 2040)


@pytest.fixture
def senior_leader(police):
    return make_user(
        Role.SENIOR_LEADER, police, full_name="Sam Senior", job_title="Detective superintendent"
    )


@pytest.fixture
def school_rep(school):
    return make_user(Role.AGENCY_REPRESENTATIVE, school, full_name="Bea Brep")


@pytest.fixture
def review(partnership_team, police, school, agency_rep):
    """The CSV names "Child A" and "Mother": the notification's pseudonyms."""
    incident = make_incident(partnership_team, children=("Child A",), family=("Mother",))
    review = make_review(
        incident,
        convened_by=partnership_team,
        state=State.GATHERING_INFORMATION,
        agencies_asked_on=date(2026, 3, 9),
        agencies=(police, school),
    )
    involvement_declare(
        actor=agency_rep,
        review_agency=ReviewAgency.objects.get(review=review, agency=police),
        answers=[
            Answer(person, True, date(2025, 4, 1), date(2026, 2, 20))
            for person in [*incident.children.all(), *incident.family.all()]
        ],
        systems_searched="Invented records management system",
        agencies_known_involved=[school],
    )
    return review


# --- the sections, by keyboard --------------------------------------------------------------------


def completed_and_saved(page: Page) -> None:
    choose_radio(page, page.get_by_label("Yes, I've completed this section"))
    submit(page, "Save and continue")


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def answer_sections(page: Page, review, school) -> None:
    """A and B (then on to D from the return's task list), D, E, F and G."""
    with navigation(page):
        press(page, page.get_by_role("link", name="A. Agency and author"))
    type_into(page, page.get_by_label("Agency", exact=True), "Invented Police Force")
    type_into(page, page.get_by_label("Service or team"), "Public protection unit")
    type_into(page, page.get_by_label("Author's full name"), "Alex Arep")
    type_into(page, page.get_by_label("Author's role"), "Detective inspector")
    type_into(page, page.get_by_label("Secure contact email address"), "alex@example.org")
    choose_radio(page, page.locator('[name="dsl_consulted"][value="yes"]'))
    type_into(page, page.get_by_label("Who did you consult?"), "Invented Lead, safeguarding")
    completed_and_saved(page)

    expect(heading(page)).to_have_text("B. Involvement")
    choose_radio(page, page.locator(f'[name="still_involved_{school.public_id}"][value="yes"]'))
    completed_and_saved(page)

    visit(page, f"/reviews/{review.reference}/our-work/return/")
    with navigation(page):
        press(page, page.get_by_role("link", name="D. Summary and analysis"))
    type_into(
        page,
        page.get_by_label("Brief summary of your agency's involvement"),
        "Thirty invented contacts over a year.",
    )
    completed_and_saved(page)

    expect(heading(page)).to_have_text("E. Immediate safety and learning")
    type_into(
        page,
        page.get_by_label("Are there concerns about the safety of this child or any other child?"),
        "No invented concerns about other children.",
    )
    completed_and_saved(page)

    expect(heading(page)).to_have_text("F. Records, alerts and parallel processes")
    tab_to(page, page.get_by_label("Coroner's inquest or investigation"))
    page.keyboard.press("Space")
    completed_and_saved(page)

    type_into(
        page, page.get_by_label("Key information for the meeting"), "Invented: inquest next month."
    )
    completed_and_saved(page)
    expect(heading(page)).to_have_text("Check your answers before submitting the return")


# --- the chronology -------------------------------------------------------------------------------


def add_row(page: Page, reference: str, n: int) -> None:
    """Row `n` through the row form, from the chronology's page."""
    with navigation(page):
        press(page, page.get_by_role("button", name="Add a row"))
    expect(heading(page)).to_have_text("Add a row")
    day = date(2025, 4, 1) + timedelta(days=14 * n)
    page.locator('[name="occurred_on_day"]').fill(str(day.day))
    page.locator('[name="occurred_on_month"]').fill(str(day.month))
    page.locator('[name="occurred_on_year"]').fill(str(day.year))
    page.get_by_label("Invented Childname1 (child)").check()
    page.locator(f'[name="contact_type"][value="{CONTACTS[n % len(CONTACTS)]}"]').check()
    page.get_by_label("Practitioner's role").fill("Invented response officer")
    page.get_by_label("What happened").fill(f"Invented contact number {n + 1}.")
    submit(page, "Save row")
    assert path_of(page) == f"/reviews/{reference}/our-work/return/chronology/"


def import_csv(page: Page) -> None:
    with navigation(page):
        press(page, page.get_by_role("button", name="Import from a file"))
    expect(heading(page)).to_have_text("Import rows from a file")
    page.locator('input[type="file"]').set_input_files(str(SAMPLE_CSV))
    submit(page, "Continue")
    expect(heading(page)).to_have_text("Match the columns")
    expect(page.get_by_role("main")).to_contain_text("Your file has 10 rows")
    submit(page, "Import rows")  # the columns it matched by their names


# --- the journey ----------------------------------------------------------------------------------


def test_a_return_completed_submitted_signed_off_and_released_becomes_readable_to_others(
    open_page, agency_rep, senior_leader, partnership_team, school_rep, police, school, review
):
    reference = review.reference
    police_return = f"/reviews/{reference}/returns/{police.public_id}/"

    # Before anything is released, the school cannot open the police's return.
    school_page = open_page()
    sign_in(school_page, school_rep)
    assert visit(school_page, police_return).status == 404

    # The police representative: every section, then 20 rows by hand and 10 from a file.
    page = open_page()
    sign_in(page, agency_rep)
    visit(page, f"/reviews/{reference}/our-work/")
    with navigation(page):
        press(page, page.get_by_role("link", name="Complete the scoping return"))
    answer_sections(page, review, school)
    visit(page, f"/reviews/{reference}/our-work/return/chronology/")
    for n in range(ROWS_BY_HAND):
        add_row(page, reference, n)
    import_csv(page)
    assert ChronologyEntry.objects.count() == 30
    expect(page.locator("main table tbody tr")).to_have_count(30)

    # Submit for sign-off, from the return's page.
    visit(page, f"/reviews/{reference}/our-work/return/")
    expect(page.locator("#return-state")).to_have_text("Draft")
    with navigation(page):
        press(page, page.get_by_role("button", name="Submit for sign-off"))
    expect(heading(page)).to_have_text("Submit for sign-off")
    expect(page.get_by_role("main")).to_contain_text("senior leaders are emailed")
    submit(page, "Submit for sign-off")
    expect(page.locator("#return-state")).to_have_text("Submitted for sign-off")
    expect(page.get_by_role("button", name="Submit for sign-off")).to_have_count(0)

    # The senior leader signs it off.
    leader = open_page()
    sign_in(leader, senior_leader)
    visit(leader, f"/reviews/{reference}/our-work/return/")
    with navigation(leader):
        press(leader, leader.get_by_role("button", name="Sign off"))
    expect(leader.locator("#signing-as")).to_contain_text("Detective superintendent")
    tab_to(leader, leader.get_by_label("I am sighted on this return"))
    leader.keyboard.press("Space")
    submit(leader, "Sign off")
    expect(leader.locator("#return-state")).to_have_text("Signed off")
    expect(leader.locator("#signed-off")).to_contain_text(
        "Signed off by Sam Senior, Detective superintendent"
    )

    # Still not the school's to read.
    assert visit(school_page, police_return).status == 404

    # The co-ordinator releases it from the agencies page.
    team = open_page()
    sign_in(team, partnership_team)
    visit(team, f"/reviews/{reference}/agencies/")
    expect(team.locator("#participation-matrix")).to_contain_text("Signed off")
    with navigation(team):
        press(team, team.get_by_role("button", name="Release Invented Police Force's return"))
    expect(heading(team)).to_have_text("Release to the meeting")
    submit(team, "Release to the meeting")
    assert path_of(team) == f"/reviews/{reference}/agencies/"
    expect(team.locator("#participation-matrix")).to_contain_text("Released to the meeting")

    # The school reads it now, chronology and all.
    assert visit(school_page, police_return).status == 200
    main = school_page.get_by_role("main")
    expect(main).to_contain_text("Released to the meeting")
    expect(main).to_contain_text("Public protection unit")
    visit(school_page, f"{police_return}chronology/")
    expect(school_page.locator("main table tbody tr")).to_have_count(30)

    saved = ScopingReturn.objects.get(review_agency__agency=police)
    assert saved.state == ReturnState.RELEASED
    assert (saved.signed_off_by, saved.released_by) == (senior_leader, partnership_team)
    assert set(saved.completed_sections) >= {"A", "D", "E", "F", "G"}
    steps = AuditEvent.objects.filter(
        verb__in=[Verb.RETURN_SUBMITTED, Verb.RETURN_SIGNED_OFF, Verb.RETURN_RELEASED]
    ).order_by("pk")
    assert [(event.verb, event.actor) for event in steps] == [
        (Verb.RETURN_SUBMITTED, agency_rep),
        (Verb.RETURN_SIGNED_OFF, senior_leader),
        (Verb.RETURN_RELEASED, partnership_team),
    ]
