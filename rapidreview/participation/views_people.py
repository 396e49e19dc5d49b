"""An agency's alerts on each named individual's records, and its staff register, under
/reviews/<reference>/our-work/. Same conventions as `views_records.py`. The staff register is
seen only inside the agency (the partnership team has no part of the review to open, so 404)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rapidreview.access.policy import Action, can, require
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core import calendar

from . import records_people, records_queries
from .forms_records import AlertForm, AlertsReviewedForm, StaffMemberForm, staff_initial
from .views_records import agency_part, attempt, shown_refusal, tasks_url


def _back(review_agency, name: str) -> str:
    return reverse(name, kwargs={"reference": review_agency.review.reference})


# --- alerts ---------------------------------------------------------------------------------------


@require_GET
@audit_page_view
def alerts(request, reference):
    review_agency = agency_part(request, reference)
    review = review_agency.review
    rows = records_queries.alerts_by_person(review_agency)
    return render(
        request,
        "participation/records_alerts.html",
        {
            "review": review,
            "review_agency": review_agency,
            "rows": rows,
            "without_alert": [row.person for row in rows if not row.alerts],
            "to_review": records_queries.alerts_to_review(review_agency).count(),
            "can_act": can(request.user, Action.ACT_FOR_AGENCY, review_agency),
            "can_mark_reviewed": can(request.user, Action.RECORD_ALERTS_REVIEWED, review_agency),
            "tasks_url": tasks_url(review),
        },
    )


def _alert_form_page(request, review_agency, form, refusal, alert=None):
    return render(
        request,
        "participation/records_alert_form.html",
        {
            "review": review_agency.review,
            "form": form,
            "alert": alert,
            "refusal": refusal,
            "back_url": _back(review_agency, "participation:alerts"),
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def alert_add(request, reference):
    review_agency = agency_part(request, reference)
    require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    review = review_agency.review
    people = records_queries.named_individuals(review)
    initial = {"person": request.GET.get("person", "")}
    form = AlertForm(request.POST or None, people=people, initial=initial)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = records_queries.person_by_key(review, data["person"])
        outcome = attempt(
            form,
            lambda: records_people.alert_record(
                actor=request.user,
                review_agency=review_agency,
                person=person.person,
                system=data["system"],
                placed_on=data["placed_on"],
                placed_by=data["placed_by"],
            ),
        )
        if not outcome:
            messages.success(request, f"Alert recorded for {person.name}")
            return redirect("participation:alerts", reference=review.reference)
        refusal = shown_refusal(outcome)
    return _alert_form_page(request, review_agency, form, refusal)


@require_http_methods(["GET", "POST"])
@audit_page_view
def alert_edit(request, reference, alert_id):
    review_agency = agency_part(request, reference)
    alert = get_object_or_404(
        review_agency.alerts.select_related("child", "family_member"), public_id=alert_id
    )
    require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    initial = {name: getattr(alert, name) for name in records_people.ALERT_FIELDS}
    form = AlertForm(request.POST or None, initial=initial)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: records_people.alert_change(
                actor=request.user, alert=alert, **form.cleaned_data
            ),
        )
        if not outcome:
            messages.success(request, f"Alert for {alert.person.full_name} changed")
            return redirect("participation:alerts", reference=review_agency.review.reference)
        refusal = shown_refusal(outcome)
    return _alert_form_page(request, review_agency, form, refusal, alert)


@require_POST
def alert_remove(request, reference, alert_id):
    review_agency = agency_part(request, reference)
    alert = get_object_or_404(review_agency.alerts, public_id=alert_id)
    require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    records_people.alert_remove(actor=request.user, alert=alert)
    messages.success(request, f"Alert on {alert.system} removed")
    return redirect("participation:alerts", reference=review_agency.review.reference)


@require_http_methods(["GET", "POST"])
@audit_page_view
def alerts_reviewed(request, reference):
    review_agency = agency_part(request, reference)
    require(request.user, Action.RECORD_ALERTS_REVIEWED, review_agency)
    form = AlertsReviewedForm(request.POST or None, initial={"reviewed_on": calendar.today()})
    refusal = ""
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: records_people.alerts_mark_reviewed(
                actor=request.user, review_agency=review_agency, **form.cleaned_data
            ),
        )
        if not outcome:
            messages.success(request, "Alerts recorded as reviewed")
            return redirect("participation:alerts", reference=review_agency.review.reference)
        refusal = shown_refusal(outcome)
    return render(
        request,
        "participation/records_alerts_reviewed.html",
        {
            "review": review_agency.review,
            "form": form,
            "refusal": refusal,
            "to_review": records_queries.alerts_to_review(review_agency).count(),
            "back_url": _back(review_agency, "participation:alerts"),
        },
    )


# --- the staff register ---------------------------------------------------------------------------


def _register(request, reference):
    review_agency = agency_part(request, reference)
    require(request.user, Action.VIEW_STAFF_REGISTER, review_agency)
    return review_agency


@require_GET
@audit_page_view
def staff(request, reference):
    review_agency = _register(request, reference)
    return render(
        request,
        "participation/records_staff.html",
        {
            "review": review_agency.review,
            "review_agency": review_agency,
            "staff": review_agency.staff.all(),
            "can_act": can(request.user, Action.ACT_FOR_AGENCY, review_agency),
            "tasks_url": tasks_url(review_agency.review),
        },
    )


def _staff_form(request, review_agency, member=None):
    review = review_agency.review
    people = records_queries.named_individuals(review)
    initial = staff_initial(member, people) if member else {}
    form = StaffMemberForm(request.POST or None, people=people, initial=initial)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        if member is None:
            outcome = attempt(
                form,
                lambda: records_people.staff_record(
                    actor=request.user, review_agency=review_agency, **values
                ),
            )
        else:
            outcome = attempt(
                form,
                lambda: records_people.staff_change(actor=request.user, member=member, **values),
            )
        if not outcome:
            messages.success(request, "Staff register saved")
            return redirect("participation:staff", reference=review.reference)
        refusal = shown_refusal(outcome)
    return render(
        request,
        "participation/records_staff_form.html",
        {
            "review": review,
            "form": form,
            "member": member,
            "refusal": refusal,
            "back_url": _back(review_agency, "participation:staff"),
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def staff_add(request, reference):
    review_agency = _register(request, reference)
    require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    return _staff_form(request, review_agency)


@require_http_methods(["GET", "POST"])
@audit_page_view
def staff_edit(request, reference, member_id):
    review_agency = _register(request, reference)
    member = get_object_or_404(review_agency.staff, public_id=member_id)
    require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    return _staff_form(request, review_agency, member)


@require_POST
def staff_remove(request, reference, member_id):
    review_agency = _register(request, reference)
    member = get_object_or_404(review_agency.staff, public_id=member_id)
    require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    records_people.staff_remove(actor=request.user, member=member)
    messages.success(request, f"{member.initials}, {member.role}, removed from the staff register")
    return redirect("participation:staff", reference=review_agency.review.reference)
