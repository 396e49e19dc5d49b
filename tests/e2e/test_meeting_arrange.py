"""Issue 7's meeting, by keyboard: the co-ordinator arranges the meeting (after a time the service
cannot read), invites the three safeguarding partners and two agency representatives, sends the
invitations (each email carries a calendar invitation for the meeting in London time and names
no child), records attendance with one proxy and sees that the meeting is quorate. Every page on
the way is checked by axe-core (the `page` fixture fails the test otherwise)."""

from datetime import datetime, timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from rapidreview.accounts.models import Role
from rapidreview.core import calendar
from rapidreview.core.dates import UK_TIME, long_date
from rapidreview.meetings.models import Attendance, Attendee, Meeting

from ..decisions.factories import make_partners
from ..factories import make_user
from ..reviews.factories import make_incident, make_review
from .journey import choose_radio, navigation, press, sign_in, tab_to, type_into, visit
from .mail import body_of, wait_for_email

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    """Transactional tests empty every table when they end, the bank holidays the data
    migration loaded included. Load them again: the clock needs them."""
    calendar.load_bank_holidays(2012, 2040)


def submit(page: Page, button: str) -> None:
    with navigation(page):
        press(page, page.get_by_role("button", name=button, exact=True))


def follow(page: Page, link: str, role: str = "link") -> None:
    with navigation(page):
        press(page, page.get_by_role(role, name=link, exact=True))


def tick(page: Page, name: str) -> None:
    checkbox = page.get_by_role("checkbox", name=name, exact=True)
    tab_to(page, checkbox)
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()


def test_the_coordinator_arranges_a_quorate_meeting_by_keyboard(
    page: Page, partnership_team, police, school, mail_sink, settings, live_server
):
    settings.SITE_URL = live_server.url
    partners = make_partners()
    police_rep = make_user(
        Role.AGENCY_REPRESENTATIVE, police, full_name="Alex Arep", email="alex@example.invalid"
    )
    school_rep = make_user(
        Role.AGENCY_REPRESENTATIVE, school, full_name="Bea Brep", email="bea@example.invalid"
    )
    incident = make_incident(partnership_team, children=("Child A",), family=("Mother",))
    review = make_review(
        incident,
        convened_by=partnership_team,
        convened_on=calendar.today(),
        agencies=(police, school, *(user.membership.agency for user in partners.values())),
    )
    day = calendar.add_working_days(calendar.today(), 10)

    sign_in(page, partnership_team)
    visit(page, f"/reviews/{review.reference}/meeting/")
    expect(page).to_have_title(f"Meeting – Review {review.reference} – Rapid Review")
    follow(page, "Arrange the meeting", role="button")

    # A start time the service cannot read is explained beside the field, the rest kept.
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        type_into(page, page.locator(f'[name="day_{part}"]'), str(value))
    type_into(page, page.get_by_label("Start time"), "10")
    type_into(page, page.get_by_label("End time"), "12:30pm")
    type_into(
        page, page.get_by_label("Place (optional if the meeting is online)"), "Invented House"
    )
    submit(page, "Save the meeting")
    expect(page).to_have_title(
        f"Error: Arrange the meeting – Review {review.reference} – Rapid Review"
    )
    expect(page.locator("#id_starts-error")).to_contain_text(
        "Enter the start time with am or pm, like 10am or 2pm"
    )
    expect(page.get_by_label("Place (optional if the meeting is online)")).to_have_value(
        "Invented House"
    )
    start = page.get_by_label("Start time")
    tab_to(page, start)
    page.keyboard.press("Control+A")
    page.keyboard.type("10am")
    type_into(
        page,
        page.get_by_label("Online meeting link (optional if the meeting has a place)"),
        "https://meet.example.org/rr-invented",
    )
    submit(page, "Save the meeting")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is invited")
    meeting = Meeting.objects.get()
    assert meeting.starts_at.astimezone(UK_TIME) == datetime(
        day.year, day.month, day.day, 10, tzinfo=UK_TIME
    )

    # The three partners and two agency representatives.
    for user in [*partners.values(), police_rep, school_rep]:
        tick(page, user.full_name)
    submit(page, "Add to the meeting")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("5 people added")
    expect(page.locator("#invited tbody tr")).to_have_count(5)
    expect(page.locator("#to-send")).to_contain_text("5 people have not been sent the invitation")
    submit(page, "Send invitations")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Invitation sent to 5 people"
    )

    # The police representative's email: the reference and date, a calendar invitation.
    message = wait_for_email(mail_sink, "alex@example.invalid")
    assert message["Subject"] == f"Rapid review meeting: {review.reference} on {long_date(day)}"
    assert live_server.url + f"/reviews/{review.reference}/meeting/" in body_of(message)
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == meeting.starts_at.astimezone(UK_TIME)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    for name in [*incident.children.all(), *incident.family.all()]:
        assert name.full_name not in message.as_string()

    # The register: two partners present, the police partner sent a proxy, the school sent
    # apologies.
    follow(page, "Back to the meeting")
    follow(page, "Record attendance")
    expect(page.locator("#quorum")).to_contain_text("Attendance has not been recorded yet.")
    choices = {
        partners["local_authority"]: "present",
        partners["icb"]: "present",
        partners["police"]: "proxy",
        police_rep: "present",
        school_rep: "apologies",
    }
    attendees = sorted(
        Attendee.objects.filter(meeting=meeting).select_related("user"),
        key=lambda attendee: page.locator(f"#register-{attendee.public_id}").bounding_box()["y"],
    )
    for attendee in attendees:
        key = attendee.public_id.hex
        choose_radio(
            page, page.locator(f'[name="{key}-attendance"][value="{choices[attendee.user]}"]')
        )
        if choices[attendee.user] == "proxy":
            type_into(page, page.locator(f'[name="{key}-proxy_name"]'), "Invented Deputy")
            type_into(page, page.locator(f'[name="{key}-proxy_role"]'), "Detective inspector")
    submit(page, "Save attendance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapid review meeting")
    expect(page.locator("#quorum")).to_have_text(
        "Quorate: the local authority, the integrated care board and the police are represented."
    )
    expect(page.locator("#attendees")).to_contain_text("Invented Deputy, Detective inspector")
    police_partner = Attendee.objects.get(user=partners["police"])
    assert (police_partner.attendance, police_partner.proxy_name) == (
        Attendance.PROXY,
        "Invented Deputy",
    )
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2, minutes=30)
