"""Parallel processes: a police investigation, an inquest, a child death review, a domestic
homicide or adult review, an NHS investigation, a disciplinary process or a LADO referral running
alongside the review, with its lead agency (any agency, on the review or not), where it has got
to, any limits on what may be shared or disclosed, and how it is co-ordinated with the review.
Conventions as in `records.py`."""

from typing import Any

from django.db import transaction

from rapidreview.accounts.models import Agency
from rapidreview.audit.models import Verb
from rapidreview.reviews.models import RapidReview
from rapidreview.reviews.rules import Finding

from .models import ParallelProcess, ProcessKind
from .records import (
    agency_id,
    audit,
    change_payload,
    check_text,
    lock,
    raise_if_any,
    require_open,
    save_changed,
)

TEXT_FIELDS = frozenset({"status", "disclosure_limits", "coordination"})
FIELDS = ("kind", "lead_agency", "status", "disclosure_limits", "coordination")


def _snapshot(process: ParallelProcess) -> dict:
    return {
        "kind": process.kind,
        "lead_agency": agency_id(process.lead_agency),
        "status": process.status,
        "disclosure_limits": process.disclosure_limits,
        "coordination": process.coordination,
    }


def _checked(
    *,
    kind: str,
    lead_agency: Agency | None,
    status: str,
    disclosure_limits: str,
    coordination: str,
) -> dict:
    findings: list[Finding] = []
    if kind not in ProcessKind.values:
        findings.append(Finding("kind", "Select the kind of process"))
    values = {
        "kind": kind,
        "lead_agency": lead_agency,
        "status": check_text(findings, "status", status, label="Where it has got to"),
        "disclosure_limits": check_text(
            findings, "disclosure_limits", disclosure_limits, label="Limits on disclosure"
        ),
        "coordination": check_text(
            findings, "coordination", coordination, label="How it is co-ordinated"
        ),
    }
    raise_if_any(findings)
    return values


def process_record(*, actor: Any, review: RapidReview, **details: Any) -> ParallelProcess:
    """`details`: kind, lead_agency, status, disclosure_limits, coordination."""
    values = _checked(**details)
    require_open(review)
    with transaction.atomic():
        process = ParallelProcess.objects.create(review=review, recorded_by=actor, **values)
        audit(
            actor,
            Verb.PROCESS_RECORDED,
            process,
            review,
            {
                "kind": process.kind,
                "lead_agency": agency_id(process.lead_agency),
                "has_disclosure_limits": bool(process.disclosure_limits),
            },
        )
    return process


def process_change(
    *, actor: Any, process: ParallelProcess, base_version: int | None, **details: Any
) -> ParallelProcess:
    review = process.review
    values = _checked(**details)
    require_open(review)
    with transaction.atomic():
        current = lock(process, base_version)
        before = _snapshot(current)
        for name, value in values.items():
            setattr(current, name, value)
        payload = change_payload(before, _snapshot(current), TEXT_FIELDS)
        if payload["changed"]:
            save_changed(current, list(FIELDS))
            audit(actor, Verb.PROCESS_CHANGED, current, review, payload)
    return current
