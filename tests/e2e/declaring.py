"""Declaring involvement in the browser, as an agency's representative does: shared by the
journeys that need a declaration made the way a user makes it."""

from datetime import date

from playwright.sync_api import Page

from .journey import choose_radio, navigation, press, tab_to, type_into

# make_incident names them Invented Childname1, 2 and Invented Adultname1 to 4.
CHILDREN = ("Child A", "Child B")
FAMILY = ("Mother", "Father", "Grandmother", "Uncle")
KEYS = ("child-1", "child-2", "family-1", "family-2", "family-3", "family-4")
# Within the factory's scoping period, 1 March 2025 to 2 March 2026.
POLICE_KNEW = {"child-2": (date(2025, 6, 2), date(2025, 11, 20)), "family-1": (date(2025, 4, 7),
               date(2026, 2, 13))}  # fmt: skip


def submit(page: Page, button: str) -> None:
    with navigation(page):
        press(page, page.get_by_role("button", name=button, exact=True))


def type_date(page: Page, name: str, day: date) -> None:
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        type_into(page, page.locator(f'[name="{name}_{part}"]'), str(value))


def answer_everyone(page: Page, knew: dict[str, tuple[date, date]]) -> None:
    """Yes (with contact dates) for the people in `knew`, no for the rest, in page order."""
    for key in KEYS:
        choice = "yes" if key in knew else "no"
        choose_radio(page, page.locator(f'[name="{key}-involved"][value="{choice}"]'))
        if key in knew:
            first, last = knew[key]
            type_date(page, f"{key}-first_contact", first)
            type_date(page, f"{key}-last_contact", last)


def attest_and_confirm(page: Page, systems: str) -> None:
    type_into(page, page.get_by_label("Which systems did you search?"), systems)
    tab_to(page, page.get_by_label("I confirm that I have searched the systems listed"))
    page.keyboard.press("Space")
    submit(page, "Confirm declaration")
