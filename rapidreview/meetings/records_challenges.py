"""Challenges: a question one agency on the review raises with another, and the answer. The
partnership team records and changes them; the agency a challenge was raised with (or the team)
writes the response and says where it has got to. Conventions as in `records.py`."""

from typing import Any

from django.db import transaction

from rapidreview.audit.models import Verb
from rapidreview.reviews.models import RapidReview, ReviewAgency
from rapidreview.reviews.rules import Finding

from .models import Challenge, ChallengeStatus
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

TEXT_FIELDS = frozenset({"question", "response"})
NOT_ON_REVIEW = "Select an agency taking part in this review"


def _snapshot(challenge: Challenge) -> dict:
    return {
        "raised_by": agency_id(challenge.raised_by),
        "raised_with": agency_id(challenge.raised_with),
        "question": challenge.question,
        "response": challenge.response,
        "status": challenge.status,
    }


def _checked(
    review: RapidReview,
    raised_by: ReviewAgency | None,
    raised_with: ReviewAgency | None,
    question: str,
) -> str:
    findings: list[Finding] = []
    if raised_by is None:
        findings.append(Finding("raised_by", "Select the agency that raised the challenge"))
    if raised_with is None:
        findings.append(Finding("raised_with", "Select the agency the challenge was raised with"))
    check_belongs(findings, "raised_by", raised_by, review, NOT_ON_REVIEW)
    check_belongs(findings, "raised_with", raised_with, review, NOT_ON_REVIEW)
    if raised_by is not None and raised_by == raised_with:
        findings.append(
            Finding(
                "raised_with",
                "Select a different agency from the one that raised the challenge",
            )
        )
    question = check_text(
        findings,
        "question",
        question,
        label="The challenge",
        missing="Enter the challenge or question",
    )
    raise_if_any(findings)
    return question


def challenge_record(
    *,
    actor: Any,
    review: RapidReview,
    raised_by: ReviewAgency | None,
    raised_with: ReviewAgency | None,
    question: str,
) -> Challenge:
    question = _checked(review, raised_by, raised_with, question)
    require_open(review)
    with transaction.atomic():
        challenge = Challenge.objects.create(
            review=review,
            raised_by=raised_by,
            raised_with=raised_with,
            question=question,
            recorded_by=actor,
        )
        audit(
            actor,
            Verb.CHALLENGE_RECORDED,
            challenge,
            review,
            {"raised_by": agency_id(raised_by), "raised_with": agency_id(raised_with)},
        )
    return challenge


def _save(actor: Any, current: Challenge, after: dict) -> Challenge:
    before = _snapshot(current)
    for name, value in after.items():
        setattr(current, name, value)
    payload = change_payload(before, _snapshot(current), TEXT_FIELDS)
    if payload["changed"]:
        save_changed(current, list(after))
        audit(actor, Verb.CHALLENGE_CHANGED, current, current.review, payload)
    return current


def challenge_change(
    *,
    actor: Any,
    challenge: Challenge,
    raised_by: ReviewAgency | None,
    raised_with: ReviewAgency | None,
    question: str,
    base_version: int | None,
) -> Challenge:
    review = challenge.review
    question = _checked(review, raised_by, raised_with, question)
    require_open(review)
    with transaction.atomic():
        current = lock(challenge, base_version)
        current.review = review
        return _save(
            actor,
            current,
            {"raised_by": raised_by, "raised_with": raised_with, "question": question},
        )


def challenge_respond(
    *,
    actor: Any,
    challenge: Challenge,
    response: str,
    status: str,
    base_version: int | None,
) -> Challenge:
    """The answer to a challenge, and whether it is answered or resolved. A challenge still
    waiting for a response may carry a response being drafted."""
    findings: list[Finding] = []
    if status not in ChallengeStatus.values:
        findings.append(Finding("status", "Select where the challenge has got to"))
    response = check_text(
        findings,
        "response",
        response,
        label="The response",
        missing="" if status == ChallengeStatus.OPEN else "Enter the response to the challenge",
    )
    raise_if_any(findings)
    review = challenge.review
    require_open(review)
    with transaction.atomic():
        current = lock(challenge, base_version)
        current.review = review
        return _save(actor, current, {"response": response, "status": status})
