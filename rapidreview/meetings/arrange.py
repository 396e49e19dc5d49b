"""Arranging the rapid review meeting (DOMAIN.md §6): when and where, who is invited (each sent
an email with a calendar invitation), and the attendance register.

Each service locks the meeting (or the review, before there is a meeting), checks the review is
still open, changes what it must, writes its audit event and queues its emails, all in one
transaction. Audit payloads name fields and attendees' public ids, never a person's name.

- `meeting_arrange` creates or changes the meeting. Its date is the review's meeting date, set
  through `reviews.services.review_set_meeting` (which validates it and re-plans the clock) in
  the same transaction; once the meeting has been held the date is fixed. A change of date,
  time or place to a meeting whose invitations went out bumps the calendar SEQUENCE and sends
  everyone already invited the update (same UID), while the meeting is still to come.
- `attendees_add` / `attendee_remove`: removing someone already sent an invitation sends them a
  cancellation (METHOD:CANCEL).
- `invitations_send` emails everyone not yet sent the current version of the invitation.
- `attendance_record` saves the whole register at once, refused if the meeting changed since the
  register was shown (`Meeting.version`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from rapidreview.accounts.models import Role, User
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.core.dates import UK_TIME
from rapidreview.notifications.models import Purpose
from rapidreview.notifications.services import email_queue
from rapidreview.reviews import services as review_services
from rapidreview.reviews.models import OPEN_STATES, RapidReview

from . import calendar_invite
from .models import Attendance, Attendee, Meeting
from .people import candidates, not_yet_sent


class MeetingError(Exception):
    """A change refused for a reason the person can act on (the review moved on, say)."""


class Invalid(MeetingError):
    """Answers that cannot be saved: {field: message}."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class StaleVersion(MeetingError):
    def __init__(self) -> None:
        super().__init__("Someone else changed this while you were editing it")


@dataclass(frozen=True)
class Arrangements:
    day: date
    starts: time
    ends: time
    place: str = ""
    online_link: str = ""


# --- locking ---------------------------------------------------------------------------------


def _lock_review(review: RapidReview) -> RapidReview:
    locked = RapidReview.objects.select_for_update().select_related("incident").get(pk=review.pk)
    if locked.state not in OPEN_STATES:
        raise MeetingError(
            f"This review is {locked.get_state_display().lower()}: its meeting cannot be changed"
        )
    return locked


def _lock_meeting(meeting: Meeting) -> Meeting:
    review = _lock_review(meeting.review)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.review = review
    return locked


def _check_version(meeting: Meeting, version: int | None) -> None:
    if version is not None and version != meeting.version:
        raise StaleVersion()


def _saved(meeting: Meeting, *fields: str) -> None:
    meeting.version += 1
    meeting.updated_at = timezone.now()
    meeting.save(update_fields=[*fields, "version", "updated_at"])


# --- when and where --------------------------------------------------------------------------


def meeting_arrange(
    *, actor: Any, review: RapidReview, arrangements: Arrangements, version: int | None = None
) -> Meeting:
    """Create or change the meeting; returns it. Raises Invalid, StaleVersion or MeetingError."""
    problems = {}
    if arrangements.ends <= arrangements.starts:
        problems["ends"] = "The end time must be after the start time"
    if not (arrangements.place or arrangements.online_link):
        problems["place"] = "Enter the place of the meeting or an online meeting link"
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        locked = _lock_review(review)
        meeting = Meeting.objects.select_for_update().filter(review=locked).first()
        if meeting is not None:
            _check_version(meeting, version)
        day = arrangements.day
        if locked.meeting_can_move:
            try:
                locked = review_services.review_set_meeting(
                    actor=actor, review=locked, meeting_date=day
                )
            except review_services.Invalid as error:
                raise Invalid({"day": error.findings[0].message}) from error
        elif day != locked.meeting_date:
            raise Invalid({"day": "The meeting has been held, so its date cannot be changed"})
        values = {
            "starts_at": datetime.combine(day, arrangements.starts, tzinfo=UK_TIME),
            "ends_at": datetime.combine(day, arrangements.ends, tzinfo=UK_TIME),
            "place": arrangements.place,
            "online_link": arrangements.online_link,
        }
        if meeting is None:
            meeting = Meeting.objects.create(review=locked, created_by=actor, **values)
            changed = sorted(values)
        else:
            changed = sorted(name for name, new in values.items() if getattr(meeting, name) != new)
            if not changed:
                return meeting
            for name in changed:
                setattr(meeting, name, values[name])
            resend = (
                locked.meeting_can_move
                and meeting.attendees.filter(invited_sequence__isnull=False).exists()
            )
            if resend:
                meeting.calendar_sequence += 1
            _saved(meeting, *changed, "calendar_sequence")
        meeting.review = locked
        audit_record(
            actor=actor,
            verb=Verb.MEETING_ARRANGED,
            target=meeting,
            review_reference=locked.reference,
            payload={
                "changed": changed,
                "starts_at": meeting.starts_at.isoformat(),
                "ends_at": meeting.ends_at.isoformat(),
                "calendar_sequence": meeting.calendar_sequence,
            },
        )
        if locked.meeting_can_move:
            _send(actor, meeting, meeting.attendees.filter(invited_sequence__isnull=False))
    return meeting


# --- who is invited --------------------------------------------------------------------------


