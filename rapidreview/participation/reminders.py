"""Reminders to agencies before and on their due dates, and escalation to senior leaders.

`reminders_send()` is called by the periodic scheduler every few minutes and by
`rapidreview reminders`. It is safe to call at any time, any number of times, at once from two
processes: each email has a dedupe key (`reminder:<review agency>:<duties>:<kind>:<due date>`,
duties joined by "+") and the outbox refuses a key it has seen, so each reminder is queued
once, across restarts too. An agency gets one email for all its duties due on the same date;
a duty named in an earlier email of the same kind and date is not named again.

The rules (all counts are working days; the settings are REMINDER_DAYS_BEFORE,
REMINDER_ON_DUE_DAY and ESCALATE_AFTER_DAYS):

- Duties reminded about, for each agency on a review still being planned (convened, gathering
  information or ready for the meeting) whose duty is not done:
  - involvement: due on the clock's involvement date; done when the agency has declared
    (a nil return counts);
  - attendance: due on the same date, because the invitation asks for both at once and the
    meeting date is often not set yet; done when the agency has said who will attend.
  An agency invited late gets the same number of working days as the others from the day it was
  invited (CLOCK_INVOLVEMENT_DAYS), so it is never reminded or escalated for a date that passed
  before it was asked.
  - the scoping return: due on the clock's returns date (Key.RETURNS), once the agency has
    declared it was involved (a return is completed "where involved"; until it declares, the
    involvement duty is the one reminded about, and after a nil return none is needed); done
    once submitted for sign-off, signed off or released (returned for amendment is not done).
  The duties, and which agencies have done each, are in reminders_duties.py.
- For each duty, only the most relevant email for today:
  - from ESCALATE_AFTER_DAYS after the due date: the escalation, to the agency's active senior
    leaders, copying its representatives and nominees (to the partnership team's contacts if the
    agency has no one with an active account). The dashboard flags the review while the duty is
    still not done;
  - from the due date: the due-day reminder (REMINDER_ON_DUE_DAY). "The day it is missed" is the
    due date itself: the first run that day sends "due today". If no run happened that day, the
    first run after it sends the same reminder worded "overdue";
  - before it: for each N in REMINDER_DAYS_BEFORE, from N working days before. A late run sends
    only the nearest one (with "5,2", a run 1 day before sends the 2-day one, not the 5-day
    one). A reminder whose day falls on or before the invitation is not sent: the invitation
    itself says the due date (with the default 2 days for involvement, that is the usual case).
  If the due date moves (the meeting is re-planned), the keys change and the reminders are due
  again for the new date.
- After closure: each agency with alerts not yet marked as reviewed is asked once to review them.
- Nothing is sent on a non-working day; the next working day's run sends what is due then.
The emails' words are in reminders_email.py.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from rapidreview.accounts.models import Membership, Role
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.core import calendar
from rapidreview.notifications.models import OutboxMessage, Purpose
from rapidreview.notifications.services import email_queue
from rapidreview.reviews.clock import ClockRules, by_key, plan
from rapidreview.reviews.models import PLANNING_STATES, RapidReview, ReviewAgency, State

from .models import Alert, Nomination
from .reminders_duties import DUTIES, DUTY_BY_KEY, duty_done, involved_in
from .reminders_email import CLOSURE, DUE, ESCALATION, reminder_email

logger = logging.getLogger(__name__)

KEY_PREFIX = "reminder"
ALERTS = "alerts"


@dataclass(frozen=True)
class ReminderRules:
    days_before: tuple[int, ...]  # largest first
    on_due_day: bool
    escalate_after: int

    @classmethod
    def from_settings(cls) -> "ReminderRules":
        return cls(
            days_before=tuple(sorted(settings.REMINDER_DAYS_BEFORE, reverse=True)),
            on_due_day=settings.REMINDER_ON_DUE_DAY,
            escalate_after=settings.ESCALATE_AFTER_DAYS,
        )


@dataclass
class RemindersSent:
    reminders: int = 0
    escalations: int = 0
    failed: int = 0  # reviews or emails that raised an error (logged); tried again next run


def dedupe_key(review_agency_id: int, duties: Iterable[str], kind: str, due: date | None) -> str:
    """One email's key; an email about several duties names them all ("attendance+involvement")
    so that none of them is reminded about again in that kind of email for that date."""
    joined = "+".join(sorted(duties))
    return f"{KEY_PREFIX}:{review_agency_id}:{joined}:{kind}:{due.isoformat() if due else ''}"


def key_parts(key: str) -> tuple[int, list[str], str, str]:
    """(review agency id, duties, kind, due date in ISO or "") from a key made by dedupe_key."""
    _, review_agency_id, duties, kind, due = key.split(":")
    return int(review_agency_id), duties.split("+"), kind, due


def kind_today(*, due: date, today: date, invited_on: date, rules: ReminderRules) -> str | None:
    """The one email due today for a duty due on `due` and not done: "escalation", "due",
    "before<N>", or None."""
    if today >= calendar.add_working_days(due, rules.escalate_after):
        return ESCALATION
    if today >= due:
        return DUE if rules.on_due_day else None
    for days in reversed(rules.days_before):  # nearest first
        sent_on = calendar.add_working_days(due, -days)
        if sent_on <= today:
            return f"before{days}" if sent_on > invited_on else None
    return None


def reminders_send() -> RemindersSent:
    """Queue every reminder and escalation due today that has not been queued before."""
    sent = RemindersSent()
    today = calendar.today()
    if not calendar.is_working_day(today):
        return sent
    rules = ReminderRules.from_settings()
    candidates = []
    for review in _reviews_being_planned():
        try:
            candidates.extend(_candidates_for(review, today=today, rules=rules))
        except Exception:  # one review's problem must not stop everyone else's reminders
            logger.exception("Reminders for %s could not be worked out", review.reference)
            sent.failed += 1
    candidates.extend(_closure_candidates())
    _queue(candidates, today=today, sent=sent)
    return sent


# --- working out what is due -----------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One email to one agency: the duties it has not done, due on one date."""

    review_agency: ReviewAgency
    duties: tuple[str, ...]
    kind: str
    due: date | None

    @property
    def key(self) -> str:
        return dedupe_key(self.review_agency.pk, self.duties, self.kind, self.due)

    def covers(self, duty: str) -> tuple[int, str, str, str]:
        return (self.review_agency.pk, duty, self.kind, self.due.isoformat() if self.due else "")


