"""The calendar invitation (.ics) read back with icalendar, as a calendar program would."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from rapidreview.meetings.calendar_invite import CANCEL, FILENAME, attachment, meeting_ics

from ..reviews.factories import make_incident, make_review
from .factories import make_meeting

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def meeting(personas, settings):
    settings.SITE_URL = "https://rapidreview.example.org"
    review = make_review(
        make_incident(personas.partnership_team, children=("Child A",), family=("Mother",)),
        convened_by=personas.partnership_team,
        meeting_date=date(2026, 4, 15),
    )
    # 15 April 2026 is in British Summer Time: 10am in London is 9am UTC.
    return make_meeting(
        review,
        by=personas.partnership_team,
        starts_at=datetime(2026, 4, 15, 10, tzinfo=LONDON),
        online_link="https://meet.example.org/rr-invented",
    )


def _event(text: str):
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_invitation_is_a_request_for_the_meeting_in_london_time(meeting):
    text = meeting_ics(meeting, attendee_email="alex@example.invalid")
    calendar, event = _event(text)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"{meeting.calendar_uid}@rapidreview.example.org"
    assert int(event["SEQUENCE"]) == 0
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 4, 15, 10, tzinfo=LONDON)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert "DTSTART;TZID=Europe/London:20260415T100000" in text
    assert event.decoded("DTEND") == datetime(2026, 4, 15, 12, tzinfo=LONDON)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(event["SUMMARY"]) == f"Rapid review meeting {meeting.review.reference}"
    assert str(event["LOCATION"]) == "Room 1, Invented House"
    assert "https://meet.example.org/rr-invented" in str(event["DESCRIPTION"])
    assert f"https://rapidreview.example.org/reviews/{meeting.review.reference}/meeting/" in str(
        event["DESCRIPTION"]
    )
    assert str(event["ORGANIZER"]) == "mailto:partnership@rapidreview.invalid"
    assert str(event["ATTENDEE"]) == "mailto:alex@example.invalid"
    assert str(event["STATUS"]) == "CONFIRMED"
    event.decoded("DTSTAMP")  # present and well formed


def test_the_invitation_names_no_child_or_family_member(meeting):
    text = meeting_ics(meeting, attendee_email="alex@example.invalid")
    for person in [*meeting.review.incident.children.all(), *meeting.review.incident.family.all()]:
        assert person.full_name not in text
        assert person.full_name.split()[1] not in text  # "Childname1"
        assert person.pseudonym not in text


def test_an_update_keeps_the_uid_and_raises_the_sequence(meeting):
    first = _event(meeting_ics(meeting, attendee_email="alex@example.invalid"))[1]
    meeting.calendar_sequence = 1
    meeting.starts_at = datetime(2026, 4, 15, 14, 30, tzinfo=LONDON)
    meeting.ends_at = datetime(2026, 4, 15, 16, tzinfo=LONDON)
    second = _event(meeting_ics(meeting, attendee_email="alex@example.invalid"))[1]
    assert str(second["UID"]) == str(first["UID"])
    assert int(second["SEQUENCE"]) == 1
    assert second.decoded("DTSTART") == datetime(2026, 4, 15, 14, 30, tzinfo=LONDON)


def test_a_cancellation_cancels_the_same_event(meeting):
    calendar, event = _event(
        meeting_ics(meeting, attendee_email="a@example.invalid", method=CANCEL)
    )
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]).startswith(str(meeting.calendar_uid))


def test_the_outbox_attachment_is_a_calendar_file(meeting):
    found = attachment(meeting, attendee_email="alex@example.invalid")
    assert found["filename"] == FILENAME == "rapid-review-meeting.ics"
    assert found["content_type"].startswith("text/calendar; method=REQUEST")
    assert Calendar.from_ical(found["content"])["METHOD"] == "REQUEST"
