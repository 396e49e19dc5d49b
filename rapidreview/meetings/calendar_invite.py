"""The meeting invitation: the email's words, and the calendar file sent with it, an iCalendar
(.ics) file built with the `icalendar` library (RFC 5545, with the iTIP methods of RFC 5546).

- One UID for the life of the meeting (`Meeting.calendar_uid` at the site's host), so a change
  updates the event in the attendee's calendar rather than adding a second one: each change
  bumps `Meeting.calendar_sequence`, carried as SEQUENCE.
- METHOD:REQUEST for an invitation or an update; METHOD:CANCEL with STATUS:CANCELLED for someone
  taken off the list.
- Times in Europe/London (DTSTART;TZID=Europe/London, with the VTIMEZONE that says what that is).
- The summary names the review by its reference; the description gives the online link, the
  review's page and the partnership team's contacts. Nothing about the child or family.
"""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress, vText

from rapidreview.core.dates import UK_TIME, long_date

from .models import Meeting
from .people import when_words

FILENAME = "rapid-review-meeting.ics"
REQUEST, CANCEL = "REQUEST", "CANCEL"


def content_type(method: str) -> str:
    """The attachment's type. The charset is added by the email library."""
    return f"text/calendar; method={method}"


def event_uid(meeting: Meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "rapidreview.invalid"
    return f"{meeting.calendar_uid}@{host}"


def review_link(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("meetings:meeting", args=[meeting.review.reference])


def summary(meeting: Meeting) -> str:
    return f"Rapid review meeting {meeting.review.reference}"


def _organiser() -> vCalAddress:
    contacts = settings.PARTNERSHIP_CONTACTS
    contact = contacts[0] if contacts else {"name": settings.PARTNERSHIP_NAME, "email": ""}
    organiser = vCalAddress(f"mailto:{contact['email']}")
    organiser.params["CN"] = vText(contact["name"])
    return organiser


def _description(meeting: Meeting) -> str:
    lines = [f"{summary(meeting)} for {settings.PARTNERSHIP_NAME}."]
    if meeting.place:
        lines.append(f"Place: {meeting.place}")
    if meeting.online_link:
        lines.append(f"Join online: {meeting.online_link}")
    lines.append(f"The meeting, its agenda and its pack: {review_link(meeting)}")
    lines.append("This invitation holds no details of the child or family.")
    contacts = "; ".join(
        f"{contact['role']}: {contact['name']}, {contact['email']}"
        for contact in settings.PARTNERSHIP_CONTACTS
    )
    if contacts:
        lines.append(f"Questions: {contacts}")
    return "\n".join(lines)


def meeting_ics(
    meeting: Meeting, *, attendee_email: str, method: str = REQUEST, sequence: int | None = None
) -> str:
    """The .ics text for one attendee: an invitation (or update) with REQUEST, a cancellation
    with CANCEL. `sequence` defaults to the meeting's current one."""
    if method not in {REQUEST, CANCEL}:
        raise ValueError(f"Unknown calendar method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", "-//Rapid Review//Rapid review meeting//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("sequence", meeting.calendar_sequence if sequence is None else sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UK_TIME))
    event.add("dtend", meeting.ends_at.astimezone(UK_TIME))
    event.add("summary", summary(meeting))
    event.add("location", meeting.place or meeting.online_link)
    event.add("description", _description(meeting))
    event.add("url", meeting.online_link or review_link(meeting))
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event["organizer"] = _organiser()
    attendee = vCalAddress(f"mailto:{attendee_email}")
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
    attendee.params["RSVP"] = vText("FALSE")
    event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


def attachment(meeting: Meeting, *, attendee_email: str, method: str = REQUEST) -> dict[str, str]:
    """The outbox attachment (notifications.services.email_queue) for one attendee."""
    return {
        "filename": FILENAME,
        "content_type": content_type(method),
        "content": meeting_ics(meeting, attendee_email=attendee_email, method=method),
    }


def invitation_email(meeting: Meeting, method: str, *, update: bool = False) -> tuple[str, str]:
    """The subject and body: the reference, when, where and links; no child's or family's
    details."""
    reference = meeting.review.reference
    day = long_date(meeting.starts_at.astimezone(UK_TIME).date())
    subject = f"Rapid review meeting: {reference} on {day}"
    link = review_link(meeting)
    if method == CANCEL:
        subject = f"Cancelled: {subject}"
        opening = (
            f"You are no longer invited to the rapid review meeting for {reference}. "
            "The attached cancellation removes it from your calendar."
        )
    elif update:
        subject = f"Changed: {subject}"
        opening = (
            f"The rapid review meeting for {reference} has changed. "
            "The attached invitation updates it in your calendar."
        )
    else:
        opening = (
            f"You are invited to the rapid review meeting for {reference}. "
            "The calendar invitation is attached."
        )
    lines = [opening, "", f"When: {when_words(meeting)}"]
    if meeting.place:
        lines.append(f"Where: {meeting.place}")
    if meeting.online_link:
        lines.append(f"Join online: {meeting.online_link}")
    lines += [
        "",
        "The agenda, the meeting pack and who is coming are on the meeting's page:",
        link,
        "",
        "This email holds no details of the child or family. Do not reply with any: use the "
        "service.",
        "",
        f"If you have any questions, contact the partnership team of {settings.PARTNERSHIP_NAME}:",
        *(
            f"{contact['role']}: {contact['name']}, {contact['email']}"
            for contact in settings.PARTNERSHIP_CONTACTS
        ),
    ]
    return subject, "\n".join(lines) + "\n"
