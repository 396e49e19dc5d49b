"""Recording the decision (DOMAIN.md §6) and sending it to the partners to sign off.

The partnership team records, after the meeting, each regulation 11 criterion as met, not met
or unclear with its reasoning, the outcome, the rationale, the partners' view on a national
review and, for an alternative learning route, which one. Every change bumps
`Decision.version`: sign-offs given to an older version stay as history but no longer count,
so the partners sign the changed decision again (they are emailed if it is with them).

`decision_record` is given the version the person started from; if the decision has changed
since, it refuses (`StaleDecision`) and changes nothing, so the person's answers can be shown
back to them. Sending it to the partners moves the review to "awaiting sign-off" and emails each
safeguarding partner account: the reference, a link and the partnership's contacts, never a
name or anything the decision says.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rapidreview.access.meetings import DECISION_STATES
from rapidreview.accounts.models import Role, User
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.notifications.models import Purpose
from rapidreview.notifications.services import email_queue
from rapidreview.reviews import lifecycle
from rapidreview.reviews.models import RapidReview, State
from rapidreview.reviews.services import ServiceError

from .models import (
    CRITERIA,
    AlternativeRoute,
    Assessment,
    Decision,
    NationalView,
    Outcome,
    PartnerSignOff,
)

TEXT_MAX = 10_000

# Each criterion in a few words, for the keys of a summary list (the full words are in CRITERIA).
CRITERIA_IN_SHORT = {
    "a": "improvements needed",
    "b": "recurrent themes",
    "c": "agencies working together",
    "d": "the Panel thought a local review more suitable",
}

CRITERION_FIELDS = [
    name for letter in CRITERIA for name in (f"criterion_{letter}", f"criterion_{letter}_reasoning")
]
# Every answer of the decision, in the order the pages ask for them.
FIELDS = [
    *CRITERION_FIELDS,
    "outcome",
    "rationale",
    "alternative_route",
    "alternative_detail",
    "national_view",
    "national_view_reasoning",
]
_CHOICES = {
    **{f"criterion_{letter}": Assessment for letter in CRITERIA},
    "outcome": Outcome,
    "alternative_route": AlternativeRoute,
    "national_view": NationalView,
}
_REQUIRED_TEXT = {
    **{f"criterion_{letter}_reasoning": f"criterion ({letter})" for letter in CRITERIA},
    "rationale": "the decision",
}


class DecisionRefused(ServiceError):
    """The decision cannot be recorded or sent now (the review has moved on)."""


class StaleDecision(ServiceError):
    """Someone else saved the decision after this person started changing it."""

    def __init__(self, current_version: int) -> None:
        super().__init__(
            "Someone else changed the decision while you were editing it. Your answers have "
            "not been saved."
        )
        self.current_version = current_version


class InvalidDecision(ServiceError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class Recorded:
    decision: Decision
    changed: list[str]  # the fields that changed; every field for a new decision
    sign_offs_voided: int  # sign-offs of the previous version that no longer count
    created: bool = False  # a new decision rather than a change


# --- the answers -----------------------------------------------------------------------------------


def answers_of(decision: Decision | None) -> dict[str, str]:
    """The decision's answers as the pages hold them (blank when none is recorded)."""
    return {name: getattr(decision, name) if decision else "" for name in FIELDS}


def decision_values(answers: dict[str, Any]) -> dict[str, str]:
    """What will be saved from `answers`: text trimmed, and no alternative route unless the
    outcome is an alternative learning route."""
    values = {name: str(answers.get(name) or "").replace("\x00", "").strip() for name in FIELDS}
    if values["outcome"] != Outcome.ALTERNATIVE:
        values["alternative_route"] = values["alternative_detail"] = ""
    return values


def answer_problems(values: dict[str, str]) -> dict[str, str]:
    """What is wrong with the answers, by field; empty when they can be saved."""
    problems = {}
    for name, choices in _CHOICES.items():
        if values[name] and values[name] not in choices.values:
            problems[name] = "Select one of the options"
    for letter in CRITERIA:
        if not values[f"criterion_{letter}"]:
            problems[f"criterion_{letter}"] = (
                f"Select whether criterion ({letter}) is met, not met or unclear"
            )
    for name, about in _REQUIRED_TEXT.items():
        if not values[name]:
            problems[name] = f"Enter the reasoning for {about}"
    if not values["outcome"]:
        problems["outcome"] = "Select the outcome"
    if not values["national_view"]:
        problems["national_view"] = "Select the partners' view on a national review"
    if values["outcome"] == Outcome.ALTERNATIVE and not values["alternative_route"]:
        problems["alternative_route"] = "Select the alternative learning route"
    for name, value in values.items():
        if len(value) > TEXT_MAX and name not in problems:
            problems[name] = f"Enter {TEXT_MAX:,} characters or fewer"
    return problems


# --- the services ----------------------------------------------------------------------------------


def decision_record(
    *, actor: Any, review: RapidReview, answers: dict[str, Any], base_version: int
) -> Recorded:
    """Record the decision, or change it. `base_version` is the version the person started
    from (0 when there was no decision): anything else is refused as stale."""
    values = decision_values(answers)
    if problems := answer_problems(values):
        raise InvalidDecision(problems)
    with transaction.atomic():
        locked = RapidReview.objects.select_for_update().get(pk=review.pk)
        if locked.state not in DECISION_STATES:
            raise DecisionRefused(
                f"The review is {locked.get_state_display().lower()}, so the decision cannot "
                "be recorded or changed now."
            )
        decision = Decision.objects.select_for_update().filter(review=locked).first()
        current = decision.version if decision else 0
        if base_version != current:
            raise StaleDecision(current)
        if decision is None:
            return _create(actor, locked, values)
        return _change(actor, locked, decision, values)


