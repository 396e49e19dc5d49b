"""The review's lifecycle: which step may follow which, what must happen first, and one service
function per step.

    convened -> gathering information -> ready for meeting -> meeting held -> awaiting sign-off
             -> sent to the Panel -> Panel responded -> closed

and, from any state before the review is sent, "stopped: not a serious incident" (with a
reason). Each step runs in one transaction under a row lock, records its dates and writes one
REVIEW_STATE_CHANGED audit event with the old and new values.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record, changes_between
from rapidreview.core import calendar
from rapidreview.core.dates import long_date

from .models import RapidReview, State
from .rules import Finding, first_per_field, recorded_date_problems
from .services import Invalid, ServiceError


@dataclass(frozen=True)
class Step:
    slug: str  # in the step's URL
    to: State
    from_states: frozenset[State]
    title: str  # the page heading and the review page's link text
    description: str  # what taking the step means, in a sentence
    # A step with more to it than dates is taken on its own app's page (a URL name taking the
    # review's reference); the generic step page sends people there.
    page: str = ""


STEPS: dict[str, Step] = {
    step.slug: step
    for step in [
        Step(
            "start-gathering",
            State.GATHERING_INFORMATION,
            frozenset({State.CONVENED}),
            "Record that agencies have been asked for information",
            "Agencies have been asked whether they were involved and for their returns.",
        ),
        Step(
            "ready-for-meeting",
            State.READY_FOR_MEETING,
            frozenset({State.GATHERING_INFORMATION}),
            "Record that the information is in",
            "Every agency has said whether it was involved and every return is in.",
        ),
        Step(
            "meeting-held",
            State.MEETING_HELD,
            frozenset({State.READY_FOR_MEETING}),
            "Record that the meeting was held",
            "The rapid review meeting has taken place.",
        ),
        Step(
            "sign-off",
            State.AWAITING_SIGN_OFF,
            frozenset({State.MEETING_HELD}),
            "Send the rapid review to the partners to sign off",
            "The rapid review is written up and with the safeguarding partners to sign off.",
            page="decisions:decision",
        ),
        Step(
            "sent-to-panel",
            State.SENT_TO_PANEL,
            frozenset({State.AWAITING_SIGN_OFF}),
            "Record that the rapid review was sent to the Panel",
            "The partners have signed off the rapid review and it has been sent to the Panel.",
            page="decisions:panel_sent",
        ),
        Step(
            "panel-response",
            State.PANEL_RESPONDED,
            frozenset({State.SENT_TO_PANEL}),
            "Record the Panel's response",
            "The Child Safeguarding Practice Review Panel has responded.",
            page="decisions:panel_response",
        ),
        Step(
            "close",
            State.CLOSED,
            frozenset({State.PANEL_RESPONDED}),
            "Close the review",
            "Nothing more is needed on this rapid review.",
        ),
        Step(
            "stop",
            State.STOPPED,
            frozenset(
                {
                    State.CONVENED,
                    State.GATHERING_INFORMATION,
                    State.READY_FOR_MEETING,
                    State.MEETING_HELD,
                    State.AWAITING_SIGN_OFF,
                }
            ),
            "Stop the review: not a serious incident",
            "The partners have decided this is not a serious incident after all.",
        ),
    ]
}


def steps_from(state: str) -> list[Step]:
    """The steps that may follow `state`, the usual next step first."""
    return [step for step in STEPS.values() if state in step.from_states]


# Checks other apps add (in their AppConfig.ready), so this module need not know them: the
# decisions app refuses sign-off before a decision is recorded, and sending before the partners
# have signed it off. Each takes (review, step) and returns blockers in words.
_EXTRA_BLOCKERS: list[Callable[[RapidReview, Step], list[str]]] = []


def register_blockers(check: Callable[[RapidReview, Step], list[str]]) -> None:
    if check not in _EXTRA_BLOCKERS:
        _EXTRA_BLOCKERS.append(check)


def blockers(review: RapidReview, step: Step, *, today: date) -> list[str]:
    """What must happen elsewhere before `step` can be taken, in words. Empty when it can."""
    found = _own_blockers(review, step, today=today)
    for check in _EXTRA_BLOCKERS:
        found = found or check(review, step)
    return found


def _own_blockers(review: RapidReview, step: Step, *, today: date) -> list[str]:
    if review.state not in step.from_states:
        return [f"The review is {review.get_state_display().lower()}, so this step does not apply"]
    if step.to == State.READY_FOR_MEETING and review.meeting_date is None:
        return ["Set the date of the meeting"]
    if step.to == State.MEETING_HELD and review.meeting_date and review.meeting_date > today:
        return [
            f"The meeting is planned for {long_date(review.meeting_date)}: record it as held "
            "on or after that day, or change its date"
        ]
    return []


def _take(
    *,
    actor: Any,
    review: RapidReview,
    slug: str,
    check: Callable[[RapidReview, date], list[Finding]],
    values: dict[str, Any],
) -> RapidReview:
    step = STEPS[slug]
    today = calendar.today()
    with transaction.atomic():
        locked = (
            RapidReview.objects.select_for_update().select_related("incident").get(pk=review.pk)
        )
        if refused := blockers(locked, step, today=today):
            raise ServiceError(refused[0])
        if findings := first_per_field(check(locked, today)):
            raise Invalid(findings)
        before = {"state": locked.state} | {name: getattr(locked, name) for name in values}
        after = {"state": step.to.value} | values
        for name, value in after.items():
            setattr(locked, name, value)
        locked.updated_at = timezone.now()
        locked.save(update_fields=[*after, "updated_at"])
        audit_record(
            actor=actor,
            verb=Verb.REVIEW_STATE_CHANGED,
            target=locked,
            review_reference=locked.reference,
            payload=changes_between(before, after),
        )
    return locked


def _la_aware(review: RapidReview) -> tuple[date, str]:
    return review.incident.la_aware_date, "the date the local authority became aware"


def review_start_gathering(
    *, actor: Any, review: RapidReview, agencies_asked_on: date
) -> RapidReview:
    def check(locked: RapidReview, today: date) -> list[Finding]:
        return recorded_date_problems(
            "agencies_asked_on",
            agencies_asked_on,
            "The date agencies were asked",
            not_before=[_la_aware(locked)],
            today=today,
        )

    return _take(
        actor=actor,
        review=review,
        slug="start-gathering",
        check=check,
        values={"agencies_asked_on": agencies_asked_on},
    )


def review_mark_ready(
    *,
    actor: Any,
    review: RapidReview,
    involvement_complete_on: date,
    returns_complete_on: date,
) -> RapidReview:
    def check(locked: RapidReview, today: date) -> list[Finding]:
        asked = (locked.agencies_asked_on, "the date agencies were asked")
        return recorded_date_problems(
            "involvement_complete_on",
            involvement_complete_on,
            "The date all involvement responses were in",
            not_before=[asked],
            today=today,
        ) + recorded_date_problems(
            "returns_complete_on",
            returns_complete_on,
            "The date all agency returns were in",
            not_before=[
                asked,
                (involvement_complete_on, "the date all involvement responses were in"),
            ],
            today=today,
        )

    return _take(
        actor=actor,
        review=review,
        slug="ready-for-meeting",
        check=check,
        values={
            "involvement_complete_on": involvement_complete_on,
            "returns_complete_on": returns_complete_on,
        },
    )


def review_record_meeting(*, actor: Any, review: RapidReview, held_on: date) -> RapidReview:
    def check(locked: RapidReview, today: date) -> list[Finding]:
        return recorded_date_problems(
            "held_on",
            held_on,
            "The date of the meeting",
            not_before=[
                _la_aware(locked),
                (locked.agencies_asked_on, "the date agencies were asked"),
            ],
            today=today,
        )

    return _take(
        actor=actor,
        review=review,
        slug="meeting-held",
        check=check,
        values={"meeting_date": held_on},
    )


def review_start_sign_off(*, actor: Any, review: RapidReview) -> RapidReview:
    return _take(
        actor=actor, review=review, slug="sign-off", check=lambda locked, today: [], values={}
    )


def review_send_to_panel(
    *, actor: Any, review: RapidReview, signed_off_on: date, sent_on: date
) -> RapidReview:
    def check(locked: RapidReview, today: date) -> list[Finding]:
        meeting = (locked.meeting_date, "the date of the meeting")
        return recorded_date_problems(
            "signed_off_on",
            signed_off_on,
            "The date the partners signed off",
            not_before=[meeting],
            today=today,
        ) + recorded_date_problems(
            "sent_on",
            sent_on,
            "The date it was sent to the Panel",
            not_before=[meeting, (signed_off_on, "the date the partners signed off")],
            today=today,
        )

    return _take(
        actor=actor,
        review=review,
        slug="sent-to-panel",
        check=check,
        values={"signed_off_on": signed_off_on, "sent_to_panel_on": sent_on},
    )


def review_record_panel_response(
    *, actor: Any, review: RapidReview, responded_on: date
) -> RapidReview:
    def check(locked: RapidReview, today: date) -> list[Finding]:
        return recorded_date_problems(
            "responded_on",
            responded_on,
            "The date the Panel responded",
            not_before=[(locked.sent_to_panel_on, "the date it was sent to the Panel")],
            today=today,
        )

    return _take(
        actor=actor,
        review=review,
        slug="panel-response",
        check=check,
        values={"panel_responded_on": responded_on},
    )


def review_close(*, actor: Any, review: RapidReview) -> RapidReview:
    return _take(
        actor=actor,
        review=review,
        slug="close",
        check=lambda locked, today: [],
        values={"closed_on": calendar.today()},
    )


def review_stop(*, actor: Any, review: RapidReview, reason: str) -> RapidReview:
    reason = reason.strip()

    def check(locked: RapidReview, today: date) -> list[Finding]:
        if not reason:
            return [Finding("reason", "Enter why this is not a serious incident")]
        return []

    return _take(
        actor=actor,
        review=review,
        slug="stop",
        check=check,
        values={"stopped_on": calendar.today(), "stopped_reason": reason},
    )
