"""Immediate safeguarding actions: what must be done to keep a child safe now, for whom (the
child, a sibling, another child; optionally a named child or family member), by which agency on
the review and by when. The partnership team records and changes them; the owner agency (or the
team) updates the status, the completion date and the progress. Conventions as in `records.py`.
"""

from datetime import date
from typing import Any

from django.db import transaction

from rapidreview.audit.models import Verb
from rapidreview.core import calendar
from rapidreview.reviews.models import Child, FamilyMember, RapidReview, ReviewAgency
from rapidreview.reviews.rules import Finding

from .models import ActionStatus, ForWhom, SafeguardingAction
from .records import (
    agency_id,
    audit,
    change_payload,
    check_belongs,
    check_text,
    lock,
    raise_if_any,
    require_open,
    save_changed,
)

TEXT_FIELDS = frozenset({"description", "update"})
DETAIL_FIELDS = ("for_whom", "child", "family_member", "description", "owner", "due_on")
UPDATE_FIELDS = ("status", "completed_on", "update")


def _snapshot(action: SafeguardingAction) -> dict:
    return {
        "for_whom": action.for_whom,
        # Which named person: by position on the notification, never by name.
        "child": action.child.position if action.child_id else None,
        "family_member": action.family_member.position if action.family_member_id else None,
        "description": action.description,
        "owner": agency_id(action.owner),
        "due_on": action.due_on,
        "status": action.status,
        "completed_on": action.completed_on,
        "update": action.update,
    }


def _checked_details(
    review: RapidReview,
    *,
    for_whom: str,
    child: Child | None,
    family_member: FamilyMember | None,
    description: str,
    owner: ReviewAgency | None,
    due_on: date | None,
) -> dict:
    findings: list[Finding] = []
    if for_whom not in ForWhom.values:
        findings.append(Finding("for_whom", "Select who the action is for"))
    if child is not None and family_member is not None:
        findings.append(Finding("person", "Select one person, or none"))
    named = "Select someone named on this review, or no one"
    check_belongs(findings, "person", child, review, named)
    check_belongs(findings, "person", family_member, review, named)
    description = check_text(
        findings,
        "description",
        description,
        label="What must be done",
        missing="Enter what must be done",
    )
    if owner is None:
        findings.append(Finding("owner", "Select the agency that owns the action"))
    check_belongs(findings, "owner", owner, review, "Select an agency taking part in this review")
    if due_on is None:
        findings.append(Finding("due_on", "Enter the date the action is due"))
    raise_if_any(findings)
    return {
        "for_whom": for_whom,
        "child": child,
        "family_member": family_member,
        "description": description,
        "owner": owner,
        "due_on": due_on,
    }


def _save(actor: Any, current: SafeguardingAction, after: dict) -> SafeguardingAction:
    before = _snapshot(current)
    for name, value in after.items():
        setattr(current, name, value)
    payload = change_payload(before, _snapshot(current), TEXT_FIELDS)
    if payload["changed"]:
        save_changed(current, list(after))
        audit(actor, Verb.ACTION_CHANGED, current, current.review, payload)
    return current


def action_record(*, actor: Any, review: RapidReview, **details: Any) -> SafeguardingAction:
    """`details`: for_whom, child, family_member, description, owner, due_on."""
    values = _checked_details(review, **details)
    require_open(review)
    with transaction.atomic():
        action = SafeguardingAction.objects.create(review=review, recorded_by=actor, **values)
        snapshot = _snapshot(action)
        audit(
            actor,
            Verb.ACTION_RECORDED,
            action,
            review,
            {name: snapshot[name] for name in DETAIL_FIELDS if name not in TEXT_FIELDS},
        )
    return action


def action_change(
    *, actor: Any, action: SafeguardingAction, base_version: int | None, **details: Any
) -> SafeguardingAction:
    review = action.review
    values = _checked_details(review, **details)
    require_open(review)
    with transaction.atomic():
        current = lock(action, base_version)
        current.review = review
        return _save(actor, current, values)


def action_update(
    *,
    actor: Any,
    action: SafeguardingAction,
    status: str,
    completed_on: date | None,
    update: str,
    base_version: int | None,
) -> SafeguardingAction:
    """Where the action has got to. "Done" needs the date it was completed (not in the future);
    a completion date is only for an action that is done."""
    findings: list[Finding] = []
    if status not in ActionStatus.values:
        findings.append(Finding("status", "Select where the action has got to"))
    if status == ActionStatus.DONE and completed_on is None:
        findings.append(Finding("completed_on", "Enter the date the action was completed"))
    elif status != ActionStatus.DONE and completed_on is not None:
        findings.append(
            Finding(
                "completed_on",
                "Leave the completion date empty until the action is done, or select Done",
            )
        )
    elif completed_on is not None and completed_on > calendar.today():
        findings.append(Finding("completed_on", "The completion date must be today or earlier"))
    update = check_text(findings, "update", update, label="Progress")
    raise_if_any(findings)
    review = action.review
    require_open(review)
    with transaction.atomic():
        current = lock(action, base_version)
        current.review = review
        return _save(
            actor, current, {"status": status, "completed_on": completed_on, "update": update}
        )