def attendees_add(*, actor: Any, meeting: Meeting, users: Iterable[User]) -> list[Attendee]:
    """Invite `users` (each one of the people suggested for this review). Someone already on
    the list is left as they are. The emails go when the team presses Send invitations."""
    with transaction.atomic():
        locked = _lock_meeting(meeting)
        allowed = {user.pk: user for user in candidates(locked.review)}
        wanted = [user.pk for user in users]
        refused = [pk for pk in wanted if pk not in allowed]
        if refused:
            raise MeetingError("Choose people from the list: someone chosen cannot be invited")
        on_list = set(locked.attendees.values_list("user_id", flat=True))
        added = []
        for pk in dict.fromkeys(wanted):
            if pk in on_list:
                continue
            user = allowed[pk]
            agency = user.membership.agency
            partner = agency.statutory_partner if user.role == Role.SAFEGUARDING_PARTNER else ""
            attendee = Attendee.objects.create(
                meeting=locked, user=user, agency=agency, represents_partner=partner, added_by=actor
            )
            audit_record(
                actor=actor,
                verb=Verb.ATTENDEE_ADDED,
                target=attendee,
                review_reference=locked.review.reference,
                payload={
                    "attendee": str(attendee.public_id),
                    "role": user.role,
                    "represents_partner": partner,
                },
            )
            added.append(attendee)
    return added


def attendee_remove(*, actor: Any, meeting: Meeting, attendee: Attendee) -> bool:
    """Take `attendee` off the list. Returns whether they were sent a cancellation (they are
    when they had an invitation and the meeting is still to come)."""
    with transaction.atomic():
        locked = _lock_meeting(meeting)
        current = locked.attendees.select_related("user").filter(pk=attendee.pk).first()
        if current is None:
            return False
        cancel = current.invited_sequence is not None and locked.review.meeting_can_move
        if cancel:
            _email(actor, locked, current, calendar_invite.CANCEL)
        public_id = str(current.public_id)
        current.delete()
        audit_record(
            actor=actor,
            verb=Verb.ATTENDEE_REMOVED,
            target=locked,
            review_reference=locked.review.reference,
            payload={"attendee": public_id, "cancellation_sent": cancel},
        )
    return cancel


def invitations_send(*, actor: Any, meeting: Meeting) -> int:
    """Email everyone invited who has not been sent the current invitation; returns how many."""
    with transaction.atomic():
        locked = _lock_meeting(meeting)
        if not locked.review.meeting_can_move:
            raise MeetingError("The meeting has been held: invitations are no longer sent")
        return _send(actor, locked, locked.attendees.all())


def _send(actor: Any, meeting: Meeting, attendees) -> int:
    due = not_yet_sent(meeting, attendees)
    now = timezone.now()
    for attendee in due:
        update = attendee.invited_sequence is not None
        _email(actor, meeting, attendee, calendar_invite.REQUEST, update=update)
        attendee.invited_at, attendee.invited_sequence = now, meeting.calendar_sequence
        attendee.save(update_fields=["invited_at", "invited_sequence"])
    if due:
        audit_record(
            actor=actor,
            verb=Verb.MEETING_INVITATIONS_SENT,
            target=meeting,
            review_reference=meeting.review.reference,
            payload={
                "calendar_sequence": meeting.calendar_sequence,
                "attendees": [str(attendee.public_id) for attendee in due],
            },
        )
    return len(due)


def _email(
    actor: Any, meeting: Meeting, attendee: Attendee, method: str, *, update: bool = False
) -> None:
    subject, body = calendar_invite.invitation_email(meeting, method, update=update)
    email = attendee.user.email
    kind = "meeting" if method == calendar_invite.REQUEST else "meeting-cancel"
    email_queue(
        actor=actor,
        recipients=[email],
        subject=subject,
        body=body,
        purpose=Purpose.MEETING,
        review_reference=meeting.review.reference,
        dedupe_key=f"{kind}:{meeting.calendar_uid}:{attendee.public_id}:{meeting.calendar_sequence}",
        attachments=[calendar_invite.attachment(meeting, attendee_email=email, method=method)],
    )


# --- the register ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    attendance: str
    proxy_name: str = ""
    proxy_role: str = ""


def attendance_record(
    *, actor: Any, meeting: Meeting, version: int, answers: dict[str, Answer]
) -> int:
    """Save the register: `answers` by attendee public id (as text). Attendees not answered are
    left as they are. Returns how many attendees changed."""
    problems = {}
    for public_id, answer in answers.items():
        if answer.attendance not in Attendance.values:
            problems[public_id] = "Choose whether they were present, sent apologies or a proxy"
        elif answer.attendance == Attendance.PROXY and not (
            answer.proxy_name.strip() and answer.proxy_role.strip()
        ):
            problems[public_id] = "Enter the name and role of the proxy"
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        locked = _lock_meeting(meeting)
        _check_version(locked, version)
        changes = {}
        for attendee in locked.attendees.all():
            answer = answers.get(str(attendee.public_id))
            if answer is None:
                continue
            proxy = answer.attendance == Attendance.PROXY
            new = {
                "attendance": answer.attendance,
                "proxy_name": answer.proxy_name.strip() if proxy else "",
                "proxy_role": answer.proxy_role.strip() if proxy else "",
            }
            changed = [name for name, value in new.items() if getattr(attendee, name) != value]
            if not changed:
                continue
            changes[str(attendee.public_id)] = {
                "attendance": {"old": attendee.attendance, "new": new["attendance"]},
                "proxy_changed": any(name.startswith("proxy") for name in changed),
            }
            for name in changed:
                setattr(attendee, name, new[name])
            attendee.save(update_fields=changed)
        if changes:
            _saved(locked)
            audit_record(
                actor=actor,
                verb=Verb.ATTENDANCE_RECORDED,
                target=locked,
                review_reference=locked.review.reference,
                payload={"changes": changes},
            )
    return len(changes)
