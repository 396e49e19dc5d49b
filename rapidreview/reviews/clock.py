"""The statutory clock: each milestone's due date, derived from the anchor dates, and how it
stands today. Nothing here is stored; docs/adr/0002-statutory-clock.md says why and how lateness
is counted.

Working days come from `rapidreview.core.calendar` (England & Wales bank holidays plus the
partnership's closure days); "N working days after D" lands on the Nth working day after D, with
D as day 0 (DOMAIN.md §2).

Lateness and time remaining are both counted in working days, the unit the deadlines are set in.
A date that falls on a non-working day counts as the next working day: a review sent on a
Saturday after a Friday deadline reaches the Panel's working week on Monday, one working day
late; on that Saturday an unsent review is one working day overdue, never "0 days" overdue.
"""

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from django.conf import settings

from rapidreview.core import calendar
from rapidreview.core.dates import long_date

from .models import MEETING_DONE_STATES, ClockAnchor, Incident, RapidReview, State


@dataclass(frozen=True)
class ClockRules:
    """The offsets, in working days, from settings (CLOCK_* environment variables)."""

    sin_days: int
    partners_told_days: int
    involvement_days: int
    returns_days: int
    returns_before_meeting_days: int
    meeting_days: int
    sign_off_opens_days: int
    panel_days: int
    red_days: int
    amber_days: int

    @classmethod
    def from_settings(cls) -> "ClockRules":
        return cls(
            sin_days=settings.CLOCK_SIN_DAYS,
            partners_told_days=settings.CLOCK_PARTNERS_TOLD_DAYS,
            involvement_days=settings.CLOCK_INVOLVEMENT_DAYS,
            returns_days=settings.CLOCK_RETURNS_DAYS,
            returns_before_meeting_days=settings.CLOCK_RETURNS_BEFORE_MEETING_DAYS,
            meeting_days=settings.CLOCK_MEETING_DAYS,
            sign_off_opens_days=settings.CLOCK_SIGN_OFF_OPENS_DAYS,
            panel_days=settings.CLOCK_PANEL_DAYS,
            red_days=settings.CLOCK_RED_DAYS,
            amber_days=settings.CLOCK_AMBER_DAYS,
        )


class Key(StrEnum):
    SIN = "sin"
    PARTNERS_TOLD = "partners_told"
    INVOLVEMENT = "involvement"
    RETURNS = "returns"
    MEETING = "meeting"
    SIGN_OFF = "sign_off"
    PANEL = "panel"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    DONE = "done"
    DONE_LATE = "done_late"
    NOT_NEEDED = "not_needed"


@dataclass(frozen=True)
class Countdown:
    rag: Rag
    words: str  # "Due in 2 working days", "Overdue by 3 working days", "Done 1 working day late"
    days_late: int  # working days; 0 when not late
    days_remaining: int | None  # working days; None when done, overdue or not needed

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


@dataclass(frozen=True)
class Milestone:
    key: Key
    title: str
    due: date
    done: date | None
    basis: str  # how the due date is counted, in words
    opens: date | None = None  # the sign-off window's first day
    planned: date | None = None  # the meeting's planned date, before it is held
    countdown: Countdown | None = None

    @property
    def is_done(self) -> bool:
        return self.done is not None


def working_days(n: int) -> str:
    return f"{n} working day" if n == 1 else f"{n} working days"


def anchor_date(incident: Incident, anchor: str) -> date:
    if anchor == ClockAnchor.PARTNERS_AWARE:
        return incident.partners_aware_date
    return incident.sin_submitted_date


def _effective(day: date) -> date:
    """The working day a date counts as: itself, or the next working day."""
    return day if calendar.is_working_day(day) else calendar.add_working_days(day, 1)


def countdown(
    *, due: date, done: date | None, today: date, rules: ClockRules, stopped: bool = False
) -> Countdown:
    """How a milestone stands on `today` (see the module docstring for the counting)."""
    if done is not None:
        late = max(0, calendar.working_days_between(due, _effective(done))) if done > due else 0
        if late:
            return Countdown(Rag.DONE_LATE, f"Done {working_days(late)} late", late, None)
        return Countdown(Rag.DONE, "Done on time", 0, None)
    if stopped:
        return Countdown(Rag.NOT_NEEDED, "Not needed: the review stopped", 0, None)
    if today > due:
        late = calendar.working_days_between(due, _effective(today))
        return Countdown(Rag.RED, f"Overdue by {working_days(late)}", late, None)
    remaining = calendar.working_days_between(today, due)
    words = "Due today" if remaining == 0 else f"Due in {working_days(remaining)}"
    if remaining <= rules.red_days:
        rag = Rag.RED
    elif remaining <= rules.amber_days:
        rag = Rag.AMBER
    else:
        rag = Rag.GREEN
    return Countdown(rag, words, 0, remaining)


