"""Sending the rapid review to the Child Safeguarding Practice Review Panel and recording the
Panel's response (issue 7, item 6). Both move the review's lifecycle on
(`reviews.lifecycle.review_send_to_panel`, `review_record_panel_response`) in the same
transaction as the `PanelSubmission` row and the audit event.

- Sending is refused while a safeguarding partner has not signed off the current decision (the
  lifecycle's blockers, registered by `readiness.py`) and while the report fails its
  anonymisation check (`reporting.report_refusal`). When a partner disagreed, the sender confirms
  they have seen it: the report to the Panel records the dissent and the comment.
- The date the partners signed off is the day (in England) of the latest sign-off of the current
  decision; who sent it is the person recording it.
- The Panel's response: agrees, disagrees, asks for more information, or will carry out a
  national review, with its date and text (the text is required when it disagrees or asks for
  more). A request for more information is not the end: a further response can be recorded
  later. It replaces the one shown (the review's own "Panel responded" date stays the first
  response's), and the audit trail keeps each change of kind and date.
"""

from datetime import date
from typing import Any

from django.db import transaction

from rapidreview.accounts.models import StatutoryPartner
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record, changes_between
from rapidreview.core import calendar
from rapidreview.core.dates import UK_TIME
from rapidreview.reviews import lifecycle
from rapidreview.reviews.models import RapidReview, State
from rapidreview.reviews.rules import Finding, recorded_date_problems
from rapidreview.reviews.services import Invalid, ServiceError

from .models import PanelResponseKind, PanelSubmission
from .queries import PARTNER_NAMES, current_sign_offs, dissents, in_words

RESPONSE_TEXT_MAX = 10_000
# The responses that need the Panel's words: why it disagrees, or what more it wants.
TEXT_REQUIRED = frozenset({PanelResponseKind.DISAGREES, PanelResponseKind.MORE_INFORMATION})


class StaleResponse(ServiceError):
    """The response changed since the page was shown (a colleague recorded one)."""


# --- reads -----------------------------------------------------------------------------------------


def submission_of(review: RapidReview) -> PanelSubmission | None:
    return PanelSubmission.objects.filter(review=review).select_related("sent_by").first()


def dissent_warning(review: RapidReview) -> str:
    """ "The police disagreed. The report to the Panel records their comment." or ""."""
    who = [PARTNER_NAMES[StatutoryPartner(sign_off.partner)] for sign_off in dissents(review)]
    if not who:
        return ""
    names = in_words(who)
    their = "their comment" if len(who) == 1 else "their comments"
    return f"{names[:1].upper()}{names[1:]} disagreed. The report to the Panel records {their}."


def signed_off_on(review: RapidReview) -> date | None:
    """The day, in England, the last partner signed off the current decision."""
    signed = current_sign_offs(review)
    if not signed:
        return None
    return max(s.signed_at for s in signed.values()).astimezone(UK_TIME).date()


def report_refusal(review: RapidReview) -> str | None:
    """Why the report to the Panel cannot be produced (it names someone on the review), or
    None. The check lives with the report (`reporting.py`, imported when first needed: it
    brings the Word and PDF renderers)."""
    from . import reporting

    return reporting.report_refusal(review)


def send_blockers(review: RapidReview) -> list[str]:
    """What must happen before the review can be recorded as sent, in words; empty when none."""
    if PanelSubmission.objects.filter(review=review).exists():
        return ["The rapid review has already been recorded as sent to the Panel"]
    step = lifecycle.STEPS["sent-to-panel"]
    found = lifecycle.blockers(review, step, today=calendar.today())
    if found:
        return found
    refusal = report_refusal(review)
    return [refusal] if refusal else []


def may_record_response(review: RapidReview, submission: PanelSubmission | None) -> bool:
    """A first response once sent; a further one after a request for more information."""
    if submission is None:
        return False
    if review.state == State.SENT_TO_PANEL:
        return True
    return (
        review.state == State.PANEL_RESPONDED
        and submission.response == PanelResponseKind.MORE_INFORMATION
    )


def response_blocker(review: RapidReview, submission: PanelSubmission | None) -> str:
    if may_record_response(review, submission):
        return ""
    if submission is None:
        return "Record that the rapid review was sent to the Panel first"
    if submission.response:
        return (
            "The Panel's response is recorded. A further response can be recorded only after "
            "the Panel asks for more information."
        )
    return f"The review is {review.get_state_display().lower()}, so this step does not apply"


