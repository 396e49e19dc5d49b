"""Use cases about people (DOMAIN.md §4, duties 6 and 8): the alerts an agency places on the
records of each named individual, and the register of its staff who knew the child or family.
The same conventions as `records.py`: one transaction, own checks, one audit event each."""

import re
from datetime import date

from django.db import transaction

from rapidreview.audit.models import Verb
from rapidreview.audit.services import changes_between
from rapidreview.core.dates import long_date
from rapidreview.reviews.models import Child, FamilyMember, ReviewAgency
from rapidreview.reviews.rules import Finding

from .models import Alert, StaffMember
from .records import (
    Invalid,
    ServiceError,
    audit_agency,
    check_past,
    check_text,
    raise_if_any,
    require_open,
    values_of,
)

__all__ = ["Invalid", "ServiceError"]

INITIALS = re.compile(r"^[^\W\d_]{1,4}$")
ALERT_FIELDS = ("system", "placed_on", "placed_by")
STAFF_FIELDS = (
    "role",
    "initials",
    "contact_with",
    "informed_on",
    "support_offered",
    "information_shared_on",
    "outcome_shared_on",
    "completed_review_shared_on",
)
STAFF_DATES = {
    "informed_on": "Date informed of the review",
    "information_shared_on": "Date information was shared",
    "outcome_shared_on": "Date the outcome was shared",
    "completed_review_shared_on": "Date the completed rapid review was shared",
}


# --- alerts ---------------------------------------------------------------------------------------


def _alert_findings(system: str, placed_on: date | None, placed_by: str) -> tuple[dict, list]:
    findings: list[Finding] = []
    values = {
        "system": check_text(findings, "system", system, "Enter the system the alert is on", 200),
        "placed_on": placed_on,
        "placed_by": check_text(
            findings, "placed_by", placed_by, "Enter who placed the alert (name and role)", 200
        ),
    }
    if placed_on is None:
        findings.append(Finding("placed_on", "Enter the date the alert was placed"))
    check_past(findings, "placed_on", placed_on, "The date the alert was placed")
    return values, findings


def _person_of(person: Child | FamilyMember, review_agency: ReviewAgency) -> dict:
    if person.incident_id != review_agency.review.incident_id:
        raise ServiceError("This person is not named on this review's notification.")
    return {"child": person} if isinstance(person, Child) else {"family_member": person}


def alert_record(
    *,
    actor,
    review_agency: ReviewAgency,
    person: Child | FamilyMember,
    system: str,
    placed_on: date,
    placed_by: str,
) -> Alert:
    values, findings = _alert_findings(system, placed_on, placed_by)
    raise_if_any(findings)
    about = _person_of(person, review_agency)
    require_open(review_agency.review)
    with transaction.atomic():
        alert = Alert.objects.create(
            review_agency=review_agency, recorded_by=actor, **about, **values
        )
        audit_agency(actor, Verb.ALERT_RECORDED, alert, review_agency, {"new": values})
    return alert


def alert_change(*, actor, alert: Alert, system: str, placed_on: date, placed_by: str) -> Alert:
    values, findings = _alert_findings(system, placed_on, placed_by)
    raise_if_any(findings)
    review_agency = alert.review_agency
    require_open(review_agency.review)
    changes = changes_between(values_of(alert, ALERT_FIELDS), values)
    if changes:
        with transaction.atomic():
            for name, value in values.items():
                setattr(alert, name, value)
            alert.save(update_fields=[*ALERT_FIELDS])
            audit_agency(actor, Verb.ALERT_CHANGED, alert, review_agency, {"changes": changes})
    return alert


def alert_remove(*, actor, alert: Alert) -> None:
    review_agency = alert.review_agency
    require_open(review_agency.review)
    with transaction.atomic():
        audit_agency(
            actor, Verb.ALERT_REMOVED, alert, review_agency, {"old": values_of(alert, ALERT_FIELDS)}
        )
        alert.delete()