def _reviews_being_planned() -> Iterable[RapidReview]:
    return (
        RapidReview.objects.filter(state__in=sorted(PLANNING_STATES))
        .select_related("incident")
        .prefetch_related(
            Prefetch("agencies", queryset=ReviewAgency.objects.select_related("agency"))
        )
        .order_by("pk")
    )


def agency_due(review_agency: ReviewAgency, milestone_due: date) -> date:
    """The review's due date, or for an agency invited late, as many working days after its
    invitation as the others had."""
    invited_on = timezone.localdate(review_agency.invited_at)
    own = calendar.add_working_days(invited_on, settings.CLOCK_INVOLVEMENT_DAYS)
    return max(milestone_due, own)


def _candidates_for(review: RapidReview, *, today: date, rules: ReminderRules) -> list[Candidate]:
    milestones = by_key(
        plan(review.incident, review, rules=ClockRules.from_settings(), today=today)
    )
    review_agencies = list(review.agencies.all())
    found: dict[tuple[ReviewAgency, str, date], list[str]] = defaultdict(list)
    involved = involved_in(review_agencies)
    for duty in DUTIES:
        done = duty_done(duty, review_agencies, involved)
        for review_agency in review_agencies:
            if review_agency.pk in done:
                continue
            due = agency_due(review_agency, milestones[duty.milestone].due)
            invited_on = timezone.localdate(review_agency.invited_at)
            kind = kind_today(due=due, today=today, invited_on=invited_on, rules=rules)
            if kind:
                found[review_agency, kind, due].append(duty.key)
    return [
        Candidate(review_agency, tuple(sorted(duties)), kind, due)
        for (review_agency, kind, due), duties in found.items()
    ]


def _closure_candidates() -> list[Candidate]:
    """Agencies on closed reviews with alerts not yet marked as reviewed."""
    review_agency_ids = (
        Alert.objects.filter(reviewed_on__isnull=True, review_agency__review__state=State.CLOSED)
        .values_list("review_agency_id", flat=True)
        .distinct()
    )
    return [
        Candidate(review_agency, (ALERTS,), CLOSURE, None)
        for review_agency in ReviewAgency.objects.filter(pk__in=review_agency_ids)
        .select_related("agency", "review")
        .order_by("pk")
    ]


# --- queueing --------------------------------------------------------------------------------


