"""Reads for arranging the meeting: the people the team may invite, and the meeting's time in
words. No writes here (those are in arrange.py)."""

from dataclasses import dataclass, field
from datetime import datetime

from rapidreview.accounts.models import Role, User
from rapidreview.core.dates import UK_TIME, long_date
from rapidreview.decisions.queries import PARTNER_NAMES
from rapidreview.participation.models import AttendanceResponse, Nomination
from rapidreview.reviews.models import RapidReview

from .models import Attendee, Meeting

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def short_time(value: datetime) -> str:
    """GOV.UK style: 10am, 2:30pm, midday, midnight (in UK time)."""
    local = value.astimezone(UK_TIME)
    if local.minute == 0 and local.hour in {0, 12}:
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def meeting_day(meeting: Meeting) -> str:
    day = meeting.starts_at.astimezone(UK_TIME).date()
    return f"{WEEKDAYS[day.weekday()]} {long_date(day)}"


def time_words(meeting: Meeting) -> str:
    return f"{short_time(meeting.starts_at)} to {short_time(meeting.ends_at)}"


def when_words(meeting: Meeting) -> str:
    """Wednesday 18 March 2026, 10am to midday."""
    return f"{meeting_day(meeting)}, {time_words(meeting)}"


# --- who may be invited --------------------------------------------------------------------------


@dataclass
class Suggestion:
    user: User
    hint: str


@dataclass
class Group:
    key: str
    title: str
    hint: str = ""
    people: list[Suggestion] = field(default_factory=list)


def _described(user: User, *extra: str) -> str:
    return ", ".join(part for part in (user.job_title, *extra) if part)


def _attending_hint(response: AttendanceResponse | None) -> str:
    if response is None:
        return "They have not said who will attend yet."
    return (
        f"They said {response.attendee_name} ({response.attendee_job_title}) will attend"
        f"{' for them' if response.attending == 'proxy' else ''}."
    )


def suggestions(review: RapidReview) -> list[Group]:
    """The people the team may invite, grouped: the safeguarding partners, each agency on the
    review (its active representatives and the colleagues nominated for this review), and the
    partnership team. Each person appears once."""
    active = User.objects.filter(is_active=True).select_related("membership__agency")
    groups = []
    partners = Group(
        "partners", "Safeguarding partners", "They or their delegates make the meeting quorate."
    )
    for user in active.filter(
        membership__role=Role.SAFEGUARDING_PARTNER, membership__agency__is_active=True
    ).exclude(membership__agency__statutory_partner=""):
        agency = user.membership.agency
        partners.people.append(
            Suggestion(
                user, _described(user, f"{agency.name} ({PARTNER_NAMES[agency.statutory_partner]})")
            )
        )
    groups.append(partners)
    responses = {
        response.review_agency_id: response
        for response in AttendanceResponse.objects.filter(review_agency__review=review)
    }
    for review_agency in review.agencies.select_related("agency").order_by("agency__name"):
        group = Group(
            f"agency-{review_agency.agency.public_id}",
            review_agency.agency.name,
            _attending_hint(responses.get(review_agency.pk)),
        )
        for user in active.filter(
            membership__role=Role.AGENCY_REPRESENTATIVE,
            membership__agency_id=review_agency.agency_id,
        ):
            group.people.append(Suggestion(user, _described(user, "Representative")))
        nominees = Nomination.objects.active().filter(
            review_agency=review_agency, user__is_active=True
        )
        for nomination in nominees.select_related("user"):
            group.people.append(
                Suggestion(
                    nomination.user, _described(nomination.user, "Nominated for this review")
                )
            )
        groups.append(group)
    team = Group("team", "Partnership team")
    for user in active.filter(membership__role=Role.PARTNERSHIP_TEAM):
        team.people.append(Suggestion(user, _described(user)))
    groups.append(team)
    seen: set[int] = set()
    for group in groups:
        group.people = [s for s in group.people if not (s.user.pk in seen or seen.add(s.user.pk))]
    return [group for group in groups if group.people]


def candidates(review: RapidReview) -> list[User]:
    return [suggestion.user for group in suggestions(review) for suggestion in group.people]


def not_yet_sent(meeting: Meeting, attendees=None) -> list[Attendee]:
    """Who would be emailed by Send invitations: not sent the current version, still active."""
    attendees = meeting.attendees.all() if attendees is None else attendees
    return [
        attendee
        for attendee in attendees.select_related("user")
        if attendee.invited_sequence != meeting.calendar_sequence and attendee.user.is_active
    ]
