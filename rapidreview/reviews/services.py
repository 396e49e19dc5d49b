"""Use cases for notifications and reviews. Each runs in one transaction and writes its audit
event; each checks its own rules, whatever the form already checked. The lifecycle's
transitions are in `lifecycle.py`."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record, changes_between
from rapidreview.core import calendar
from rapidreview.core.dates import long_date

from .intake import Located, Notification, check_notification, draft_discard
from .models import (
    OPEN_STATES,
    Child,
    FamilyMember,
    Incident,
    IntakeDraft,
    RapidReview,
    ReferenceCounter,
    State,
)
from .rules import Finding, first_per_field, meeting_date_problems, notification_date_problems

INCIDENT_FIELDS = (
    "sin_reference",
    "nature",
    "circumstances",
    "incident_local_authority",
    "residence_local_authority",
    "looked_after",
)
DATE_FIELDS = ("incident_date", "la_aware_date", "partners_aware_date", "sin_submitted_date")
SCOPING_FIELDS = ("scoping_start", "scoping_end")
CHILD_FIELDS = (
    "full_name",
    "other_names",
    "date_of_birth",
    "sex",
    "ethnicity",
    "disability",
    "legal_status",
    "education",
    "date_of_death",
    "pseudonym",
)
FAMILY_FIELDS = (
    "full_name",
    "other_names",
    "relationship",
    "relationship_detail",
    "date_of_birth",
    "address",
    "pseudonym",
)
# Review dates that are facts: none may be earlier than the local authority becoming aware.
RECORDED_REVIEW_DATES = {
    "agencies_asked_on": "agencies were asked",
    "involvement_complete_on": "all involvement responses were in",
    "returns_complete_on": "all agency returns were in",
    "meeting_date": "the meeting",
    "signed_off_on": "the partners signed off",
    "sent_to_panel_on": "the review was sent to the Panel",
}


class ServiceError(Exception):
    """A use case refused for a reason the person can act on."""


class Invalid(ServiceError):
    """Answers that break a rule; each finding names the field to fix."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(finding.message for finding in findings))
        self.findings = findings