def alerts_mark_reviewed(*, actor, review_agency: ReviewAgency, reviewed_on: date) -> int:
    """At closure: every alert not yet reviewed is marked reviewed on `reviewed_on`. Returns
    how many. The review must be closed: the alerts stay until the review is over."""
    findings: list[Finding] = []
    if reviewed_on is None:
        findings.append(Finding("reviewed_on", "Enter the date the alerts were reviewed"))
    check_past(findings, "reviewed_on", reviewed_on, "The date the alerts were reviewed")
    review = review_agency.review
    if reviewed_on is not None and review.closed_on and reviewed_on < review.closed_on:
        findings.append(
            Finding(
                "reviewed_on",
                f"The date the alerts were reviewed must be on or after the review closed "
                f"({long_date(review.closed_on)})",
            )
        )
    raise_if_any(findings)
    if review.is_open:
        raise ServiceError("Alerts are reviewed once the review is closed.")
    with transaction.atomic():
        alerts = list(review_agency.alerts.select_for_update().filter(reviewed_on__isnull=True))
        for alert in alerts:
            alert.reviewed_on = reviewed_on
            alert.save(update_fields=["reviewed_on"])
            changes = {"reviewed_on": {"old": None, "new": reviewed_on}}
            audit_agency(actor, Verb.ALERT_CHANGED, alert, review_agency, {"changes": changes})
    return len(alerts)


# --- the staff register ----------------------------------------------------------------------------
# The register is seen only inside the agency, and the audit trail is read by the partnership
# team and the scrutineer, so its events name the fields written, never their values.


def clean_initials(initials: str) -> str:
    """'j.s.' -> 'JS'. Full stops and spaces between letters are allowed and dropped."""
    return re.sub(r"[.\s]", "", initials or "").upper()


def _staff_findings(values: dict) -> tuple[dict, list[Finding]]:
    findings: list[Finding] = []
    cleaned = dict(values)
    cleaned["role"] = check_text(findings, "role", values.get("role", ""), "Enter their role", 200)
    cleaned["initials"] = clean_initials(values.get("initials", ""))
    if not cleaned["initials"]:
        findings.append(Finding("initials", "Enter their initials"))
    elif not INITIALS.match(cleaned["initials"]):
        findings.append(Finding("initials", "Initials must be 1 to 4 letters, not a full name"))
    cleaned["contact_with"] = check_text(
        findings,
        "contact_with",
        values.get("contact_with", ""),
        "Enter who they had contact with",
        300,
    )
    cleaned["support_offered"] = (values.get("support_offered") or "").replace("\x00", "").strip()
    if len(cleaned["support_offered"]) > 2000:
        findings.append(
            Finding("support_offered", "Support offered must be 2000 characters or fewer")
        )
    for name, label in STAFF_DATES.items():
        cleaned[name] = values.get(name)
        check_past(findings, name, cleaned[name], label)
    informed = cleaned["informed_on"]
    for name in ("information_shared_on", "outcome_shared_on", "completed_review_shared_on"):
        if informed and cleaned[name] and cleaned[name] < informed:
            findings.append(
                Finding(
                    name, f"{STAFF_DATES[name]} must be on or after the date they were informed"
                )
            )
    return {name: cleaned[name] for name in STAFF_FIELDS}, findings


def _filled(values: dict) -> list[str]:
    return sorted(name for name, value in values.items() if value not in (None, ""))


def staff_record(*, actor, review_agency: ReviewAgency, **values) -> StaffMember:
    cleaned, findings = _staff_findings(values)
    raise_if_any(findings)
    require_open(review_agency.review)
    with transaction.atomic():
        member = StaffMember.objects.create(
            review_agency=review_agency, recorded_by=actor, **cleaned
        )
        audit_agency(
            actor, Verb.STAFF_RECORDED, member, review_agency, {"fields": _filled(cleaned)}
        )
    return member


def staff_change(*, actor, member: StaffMember, **values) -> StaffMember:
    cleaned, findings = _staff_findings(values)
    raise_if_any(findings)
    review_agency = member.review_agency
    require_open(review_agency.review)
    changes = changes_between(values_of(member, STAFF_FIELDS), cleaned)
    if changes:
        with transaction.atomic():
            for name, value in cleaned.items():
                setattr(member, name, value)
            member.save(update_fields=[*STAFF_FIELDS])
            audit_agency(
                actor, Verb.STAFF_CHANGED, member, review_agency, {"fields": sorted(changes)}
            )
    return member


def staff_remove(*, actor, member: StaffMember) -> None:
    review_agency = member.review_agency
    require_open(review_agency.review)
    with transaction.atomic():
        audit_agency(actor, Verb.STAFF_REMOVED, member, review_agency, {})
        member.delete()