def _create(actor: Any, review: RapidReview, values: dict[str, str]) -> Recorded:
    decision = Decision.objects.create(review=review, recorded_by=actor, **values)
    audit_record(
        actor=actor,
        verb=Verb.DECISION_RECORDED,
        target=decision,
        review_reference=review.reference,
        payload={"fields": [n for n in FIELDS if values[n]], "outcome": values["outcome"]},
    )
    return Recorded(decision, [n for n in FIELDS if values[n]], 0, created=True)


def _change(
    actor: Any, review: RapidReview, decision: Decision, values: dict[str, str]
) -> Recorded:
    changed = [name for name in FIELDS if getattr(decision, name) != values[name]]
    if not changed:
        return Recorded(decision, [], 0)
    old_version, old_outcome = decision.version, decision.outcome
    voided = PartnerSignOff.objects.filter(review=review, decision_version=old_version).count()
    for name in changed:
        setattr(decision, name, values[name])
    decision.version = old_version + 1
    decision.updated_at = timezone.now()
    decision.save(update_fields=[*changed, "version", "updated_at"])
    payload: dict[str, Any] = {
        "changed": changed,
        "version": {"old": old_version, "new": decision.version},
        "sign_offs_voided": voided,
    }
    if "outcome" in changed:
        payload["outcome"] = {"old": old_outcome, "new": decision.outcome}
    audit_record(
        actor=actor,
        verb=Verb.DECISION_CHANGED,
        target=decision,
        review_reference=review.reference,
        payload=payload,
    )
    if review.state == State.AWAITING_SIGN_OFF:
        _email_partners(actor, review, decision, changed=True)
    return Recorded(decision, changed, voided)


def decision_send_for_sign_off(*, actor: Any, review: RapidReview) -> RapidReview:
    """Move the review to "awaiting sign-off" and ask each safeguarding partner to sign."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update().filter(review=review).first()
        if decision is None:
            raise DecisionRefused("Record the decision before sending it to the partners.")
        if decision.outcome == Outcome.NOT_SERIOUS_INCIDENT:
            raise DecisionRefused(
                "The decision is that this is not a serious incident: stop the review instead."
            )
        moved = lifecycle.review_start_sign_off(actor=actor, review=review)
        _email_partners(actor, moved, decision, changed=False)
    return moved


# --- emails ------------------------------------------------------------------------------------------


def partner_accounts() -> list[User]:
    """Every active safeguarding partner (or delegate) account, whichever partner it is for."""
    return list(
        User.objects.filter(is_active=True, membership__role=Role.SAFEGUARDING_PARTNER).order_by(
            "pk"
        )
    )


def _email_partners(actor: Any, review: RapidReview, decision: Decision, *, changed: bool) -> None:
    body = render_to_string(
        "decisions/decision_email.txt",
        {
            "changed": changed,
            "reference": review.reference,
            "link": settings.SITE_URL
            + reverse("decisions:sign_off", kwargs={"reference": review.reference}),
            "partnership_name": settings.PARTNERSHIP_NAME,
            "contacts": settings.PARTNERSHIP_CONTACTS,
        },
    )
    subject = (
        f"The decision on rapid review {review.reference} has changed: please sign it off again"
        if changed
        else f"Rapid review {review.reference} is ready for you to sign off"
    )
    for partner in partner_accounts():
        email_queue(
            actor=actor,
            recipients=[partner.email],
            subject=subject,
            body=body,
            purpose=Purpose.WORKFLOW,
            review_reference=review.reference,
            dedupe_key=f"decision-sign-off:{review.reference}:v{decision.version}:{partner.pk}",
        )


# --- in words ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    value: str
    detail: str  # the reasoning or free text under the value, if any
    anchor: str  # the id of the question on the decision page, for "Change" links
    change_words: str  # what "Change" changes, for screen readers


def decision_rows(values: dict[str, str]) -> list[Row]:
    """The decision (as `decision_values` gives it) as summary list rows."""
    rows = [
        Row(
            f"Criterion ({letter}): {CRITERIA_IN_SHORT[letter]}",
            _label(Assessment, values[f"criterion_{letter}"]),
            values[f"criterion_{letter}_reasoning"],
            f"id_criterion_{letter}_0",
            f"criterion ({letter})",
        )
        for letter in CRITERIA
    ]
    rows.append(Row("Outcome", _label(Outcome, values["outcome"]), "", "id_outcome_0", "outcome"))
    rows.append(Row("Rationale", values["rationale"], "", "id_rationale", "rationale"))
    if values["outcome"] == Outcome.ALTERNATIVE:
        rows.append(
            Row(
                "Alternative learning route",
                _label(AlternativeRoute, values["alternative_route"]),
                values["alternative_detail"],
                "id_alternative_route_0",
                "alternative learning route",
            )
        )
    rows.append(
        Row(
            "The partners' view on a national review",
            _label(NationalView, values["national_view"]),
            values["national_view_reasoning"],
            "id_national_view_0",
            "view on a national review",
        )
    )
    return rows


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return "Not answered"