def _not_yet_queued(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates less the duties an earlier email of the same kind and date covered."""
    covered = set()
    for key in OutboxMessage.objects.filter(
        dedupe_key__startswith=f"{KEY_PREFIX}:",
        review_reference__in={c.review_agency.review.reference for c in candidates},
    ).values_list("dedupe_key", flat=True):
        review_agency_id, duties, kind, due = key_parts(key)
        covered.update((review_agency_id, duty, kind, due) for duty in duties)
    new = []
    for candidate in candidates:
        duties = tuple(duty for duty in candidate.duties if candidate.covers(duty) not in covered)
        if duties:
            new.append(replace(candidate, duties=duties))
    return new


def _queue(candidates: list[Candidate], *, today: date, sent: RemindersSent) -> None:
    new = _not_yet_queued(candidates)
    if not new:
        return
    people = _people_for([candidate.review_agency for candidate in new])
    for candidate in new:
        try:
            queued = _queue_one(candidate, people=people, today=today)
        except Exception:  # the rest still go; this one is tried again on the next run
            logger.exception(
                "A reminder for %s could not be queued", candidate.review_agency.review.reference
            )
            sent.failed += 1
            continue
        if queued:
            if candidate.kind == ESCALATION:
                sent.escalations += 1
            else:
                sent.reminders += 1


@dataclass
class AgencyPeople:
    representatives: list[str]
    senior_leaders: list[str]
    nominees: list[str]


def _people_for(review_agencies: list[ReviewAgency]) -> dict[int, AgencyPeople]:
    """The active work addresses to write to, per review agency, in two queries."""
    by_agency: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for agency_id, role, email in Membership.objects.filter(
        agency_id__in={ra.agency_id for ra in review_agencies},
        role__in=[Role.AGENCY_REPRESENTATIVE, Role.SENIOR_LEADER],
        user__is_active=True,
    ).values_list("agency_id", "role", "user__email"):
        by_agency[agency_id][role].append(email)
    nominees: dict[int, list[str]] = defaultdict(list)
    for review_agency_id, email in (
        Nomination.objects.active()
        .filter(review_agency__in=review_agencies, user__is_active=True)
        .values_list("review_agency_id", "user__email")
    ):
        nominees[review_agency_id].append(email)
    return {
        ra.pk: AgencyPeople(
            representatives=by_agency[ra.agency_id][Role.AGENCY_REPRESENTATIVE],
            senior_leaders=by_agency[ra.agency_id][Role.SENIOR_LEADER],
            nominees=nominees[ra.pk],
        )
        for ra in review_agencies
    }


def _recipients(candidate: Candidate, people: AgencyPeople) -> list[str]:
    working = people.representatives + people.nominees
    if candidate.kind == ESCALATION:
        everyone = people.senior_leaders + working
        return sorted(set(everyone or [c["email"] for c in settings.PARTNERSHIP_CONTACTS]))
    if candidate.kind == CLOSURE:  # nominations end at closure; a senior leader can pass it on
        return sorted(set(working or people.senior_leaders))
    return sorted(set(working))


def _queue_one(candidate: Candidate, *, people: dict[int, AgencyPeople], today: date) -> bool:
    agency_people = people[candidate.review_agency.pk]
    recipients = _recipients(candidate, agency_people)
    if not recipients:
        return False  # no one to write to yet; a later run tries again
    review = candidate.review_agency.review
    subject, body = reminder_email(
        to_partnership=candidate.kind == ESCALATION
        and not (
            agency_people.senior_leaders + agency_people.representatives + agency_people.nominees
        ),
        reference=review.reference,
        agency=candidate.review_agency.agency.name,
        what=[DUTY_BY_KEY[duty].what for duty in candidate.duties if duty in DUTY_BY_KEY],
        kind=candidate.kind,
        due=candidate.due,
        today=today,
    )
    escalation = candidate.kind == ESCALATION
    with transaction.atomic():
        message = email_queue(
            actor=None,
            recipients=recipients,
            subject=subject,
            body=body,
            purpose=Purpose.ESCALATION if escalation else Purpose.REMINDER,
            review_reference=review.reference,
            dedupe_key=candidate.key,
        )
        if message is None:  # another run queued it a moment ago
            return False
        audit_record(
            actor=None,
            verb=Verb.ESCALATED if escalation else Verb.REMINDER_SENT,
            target=review,
            review_reference=review.reference,
            payload={
                "agency": candidate.review_agency.agency.name,
                "duties": list(candidate.duties),
                "kind": candidate.kind,
                "due": candidate.due.isoformat() if candidate.due else None,
            },
        )
    return True


# --- the dashboard flag ----------------------------------------------------------------------


def open_escalations(references: list[str]) -> dict[str, int]:
    """For each review reference, how many agencies were escalated for a duty they have still
    not done. Three queries however many reviews."""
    escalated: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for reference, key in OutboxMessage.objects.filter(
        purpose=Purpose.ESCALATION,
        review_reference__in=references,
        dedupe_key__startswith=f"{KEY_PREFIX}:",
    ).values_list("review_reference", "dedupe_key"):
        review_agency_id, duties, _, _ = key_parts(key)
        escalated[reference].update(
            (review_agency_id, duty) for duty in duties if duty in DUTY_BY_KEY
        )
    if not escalated:
        return {}
    ids = {review_agency_id for pairs in escalated.values() for review_agency_id, _ in pairs}
    involved = involved_in(ids)
    done = {
        (review_agency_id, duty.key)
        for duty in DUTIES
        for review_agency_id in duty_done(duty, ids, involved)
    }
    counts = {
        reference: len({ra_id for ra_id, duty in pairs if (ra_id, duty) not in done})
        for reference, pairs in escalated.items()
    }
    return {reference: count for reference, count in counts.items() if count}
