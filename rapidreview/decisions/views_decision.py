"""The decision and the partners' sign-off pages (the services are in decision.py and
signoff.py).

Thin: the review through the person's scope (`reviews_visible_to`: 404 outside it), the policy
(403 with its reason), a form, the service, and POST/redirect/GET. Recording the decision takes
two pages: the questions, then "Check your answers"; between them the answers are kept in the
session with the version of the decision they started from, so a confirm made after someone else
changed the decision is refused and the answers are shown again, not lost.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rapidreview.access.policy import Action, can, partner_of, require, reviews_visible_to
from rapidreview.accounts.models import StatutoryPartner
from rapidreview.audit.decorators import audit_page_view
from rapidreview.reviews.lifecycle import STEPS
from rapidreview.reviews.models import RapidReview, State
from rapidreview.reviews.services import ServiceError

from . import decision as decisions
from . import signoff
from .forms_decision import DecisionForm, SignOffForm, parse_version
from .models import Outcome
from .queries import (
    current_sign_offs,
    decision_of,
    earlier_sign_offs,
    in_words,
    sign_off_in_words,
)
from .themes import earlier_reviews_sharing_themes, review_themes


def _review(request, reference: str) -> RapidReview:
    return get_object_or_404(reviews_visible_to(request.user), reference=reference)


# --- answers kept between the question page and "Check your answers" ----------------------------


def _draft_key(review: RapidReview) -> str:
    return f"decision-draft:{review.reference}"


def _draft(request, review: RapidReview) -> dict[str, Any] | None:
    draft = request.session.get(_draft_key(review))
    if not isinstance(draft, dict) or not isinstance(draft.get("answers"), dict):
        return None
    return draft


def _keep_draft(request, review: RapidReview, *, answers: dict[str, str], base: int) -> None:
    request.session[_draft_key(review)] = {"base_version": base, "answers": answers}


def _sign_off_context(review: RapidReview) -> dict[str, Any]:
    signed = current_sign_offs(review)
    sign_offs = [signed[partner] for partner in StatutoryPartner if partner in signed]
    for sign_off in sign_offs:
        sign_off.partner_words = signoff.partner_name(sign_off.partner, capital=True)
    earlier = earlier_sign_offs(review)
    sign_again = ""
    if earlier and len(sign_offs) < len(StatutoryPartner):
        before = [
            signoff.partner_name(p) for p in StatutoryPartner if p in {e.partner for e in earlier}
        ]
        sign_again = (
            f"The decision has changed since {in_words(before)} signed it off. Sign-offs of "
            "an earlier version no longer count: the partners need to sign the changed "
            "decision again."
        )
    return {
        "sign_off_words": sign_off_in_words(review),
        "sign_offs": sign_offs,
        "dissents": [sign_off for sign_off in sign_offs if not sign_off.agrees],
        "sign_again": sign_again,
        "all_signed": len(sign_offs) == len(StatutoryPartner),
    }


# --- the decision ----------------------------------------------------------------------------------


@require_GET
@audit_page_view
def decision(request, reference):
    review = _review(request, reference)
    require(request.user, Action.VIEW_DECISION, review)
    current = decision_of(review)
    may_record = can(request.user, Action.RECORD_DECISION, review)
    not_serious = current is not None and current.outcome == Outcome.NOT_SERIOUS_INCIDENT
    partner = partner_of(request.user)
    return render(
        request,
        "decisions/decision.html",
        {
            "review": review,
            "decision": current,
            "rows": decisions.decision_rows(decisions.answers_of(current)) if current else [],
            "may_record": may_record,
            "unsaved": may_record and _draft(request, review) is not None,
            "may_send": may_record
            and current is not None
            and not not_serious
            and review.state == State.MEETING_HELD,
            "not_serious": not_serious,
            "may_stop": can(request.user, Action.TRANSITION_REVIEW, review)
            and review.state in STEPS["stop"].from_states,
            "may_sign": can(request.user, Action.SIGN_OFF_REVIEW, review)
            and current is not None
            and partner not in current_sign_offs(review),
            "sent_for_sign_off": review.state != State.MEETING_HELD,
            **_sign_off_context(review),
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def decision_edit(request, reference):
    review = _review(request, reference)
    require(request.user, Action.RECORD_DECISION, review)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            _keep_draft(request, review, answers=form.answers(), base=form.base())
            return redirect("decisions:decision_check", reference=review.reference)
    else:
        draft = _draft(request, review)
        if draft is not None:
            initial = {**draft["answers"], "base_version": draft.get("base_version")}
        else:
            current = decision_of(review)
            initial = {
                **decisions.answers_of(current),
                "base_version": current.version if current else 0,
            }
        form = DecisionForm(initial=initial)
    return render(
        request,
        "decisions/decision_edit.html",
        {
            "review": review,
            "form": form,
            "themes": review_themes(review),
            "earlier_reviews": earlier_reviews_sharing_themes(review, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def decision_check(request, reference):
    review = _review(request, reference)
    require(request.user, Action.RECORD_DECISION, review)
    draft = _draft(request, review)
    if draft is None:
        return redirect("decisions:decision_edit", reference=review.reference)
    stale = ""
    if request.method == "POST":
        try:
            recorded = decisions.decision_record(
                actor=request.user,
                review=review,
                answers=draft["answers"],
                base_version=parse_version(draft.get("base_version")),
            )
        except decisions.StaleDecision as error:
            # Their answers stay; confirming again now saves them over the newer decision.
            stale = str(error)
            _keep_draft(request, review, answers=draft["answers"], base=error.current_version)
        except decisions.InvalidDecision:
            return redirect("decisions:decision_edit", reference=review.reference)
        except ServiceError as error:
            raise PermissionDenied(str(error)) from error
        else:
            del request.session[_draft_key(review)]
            request.session[f"decision-saved:{review.reference}"] = {
                "new": recorded.created,
                "changed": len(recorded.changed),
                "voided": recorded.sign_offs_voided,
            }
            return redirect("decisions:decision_saved", reference=review.reference)
    current = decision_of(review)
    return render(
        request,
        "decisions/decision_check.html",
        {
            "review": review,
            "rows": decisions.decision_rows(decisions.decision_values(draft["answers"])),
            "stale": stale,
            "current_rows": decisions.decision_rows(decisions.answers_of(current))
            if stale and current
            else [],
            "changing": current is not None,
        },
    )


@require_GET
@audit_page_view
def decision_saved(request, reference):
    review = _review(request, reference)
    require(request.user, Action.RECORD_DECISION, review)
    saved = request.session.get(f"decision-saved:{review.reference}")
    current = decision_of(review)
    if not isinstance(saved, dict) or current is None:
        return redirect("decisions:decision", reference=review.reference)
    return render(
        request,
        "decisions/decision_saved.html",
        {"review": review, "decision": current, "saved": saved},
    )


@require_POST
def send_for_sign_off(request, reference):
    review = _review(request, reference)
    require(request.user, Action.RECORD_DECISION, review)
    try:
        decisions.decision_send_for_sign_off(actor=request.user, review=review)
    except ServiceError as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, "Sent to the safeguarding partners to sign off")
    return redirect("decisions:decision", reference=review.reference)


# --- sign-off --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@audit_page_view
def sign_off(request, reference):
    review = _review(request, reference)
    require(request.user, Action.SIGN_OFF_REVIEW, review)
    current = decision_of(review)
    if current is None:
        raise PermissionDenied("There is no decision to sign off yet.")
    partner = partner_of(request.user)
    page = {"review": review, "partner_name": signoff.partner_name(partner)}
    existing = current_sign_offs(review).get(partner)
    form = SignOffForm(
        request.POST if request.method == "POST" and existing is None else None,
        initial={"role": signoff.signing_role(request.user), "decision_version": current.version},
        partner_name=page["partner_name"],
    )
    changed = ""
    if existing is None and request.method == "POST" and form.is_valid():
        try:
            signoff.partner_sign_off(
                actor=request.user,
                review=review,
                agrees=form.agreement(),
                comment=form.cleaned_data["comment"],
                role=form.cleaned_data["role"],
                decision_version=parse_version(form.cleaned_data["decision_version"]),
            )
        except signoff.AlreadySigned as error:
            existing = error.sign_off
        except signoff.DecisionChanged as error:
            changed = str(error)
            data = request.POST.copy()
            data["decision_version"] = str(error.current_version)
            form = SignOffForm(data, partner_name=page["partner_name"])
            form.is_valid()
            current = decision_of(review)
        except ServiceError as error:
            raise PermissionDenied(str(error)) from error
        else:
            return redirect("decisions:sign_off_done", reference=review.reference)
    return render(
        request,
        "decisions/sign_off.html",
        {
            **page,
            "decision": current,
            "rows": decisions.decision_rows(decisions.answers_of(current)),
            "existing": existing,
            "form": form,
            "changed": changed,
            "signing_name": request.user.full_name,
            **_sign_off_context(review),
        },
    )


@require_GET
@audit_page_view
def sign_off_done(request, reference):
    review = _review(request, reference)
    require(request.user, Action.VIEW_DECISION, review)
    partner = partner_of(request.user)
    given = current_sign_offs(review).get(partner) if partner else None
    if given is None:
        return redirect("decisions:decision", reference=review.reference)
    return render(
        request,
        "decisions/sign_off_done.html",
        {
            "review": review,
            "sign_off": given,
            "partner_name": signoff.partner_name(partner),
            **_sign_off_context(review),
        },
    )
