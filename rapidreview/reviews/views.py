"""Pages for a notification once logged, and for its rapid review. Thin: scope, policy, form,
service, render. Anything outside the person's scope is a 404; inside it but not theirs to do,
a 403 with the reason."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rapidreview.access.policy import (
    Action,
    can,
    incidents_visible_to,
    require,
    review_agency_of,
    reviews_visible_to,
)
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core import calendar
from rapidreview.participation.matrix import participation_summary

from . import lifecycle, queries, services
from .forms import (
    AgenciesAskedForm,
    DatesForm,
    MeetingHeldForm,
    NoFieldsForm,
    PanelResponseForm,
    ReadyForMeetingForm,
    SentToPanelForm,
    StopForm,
)
from .models import RapidReview


def _review(request, reference: str) -> RapidReview:
    return get_object_or_404(
        reviews_visible_to(request.user).select_related("incident"), reference=reference
    )


def _show_findings(form, error: services.Invalid) -> None:
    for finding in error.findings:
        form.add_error(finding.field if finding.field in form.fields else None, finding.message)


# --- the notification, before a review is convened ----------------------------------------------


@require_GET
@audit_page_view
def incident_detail(request, public_id):
    incident = get_object_or_404(incidents_visible_to(request.user), public_id=public_id)
    review = RapidReview.objects.filter(incident=incident).only("reference").first()
    if review is not None:
        return redirect("reviews:review_detail", reference=review.reference)
    page = queries.incident_page(incident, today=calendar.today())
    return render(
        request,
        "reviews/incident_detail.html",
        {"page": page, "can_convene": can(request.user, Action.CONVENE_REVIEW)},
    )


@require_POST
def review_convene(request, public_id):
    incident = get_object_or_404(incidents_visible_to(request.user), public_id=public_id)
    require(request.user, Action.CONVENE_REVIEW, incident)
    try:
        review = services.review_convene(actor=request.user, incident=incident)
    except services.ServiceError:
        # Convened already, perhaps by a colleague a moment ago: show it.
        review = get_object_or_404(RapidReview, incident=incident)
        return redirect("reviews:review_detail", reference=review.reference)
    messages.success(request, f"Rapid review {review.reference} convened")
    return redirect("reviews:review_detail", reference=review.reference)


# --- the review ---------------------------------------------------------------------------------


@require_GET
@audit_page_view
def review_detail(request, reference):
    review = _review(request, reference)
    page = queries.review_page(review, today=calendar.today())
    # The agency's own task list, for those who work for an agency on the review.
    review_agency = review_agency_of(request.user, review)
    if review_agency is not None and not can(request.user, Action.VIEW_AGENCY_WORK, review_agency):
        review_agency = None
    return render(
        request,
        "reviews/review_detail.html",
        {
            "page": page,
            "can_edit": can(request.user, Action.EDIT_REVIEW, review) and review.is_open,
            "can_move_on": can(request.user, Action.TRANSITION_REVIEW, review),
            "agency_tasks_for": review_agency.agency.name if review_agency else "",
            "can_view_participation": can(request.user, Action.VIEW_PARTICIPATION, review),
            "participation_summary": participation_summary(review),
            "can_manage_documents": can(request.user, Action.MANAGE_REVIEW_DOCUMENTS, review),
            "can_view_merged_chronology": can(request.user, Action.VIEW_MERGED_CHRONOLOGY, review),
            "can": {
                name: can(request.user, action, review)
                for name, action in {
                    "view_decision": Action.VIEW_DECISION,
                    "sign_off": Action.SIGN_OFF_REVIEW,
                    "view_report": Action.VIEW_REPORT,
                    "share_outcome": Action.SHARE_OUTCOME,
                }.items()
            },
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def review_dates(request, reference):
    review = _review(request, reference)
    require(request.user, Action.EDIT_REVIEW, review)
    incident = review.incident
    initial = {name: getattr(incident, name) for name in services.DATE_FIELDS}
    form = DatesForm(request.POST or None, initial=initial, today=calendar.today())
    refusal = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_change_dates(actor=request.user, review=review, **form.cleaned_data)
        except services.Invalid as error:
            _show_findings(form, error)
        except services.ServiceError as error:
            refusal = str(error)
        else:
            messages.success(
                request, "Notification dates saved. The timetable has been re-planned."
            )
            return redirect("reviews:review_detail", reference=review.reference)
    return render(
        request,
        "reviews/review_dates.html",
        {"review": review, "form": form, "refusal": refusal},
    )


# --- moving the review on -------------------------------------------------------------------------

STEP_FORMS = {
    "start-gathering": AgenciesAskedForm,
    "ready-for-meeting": ReadyForMeetingForm,
    "meeting-held": MeetingHeldForm,
    "sign-off": NoFieldsForm,
    "sent-to-panel": SentToPanelForm,
    "panel-response": PanelResponseForm,
    "close": NoFieldsForm,
    "stop": StopForm,
}

STEP_SERVICES = {
    "start-gathering": lambda actor, review, data: lifecycle.review_start_gathering(
        actor=actor, review=review, **data
    ),
    "ready-for-meeting": lambda actor, review, data: lifecycle.review_mark_ready(
        actor=actor, review=review, **data
    ),
    "meeting-held": lambda actor, review, data: lifecycle.review_record_meeting(
        actor=actor, review=review, **data
    ),
    "sign-off": lambda actor, review, data: lifecycle.review_start_sign_off(
        actor=actor, review=review
    ),
    "sent-to-panel": lambda actor, review, data: lifecycle.review_send_to_panel(
        actor=actor, review=review, **data
    ),
    "panel-response": lambda actor, review, data: lifecycle.review_record_panel_response(
        actor=actor, review=review, **data
    ),
    "close": lambda actor, review, data: lifecycle.review_close(actor=actor, review=review),
    "stop": lambda actor, review, data: lifecycle.review_stop(actor=actor, review=review, **data),
}


def _step_initial(step: str, review: RapidReview) -> dict:
    today = calendar.today()
    return {
        "start-gathering": {"agencies_asked_on": today},
        "meeting-held": {"held_on": review.meeting_date},
        "sent-to-panel": {"sent_on": today},
        "panel-response": {"responded_on": today},
    }.get(step, {})


@require_http_methods(["GET", "POST"])
@audit_page_view
def review_step(request, reference, step):
    if step not in lifecycle.STEPS:
        raise Http404("No such step")
    review = _review(request, reference)
    require(request.user, Action.TRANSITION_REVIEW, review)
    the_step = lifecycle.STEPS[step]
    if the_step.page:
        return redirect(the_step.page, reference=review.reference)
    waiting = lifecycle.blockers(review, the_step, today=calendar.today())
    form = STEP_FORMS[step](request.POST or None, initial=_step_initial(step, review))
    refusal = ""
    if request.method == "POST" and not waiting and form.is_valid():
        try:
            STEP_SERVICES[step](request.user, review, form.cleaned_data)
        except services.Invalid as error:
            _show_findings(form, error)
        except services.ServiceError as error:
            refusal = str(error)
        else:
            messages.success(request, f"Review {review.reference}: {the_step.to.label}")
            return redirect("reviews:review_detail", reference=review.reference)
    return render(
        request,
        "reviews/review_step.html",
        {
            "review": review,
            "step": the_step,
            "form": form,
            "waiting": waiting,
            "refusal": refusal,
        },
    )
