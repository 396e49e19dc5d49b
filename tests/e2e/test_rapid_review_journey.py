"""A co-ordinator logs a serious incident notification with two children and four family members,
convenes the rapid review, sees every due date, and re-plans them by correcting the SIN date.
Every page on the way is checked by axe-core (the `page` fixture fails the test otherwise)."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from rapidreview.core import calendar
from rapidreview.core.dates import long_date
from rapidreview.reviews.models import RapidReview

from .journey import navigation, path_of, press, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    """Browser tests run in transactional tests, and each of those empties every table when it
    ends, including the bank holidays the data migration loaded. Load them again."""
    calendar.load_bank_holidays(2012, 2040)


CHILDREN = [
    {"pseudonym": "Baby A", "full_name": "Willow Quillfeather", "born": 200, "died": True},
    {"pseudonym": "Child B", "full_name": "Fennel Quillfeather", "born": 2400, "died": False},
]
FAMILY = [
    ("Mother", "Clementine Quillfeather", "Mother"),
    ("Father", "Ambrose Quillfeather", "Father"),
    ("Grandmother", "Hyacinth Ottersby", "Grandparent"),
    ("Mother's friend", "Perpetua Mudgewick", "Significant other"),
]


def wd(n: int) -> date:
    return calendar.add_working_days(calendar.today(), n)


def fill_date(page: Page, name: str, day: date) -> None:
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        page.locator(f'[name="{name}_{part}"]').fill(str(value))


def submit(page: Page, button: str = "Continue") -> None:
    with navigation(page):
        press(page, page.get_by_role("button", name=button, exact=True))


def answer(page: Page, question: str, choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def due_in(page: Page, key: str) -> str:
    return page.locator(f"#milestone-{key} .moj-timeline__date").inner_text()


def test_a_coordinator_logs_a_notification_convenes_the_review_and_re_plans_it(
    page: Page, partnership_team
):
    incident_day, sin_day = wd(-4), wd(-3)
    sign_in(page, partnership_team)

    with navigation(page):
        press(page, page.get_by_role("button", name="Log a serious incident notification"))
    submit(page, "Start now")

    # About the notification.
    expect(page.get_by_role("heading", level=1)).to_have_text("About the notification")
    page.get_by_label("SIN reference").fill("SIN-E2E-0001")
    answer(page, "Nature of the incident", "Death")
    page.get_by_label("Brief circumstances").fill("Invented: a baby was found unresponsive.")
    page.get_by_label("Local authority where the incident happened").fill("Northmoor Council")
    page.get_by_label("Local authority where the child lived").fill("Northmoor Council")
    answer(page, "Looked-after status", "Not looked after")
    submit(page)

    # Key dates: a SIN dated before the authority knew is refused, the other answers kept.
    fill_date(page, "incident_date", incident_day)
    fill_date(page, "la_aware_date", incident_day)
    fill_date(page, "partners_aware_date", incident_day)
    fill_date(page, "sin_submitted_date", incident_day - timedelta(days=1))
    submit(page)
    expect(page).to_have_title("Error: Key dates – Log a notification – Rapid Review")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date the SIN was submitted must be the same as or after the date the local "
        "authority became aware"
    )
    expect(page.locator('[name="incident_date_year"]')).to_have_value(str(incident_day.year))
    fill_date(page, "sin_submitted_date", sin_day)
    submit(page)

    # Two children, added one after the other.
    for number, child in enumerate(CHILDREN):
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")
        page.get_by_label("Full name").fill(child["full_name"])
        fill_date(page, "date_of_birth", incident_day - timedelta(days=child["born"]))
        answer(page, "Sex", "Female")
        answer(page, "Legal status", "Child in need")
        if child["died"]:
            fill_date(page, "date_of_death", incident_day)
        page.get_by_label("Pseudonym").fill(child["pseudonym"])
        submit(page, "Add child")
        answer(page, "Do you need to add another child?", "No" if number else "Yes")
        submit(page)

    # Four family and household members.
    for number, (pseudonym, full_name, relationship) in enumerate(FAMILY):
        if number == 0:
            answer(page, "Do you need to add a family or household member?", "Yes")
            submit(page)
        page.get_by_label("Full name").fill(full_name)
        answer(page, "Relationship to the child", relationship)
        page.get_by_label("Address (optional)").fill("14 Larkspur Row, Northmoor")
        page.get_by_label("Pseudonym").fill(pseudonym)
        submit(page, "Add person")
        last = number == len(FAMILY) - 1
        answer(
            page, "Do you need to add another family or household member?", "No" if last else "Yes"
        )
        submit(page)

    # The scoping period, then check answers.
    fill_date(page, "scoping_start", incident_day - timedelta(days=365))
    fill_date(page, "scoping_end", incident_day)
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before saving the notification"
    )
    main = page.get_by_role("main")
    for shown in ["SIN-E2E-0001", "Baby A", "Child B", "Mother's friend", long_date(sin_day)]:
        expect(main).to_contain_text(shown)
    submit(page, "Confirm and save")

    # The notification is logged; convene its review.
    expect(page.get_by_role("heading", level=1)).to_have_text("Baby A and Child B")
    submit(page, "Convene the rapid review")
    review = RapidReview.objects.get()
    assert path_of(page) == f"/reviews/{review.reference}/"
    expect(page).to_have_title(f"Review {review.reference} – Rapid Review")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{review.reference}: Baby A and Child B"
    )

    def expected(sin: date) -> dict[str, str]:
        add = calendar.add_working_days
        return {
            "sin": f"Due: {long_date(add(incident_day, 5))}",
            "partners_told": f"Due: {long_date(add(incident_day, 5))}",
            "involvement": f"Due: {long_date(add(sin, 2))}",
            "returns": f"Due: {long_date(add(sin, 10))}",
            "meeting": f"Latest date: {long_date(add(sin, 12))}",
            "sign_off": f"Window: {long_date(add(sin, 12))} to {long_date(add(sin, 15))}",
            "panel": f"Due: {long_date(add(sin, 15))}",
        }

    for key, text in expected(sin_day).items():
        assert due_in(page, key) == text, key

    # The dashboard lists it, with its next deadline in words.
    with navigation(page):
        press(page, page.get_by_role("link", name="Back to rapid reviews"))
    row = page.get_by_role("row").filter(has_text=review.reference)
    expect(row).to_contain_text("Baby A and Child B")
    expect(row).to_contain_text(long_date(calendar.add_working_days(sin_day, 15)))

    # Correcting the SIN date re-plans everything that counts from it.
    with navigation(page):
        press(page, row.get_by_role("link", name=review.reference))
    with navigation(page):
        press(page, page.get_by_role("link", name="Change the notification dates"))
    fill_date(page, "sin_submitted_date", wd(-2))
    submit(page, "Save dates")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The timetable has been re-planned"
    )
    for key, text in expected(wd(-2)).items():
        assert due_in(page, key) == text, key