def plan(
    incident: Incident,
    review: RapidReview | None,
    *,
    rules: ClockRules,
    today: date,
) -> list[Milestone]:
    """Every milestone of the incident's review, in the order they fall due.

    Before the review is convened (`review` is None) the clock still runs from the notification,
    with the anchor the settings name.
    """
    add = calendar.add_working_days
    anchor_kind = review.clock_anchor if review else settings.CLOCK_ANCHOR
    anchor = anchor_date(incident, anchor_kind)
    anchor_words = f"{ClockAnchor(anchor_kind).label} ({long_date(anchor)})"
    la_aware = incident.la_aware_date
    la_words = f"the local authority became aware ({long_date(la_aware)})"
    asked = review.agencies_asked_on if review else None
    meeting = review.meeting_date if review else None
    state = review.state if review else None

    panel_due = add(anchor, rules.panel_days)

    returns_due = add(anchor, rules.returns_days)
    returns_basis = f"{working_days(rules.returns_days)} after {anchor_words}"
    if meeting is not None and rules.returns_before_meeting_days > 0:
        before_meeting = add(meeting, -rules.returns_before_meeting_days)
        if before_meeting < returns_due:
            returns_due = before_meeting
            returns_basis = (
                f"{working_days(rules.returns_before_meeting_days)} before the meeting "
                f"({long_date(meeting)})"
            )

    if meeting is not None:
        sign_off_opens = add(meeting, 1)
        opens_words = f"the working day after the meeting ({long_date(meeting)})"
    else:
        sign_off_opens = add(anchor, rules.sign_off_opens_days)
        opens_words = f"{working_days(rules.sign_off_opens_days)} after {anchor_words}"

    milestones = [
        Milestone(
            Key.SIN,
            "Serious incident notification submitted",
            add(la_aware, rules.sin_days),
            incident.sin_submitted_date,
            f"{working_days(rules.sin_days)} after {la_words}",
        ),
        Milestone(
            Key.PARTNERS_TOLD,
            "Safeguarding partners told",
            add(la_aware, rules.partners_told_days),
            incident.partners_aware_date,
            f"{working_days(rules.partners_told_days)} after {la_words}",
        ),
        Milestone(
            Key.INVOLVEMENT,
            "Agencies' involvement responses",
            add(asked or anchor, rules.involvement_days),
            review.involvement_complete_on if review else None,
            f"{working_days(rules.involvement_days)} after "
            + (
                f"agencies were asked ({long_date(asked)})"
                if asked
                else f"{anchor_words}, until agencies are asked"
            ),
        ),
        Milestone(
            Key.RETURNS,
            "Agency returns",
            returns_due,
            review.returns_complete_on if review else None,
            returns_basis,
        ),
        Milestone(
            Key.MEETING,
            "Rapid review meeting",
            add(anchor, rules.meeting_days),
            meeting if state in MEETING_DONE_STATES else None,
            f"held within {working_days(rules.meeting_days)} of {anchor_words}",
            planned=meeting if state not in MEETING_DONE_STATES else None,
        ),
        Milestone(
            Key.SIGN_OFF,
            "Safeguarding partners sign off",
            panel_due,
            review.signed_off_on if review else None,
            f"from {opens_words} until the review is due at the Panel",
            opens=sign_off_opens,
        ),
        Milestone(
            Key.PANEL,
            "Rapid review sent to the Panel",
            panel_due,
            review.sent_to_panel_on if review else None,
            f"{working_days(rules.panel_days)} after {anchor_words}",
        ),
    ]
    stopped = state == State.STOPPED
    return [
        replace(
            m,
            countdown=countdown(due=m.due, done=m.done, today=today, rules=rules, stopped=stopped),
        )
        for m in milestones
    ]


def next_milestone(milestones: list[Milestone]) -> Milestone | None:
    """The milestone not yet done that falls due first (the list's order breaks ties)."""
    pending = [m for m in milestones if not m.is_done]
    return min(pending, key=lambda m: m.due) if pending else None


def by_key(milestones: list[Milestone]) -> dict[Key, Milestone]:
    return {m.key: m for m in milestones}