class NotificationInvalid(ServiceError):
    def __init__(self, problems: list[Located]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def sin_reference_taken(sin_reference: str) -> bool:
    return Incident.objects.filter(sin_reference__iexact=sin_reference.strip()).exists()


# --- logging a notification ---------------------------------------------------------------------


def incident_log(*, actor: Any, notification: Notification) -> Incident:
    """Save a checked notification: the incident, its children and family, all or nothing."""
    problems, _warnings = check_notification(notification, today=calendar.today())
    if problems:
        raise NotificationInvalid(problems)
    about, dates, scoping = notification.about, notification.dates, notification.scoping
    taken = Located(
        "about",
        None,
        Finding("sin_reference", "A notification with this SIN reference has already been logged"),
    )
    incident = Incident(
        **{name: about[name] for name in INCIDENT_FIELDS},
        **{name: dates[name] for name in DATE_FIELDS},
        **{name: scoping[name] for name in SCOPING_FIELDS},
        created_by=actor,
    )
    incident.sin_reference = incident.sin_reference.strip()
    children = [
        Child(incident=incident, position=position, **_pick(child, CHILD_FIELDS))
        for position, child in enumerate(notification.children, start=1)
    ]
    family = [
        FamilyMember(incident=incident, position=position, **_pick(person, FAMILY_FIELDS))
        for position, person in enumerate(notification.family, start=1)
    ]
    # The model's own checks (lengths, choices, constraints) as a last line, before any write.
    problems = _model_problems("about", None, incident, exclude=["created_by"])
    for section, items, records in (
        ("children", notification.children, children),
        ("family", notification.family, family),
    ):
        for item, record in zip(items, records, strict=True):
            problems += _model_problems(section, item.get("id"), record, exclude=["incident"])
    if problems:
        raise NotificationInvalid(problems)
    try:
        with transaction.atomic():
            if sin_reference_taken(incident.sin_reference):
                raise NotificationInvalid([taken])
            incident.save()
            for record in [*children, *family]:
                record.incident = incident
            Child.objects.bulk_create(children)
            FamilyMember.objects.bulk_create(family)
            audit_record(
                actor=actor,
                verb=Verb.INCIDENT_LOGGED,
                target=incident,
                payload={
                    "sin_reference": incident.sin_reference,
                    "children": len(children),
                    "family_members": len(family),
                },
            )
    except IntegrityError as exc:
        # Someone logged the same SIN reference a moment ago.
        raise NotificationInvalid([taken]) from exc
    return incident


def _model_problems(
    section: str, item_id: str | None, record: Any, *, exclude: list[str]
) -> list[Located]:
    try:
        record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        who = getattr(record, "pseudonym", "") if item_id else ""
        return [
            Located(section, item_id, Finding(field, message), who)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def draft_confirm(*, actor: Any, draft: IntakeDraft, notification: Notification) -> Incident:
    """Save the draft's notification and delete the draft, together."""
    with transaction.atomic():
        incident = incident_log(actor=actor, notification=notification)
        draft_discard(draft=draft)
    return incident


def _pick(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    picked = {name: values.get(name) for name in names}
    for name, value in picked.items():
        if value is None and name not in {"date_of_birth", "date_of_death"}:
            picked[name] = ""
    return picked


# --- convening a review -------------------------------------------------------------------------


def next_reference(year: int) -> tuple[int, str]:
    """The year's next number, under a row lock held until the transaction ends."""
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number, f"RR-{year}-{counter.last_number:03d}"


def review_convene(*, actor: Any, incident: Incident) -> RapidReview:
    """Convene the rapid review of an incident, numbered RR-<year>-<nnn> in the year convened."""
    today = calendar.today()
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        existing = RapidReview.objects.filter(incident=locked).first()
        if existing is not None:
            raise ServiceError(
                f"A rapid review has already been convened for this notification: {existing}"
            )
        number, reference = next_reference(today.year)
        review = RapidReview.objects.create(
            incident=locked,
            reference=reference,
            year=today.year,
            number=number,
            state=State.CONVENED,
            clock_anchor=settings.CLOCK_ANCHOR,
            convened_on=today,
            convened_by=actor,
        )
        audit_record(
            actor=actor,
            verb=Verb.REVIEW_CONVENED,
            target=review,
            review_reference=reference,
            payload={
                "incident": str(locked.public_id),
                "sin_reference": locked.sin_reference,
                "clock_anchor": review.clock_anchor,
            },
        )
    return review


# --- changing dates -----------------------------------------------------------------------------


def _lock_open(review: RapidReview) -> RapidReview:
    locked = RapidReview.objects.select_for_update().select_related("incident").get(pk=review.pk)
    if locked.state not in OPEN_STATES:
        raise ServiceError(
            f"This review is {locked.get_state_display().lower()}: it cannot be changed"
        )
    return locked


def review_set_meeting(*, actor: Any, review: RapidReview, meeting_date: Any) -> RapidReview:
    """Set or move the meeting date; the clock re-plans what hangs off it."""
    with transaction.atomic():
        locked = _lock_open(review)
        if not locked.meeting_can_move:
            raise ServiceError("The meeting has been held, so its date cannot be changed")
        findings = meeting_date_problems(
            meeting_date=meeting_date,
            la_aware_date=locked.incident.la_aware_date,
            today=calendar.today(),
        )
        if findings:
            raise Invalid(findings)
        changes = changes_between(
            {"meeting_date": locked.meeting_date}, {"meeting_date": meeting_date}
        )
        if changes:
            locked.meeting_date = meeting_date
            locked.updated_at = timezone.now()
            locked.save(update_fields=["meeting_date", "updated_at"])
            audit_record(
                actor=actor,
                verb=Verb.REVIEW_CHANGED,
                target=locked,
                review_reference=locked.reference,
                payload=changes,
            )
    return locked


def incident_change_dates(*, actor: Any, review: RapidReview, **dates: Any) -> Incident:
    """Correct the notification's dates. Every due date that counts from them moves with them."""
    if set(dates) != set(DATE_FIELDS):
        raise ValueError(f"Give exactly these dates: {', '.join(DATE_FIELDS)}")
    with transaction.atomic():
        locked = _lock_open(review)
        incident = Incident.objects.select_for_update().get(pk=locked.incident_id)
        findings = notification_date_problems(**dates, today=calendar.today())
        findings += _dates_against_people(incident, dates["incident_date"])
        findings += _dates_against_review(locked, dates["la_aware_date"])
        if findings:
            raise Invalid(first_per_field(findings))
        before = {name: getattr(incident, name) for name in DATE_FIELDS}
        changes = changes_between(before, dates)
        if changes:
            for name in changes:
                setattr(incident, name, dates[name])
            incident.save(update_fields=list(changes))
            audit_record(
                actor=actor,
                verb=Verb.INCIDENT_CHANGED,
                target=incident,
                review_reference=locked.reference,
                payload=changes,
            )
    return incident


def _dates_against_people(incident: Incident, incident_date: Any) -> list[Finding]:
    findings = []
    for child in incident.children.all():
        if child.date_of_birth > incident_date:
            findings.append(
                Finding(
                    "incident_date",
                    f"The date of the incident must be the same as or after {child.pseudonym}'s "
                    f"date of birth ({long_date(child.date_of_birth)})",
                )
            )
        if child.date_of_death is not None and child.date_of_death < incident_date:
            findings.append(
                Finding(
                    "incident_date",
                    f"The date of the incident must be the same as or before {child.pseudonym}'s "
                    f"date of death ({long_date(child.date_of_death)})",
                )
            )
    if incident.scoping_start > incident_date:
        findings.append(
            Finding(
                "incident_date",
                "The date of the incident must be the same as or after the start of the "
                f"scoping period ({long_date(incident.scoping_start)})",
            )
        )
    return findings


def _dates_against_review(review: RapidReview, la_aware_date: Any) -> list[Finding]:
    for name, what in RECORDED_REVIEW_DATES.items():
        value = getattr(review, name)
        if value is not None and value < la_aware_date:
            return [
                Finding(
                    "la_aware_date",
                    "The date the local authority became aware must be the same as or before "
                    f"the date {what} ({long_date(value)})",
                )
            ]
    return []