# --- sending ---------------------------------------------------------------------------------------


def panel_send(
    *, actor: Any, review: RapidReview, sent_on: date, dissent_seen: bool = False
) -> PanelSubmission:
    """Record that `actor` sent the signed-off rapid review to the Panel on `sent_on`."""
    with transaction.atomic():
        locked = RapidReview.objects.select_for_update().get(pk=review.pk)
        blockers = send_blockers(locked)
        if blockers:
            raise ServiceError(blockers[0])
        dissenting = dissents(locked)
        if dissenting and not dissent_seen:
            raise Invalid(
                [Finding("dissent_seen", "Confirm that you have seen the partner's disagreement")]
            )
        signed_on = signed_off_on(locked)
        submission = PanelSubmission.objects.create(review=locked, sent_on=sent_on, sent_by=actor)
        lifecycle.review_send_to_panel(
            actor=actor, review=locked, signed_off_on=signed_on, sent_on=sent_on
        )
        audit_record(
            actor=actor,
            verb=Verb.SENT_TO_PANEL,
            target=locked,
            review_reference=locked.reference,
            payload={
                "sent_on": sent_on.isoformat(),
                "signed_off_on": signed_on.isoformat(),
                "partners_disagreeing": [s.partner for s in dissenting],
            },
        )
    return submission


# --- the Panel's response ------------------------------------------------------------------------


def _response_problems(response: str, text: str) -> list[Finding]:
    problems = []
    if response not in PanelResponseKind.values:
        problems.append(Finding("response", "Select the Panel's response"))
    elif response in TEXT_REQUIRED and not text:
        what = (
            "why the Panel disagrees"
            if response == PanelResponseKind.DISAGREES
            else ("what more information the Panel asked for")
        )
        problems.append(Finding("response_text", f"Enter {what}"))
    if len(text) > RESPONSE_TEXT_MAX:
        problems.append(
            Finding(
                "response_text",
                f"The Panel's response must be {RESPONSE_TEXT_MAX:,} characters or fewer",
            )
        )
    return problems


def panel_response_record(
    *,
    actor: Any,
    review: RapidReview,
    response: str,
    responded_on: date,
    response_text: str,
    shown_response: str,
) -> PanelSubmission:
    """Record the Panel's response. `shown_response` is the response the page showed (""
    for none): if a colleague has recorded one since, the save is refused."""
    response_text = response_text.replace("\x00", "").strip()
    problems = _response_problems(response, response_text)
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        locked = RapidReview.objects.select_for_update().get(pk=review.pk)
        submission = PanelSubmission.objects.select_for_update().filter(review=locked).first()
        if submission is not None and submission.response != shown_response:
            raise StaleResponse(
                "Someone else recorded the Panel's response while you were writing this one. "
                "Read it, then record yours again if it is still needed."
            )
        blocker = response_blocker(locked, submission)
        if blocker:
            raise ServiceError(blocker)
        before = {
            "response": submission.response,
            "response_on": submission.response_on,
            "response_text": bool(submission.response_text),
        }
        if locked.state == State.SENT_TO_PANEL:
            lifecycle.review_record_panel_response(
                actor=actor, review=locked, responded_on=responded_on
            )
        else:
            findings = recorded_date_problems(
                "responded_on",
                responded_on,
                "The date the Panel responded",
                not_before=[(submission.response_on, "the date of its earlier response")],
                today=calendar.today(),
            )
            if findings:
                raise Invalid(findings)
        further = bool(submission.response)
        text_changed = submission.response_text != response_text
        submission.response = response
        submission.response_on = responded_on
        submission.response_text = response_text
        submission.response_recorded_by = actor
        submission.save(
            update_fields=["response", "response_on", "response_text", "response_recorded_by"]
        )
        payload = changes_between(
            before,
            {
                "response": response,
                "response_on": responded_on,
                "response_text": bool(response_text),
            },
        )
        # Never the Panel's words themselves: only that they changed.
        payload["response_text"] = {"changed": text_changed}
        payload["further_response"] = further
        audit_record(
            actor=actor,
            verb=Verb.PANEL_RESPONSE_RECORDED,
            target=locked,
            review_reference=locked.reference,
            payload=payload,
        )
    return submission
