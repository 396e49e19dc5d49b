"""Pages for sending the rapid review to the Panel, the Panel's response and sharing the outcome
with the agencies (the services are in panel.py and outcome.py).

Thin: the review through the person's scope (404 outside it), the policy (403 with its reason),
a form, the service, and POST/redirect/GET. A refusal the person can act on (a sign-off still
missing, a date before the review was sent) is shown on the page and nothing changes.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from rapidreview.access.policy import (
    Action,
    can,
    require,
    review_agency_of,
    reviews_visible_to,
)
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core import calendar
from rapidreview.core.dates import UK_TIME
from rapidreview.reviews.models import SENT_STATES, RapidReview
from rapidreview.reviews.services import Invalid, ServiceError

from . import outcome as outcome_services
from . import panel as panel_services
from .forms_panel import ResponseForm, SentForm, ShareForm, StaffToldForm
from .queries import current_sign_offs, decision_of


def _review(request, reference: str) -> RapidReview:
    return get_object_or_404(
        reviews_visible_to(request.user).select_related("incident"), reference=reference
    )


def _show_findings(form, error: Invalid) -> None:
    for finding in error.findings:
        form.add_error(finding.field if finding.field in form.fields else None, finding.message)


def _post(request):
    return request.POST if request.method == "POST" else None


# --- the Panel -------------------------------------------------------------------------------------


@require_GET
@audit_page_view
def panel(request, reference):
    review = _review(request, reference)
    require(request.user, Action.VIEW_DECISION, review)
    submission = panel_services.submission_of(review)
    may_record = can(request.user, Action.RECORD_PANEL, review)
    return render(
        request,
        "decisions/panel.html",
        {
            "review": review,
            "submission": submission,
            "decision": decision_of(review),
            "sign_offs": current_sign_offs(review),
            "may_send": may_record and not panel_services.send_blockers(review),
            "may_respond": may_record and panel_services.may_record_response(review, submission),
            "may_view_outcome": review.state in SENT_STATES,
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def panel_sent(request, reference):
    review = _review(request, reference)
    require(request.user, Action.RECORD_PANEL, review)
    waiting = panel_services.send_blockers(review)
    dissent = "" if waiting else panel_services.dissent_warning(review)
    form = SentForm(_post(request), dissent=dissent, initial={"sent_on": calendar.today()})
    refusal = ""
    if request.method == "POST" and not waiting and form.is_valid():
        try:
            panel_services.panel_send(
                actor=request.user,
                review=review,
                sent_on=form.cleaned_data["sent_on"],
                dissent_seen=form.cleaned_data.get("dissent_seen", False),
            )
        except Invalid as error:
            _show_findings(form, error)
        except ServiceError as error:
            refusal = str(error)
        else:
            messages.success(request, f"Review {review.reference}: sent to the Panel")
            return redirect("decisions:panel", reference=review.reference)
    return render(
        request,
        "decisions/panel_sent.html",
        {
            "review": review,
            "form": form,
            "waiting": waiting,
            "refusal": refusal,
            "dissent": dissent,
            "sign_offs": [
                (sign_off, sign_off.signed_at.astimezone(UK_TIME).date())
                for sign_off in current_sign_offs(review).values()
            ],
            "signed_off_on": panel_services.signed_off_on(review),
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def panel_response(request, reference):
    review = _review(request, reference)
    require(request.user, Action.RECORD_PANEL, review)
    submission = panel_services.submission_of(review)
    waiting = panel_services.response_blocker(review, submission)
    shown = submission.response if submission else ""
    form = ResponseForm(
        _post(request), initial={"responded_on": calendar.today(), "shown_response": shown}
    )
    refusal = ""
    if request.method == "POST" and not waiting and form.is_valid():
        data = form.cleaned_data
        try:
            panel_services.panel_response_record(
                actor=request.user,
                review=review,
                response=data["response"],
                responded_on=data["responded_on"],
                response_text=data["response_text"],
                shown_response=data["shown_response"],
            )
        except Invalid as error:
            _show_findings(form, error)
        except ServiceError as error:
            refusal = str(error)
            submission = panel_services.submission_of(review)
            # The answers stay as typed; saving again replaces the response now shown.
            form.data = form.data.copy()
            form.data["shown_response"] = submission.response if submission else ""
        else:
            messages.success(request, f"Review {review.reference}: the Panel's response saved")
            return redirect("decisions:panel", reference=review.reference)
    return render(
        request,
        "decisions/panel_response.html",
        {
            "review": review,
            "submission": submission,
            "form": form,
            "waiting": waiting,
            "refusal": refusal,
        },
    )


# --- sharing the outcome -----------------------------------------------------------------------------


def _outcome_page(request, review) -> dict:
    """The outcome page: every agency's row for the team and the partners; the agency's own row
    for its people."""
    review_agency = review_agency_of(request.user, review)
    if review_agency is not None:
        require(request.user, Action.VIEW_AGENCY_WORK, review_agency)
    else:
        require(request.user, Action.VIEW_DECISION, review)
    on_review = outcome_services.agencies_on(review)
    if review_agency is not None:
        on_review = [row for row in on_review if row.pk == review_agency.pk]
    rows = outcome_services.rows_of(on_review)
    unshared = [row.review_agency for row in rows if row.shared_on is None]
    may_share = review_agency is None and can(request.user, Action.SHARE_OUTCOME, review)
    return {
        "review": review,
        "rows": rows,
        "review_agency": review_agency,
        "own": rows[0] if review_agency is not None and rows else None,
        "may_share": may_share and bool(unshared),
        "share_form": ShareForm(choices=unshared),
        "may_record_staff_told": review_agency is not None
        and can(request.user, Action.RECORD_STAFF_TOLD, review_agency),
        "staff_told_form": StaffToldForm(initial={"told_on": calendar.today()}),
        "sent": review.state in SENT_STATES,
    }


@require_GET
@audit_page_view
def outcome(request, reference):
    review = _review(request, reference)
    return render(request, "decisions/outcome.html", _outcome_page(request, review))


@require_http_methods(["GET", "POST"])
@audit_page_view
def outcome_share(request, reference):
    review = _review(request, reference)
    require(request.user, Action.SHARE_OUTCOME, review)
    unshared = [r for r in outcome_services.agencies_on(review) if not hasattr(r, "outcome_share")]
    form = ShareForm(_post(request), choices=unshared)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        chosen = [r for r in unshared if str(r.agency.public_id) in form.cleaned_data["agencies"]]
        try:
            shared = outcome_services.outcome_share(
                actor=request.user, review=review, review_agencies=chosen
            )
        except Invalid as error:
            _show_findings(form, error)
        except ServiceError as error:
            refusal = str(error)
        else:
            count = len(shared.shares)
            messages.success(
                request,
                f"The completed rapid review was shared with {count} "
                f"{'agency' if count == 1 else 'agencies'}"
                + "".join(
                    f". {name} has no representative with an account, so no one there was emailed"
                    for name in shared.not_emailed
                ),
            )
            return redirect("decisions:outcome", reference=review.reference)
    return render(
        request,
        "decisions/outcome_share.html",
        {"review": review, "form": form, "refusal": refusal, "unshared": unshared},
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def outcome_staff_told(request, reference):
    review = _review(request, reference)
    review_agency = review_agency_of(request.user, review)
    require(request.user, Action.RECORD_STAFF_TOLD, review_agency)
    form = StaffToldForm(_post(request), initial={"told_on": calendar.today()})
    refusal = ""
    if request.method == "POST" and form.is_valid():
        try:
            outcome_services.outcome_staff_told(
                actor=request.user,
                review_agency=review_agency,
                told_on=form.cleaned_data["told_on"],
            )
        except Invalid as error:
            _show_findings(form, error)
        except ServiceError as error:
            refusal = str(error)
        else:
            messages.success(request, "Recorded that your staff have been told the outcome")
            return redirect("decisions:outcome", reference=review.reference)
    return render(
        request,
        "decisions/outcome_staff_told.html",
        {
            "review": review,
            "review_agency": review_agency,
            "own": outcome_services.rows_of([review_agency])[0],
            "form": form,
            "refusal": refusal,
        },
    )
