"""Pages for the partnership's documents (under /reviews/<reference>/documents/) and for an
agency's records secured and private area (under /reviews/<reference>/our-work/). Alerts and the
staff register are in `views_people.py`. Thin: scope, policy, form, service, render.

The our-work pages are always the signed-in person's own agency's part of the review: there is
no agency in the URL, so nobody can ask for another agency's. People with no agency on the
review (the partnership team, the partners) get a 404 there; they read an agency's progress in
the participation matrix. The private area answers 404 to everyone but the agency's
representative and nominees, so not even its existence is shown to others.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from rapidreview.access.policy import (
    Action,
    can,
    require,
    review_agency_of,
    reviews_visible_to,
)
from rapidreview.audit.decorators import audit_page_view
from rapidreview.reviews.models import RapidReview, ReviewAgency

from . import records, records_queries
from .forms_records import PrivateRecordForm, RecordsSecuredForm, ReviewDocumentForm

# --- shared by the records pages ------------------------------------------------------------------


def review_in_scope(request, reference: str) -> RapidReview:
    return get_object_or_404(
        reviews_visible_to(request.user).select_related("incident"), reference=reference
    )


def agency_part(request, reference: str) -> ReviewAgency:
    """The signed-in person's agency's part of the review, or 404."""
    review = review_in_scope(request, reference)
    review_agency = review_agency_of(request.user, review)
    if review_agency is None or not can(request.user, Action.VIEW_AGENCY_WORK, review_agency):
        raise Http404("No part of this review for you")
    review_agency.review = review
    return review_agency


def tasks_url(review: RapidReview) -> str:
    """The agency's task list; the review page until that page exists."""
    try:
        return reverse("participation:agency_tasks", kwargs={"reference": review.reference})
    except NoReverseMatch:
        return reverse("reviews:review_detail", kwargs={"reference": review.reference})


def attempt(form, call) -> str:
    """Run a service for a valid form. Returns '' on success, else the refusal to show (and
    findings or file problems are put at their fields). Raises nothing the user caused."""
    try:
        call()
    except records.Invalid as error:
        for finding in error.findings:
            name = finding.field if finding.field in form.fields else None
            form.add_error(name, finding.message)
        return "invalid"
    except records.ServiceError as error:
        return str(error)
    except ValidationError as error:  # the upload, checked again when stored
        form.add_error("file" if "file" in form.fields else None, error.messages[0])
        return "invalid"
    return ""


def shown_refusal(outcome: str) -> str:
    return "" if outcome == "invalid" else outcome


# --- the partnership's documents ------------------------------------------------------------------


@require_http_methods(["GET"])
@audit_page_view
def documents_list(request, reference):
    review = review_in_scope(request, reference)
    review_agency = review_agency_of(request.user, review)
    return render(
        request,
        "participation/documents_list.html",
        {
            "review": review,
            "rows": records_queries.review_documents(review, request.user),
            "can_manage": can(request.user, Action.MANAGE_REVIEW_DOCUMENTS, review),
            "can_confirm": can(request.user, Action.ACT_FOR_AGENCY, review_agency),
            "sees_reads": can(request.user, Action.VIEW_PARTICIPATION, review),
            "tasks_url": tasks_url(review) if review_agency else "",
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def document_add(request, reference):
    review = review_in_scope(request, reference)
    require(request.user, Action.MANAGE_REVIEW_DOCUMENTS, review)
    form = ReviewDocumentForm(request.POST or None, request.FILES or None)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            form,
            lambda: records.review_document_add(
                actor=request.user,
                review=review,
                title=data["title"],
                kind=data["kind"],
                uploaded_file=data["file"],
            ),
        )
        if not outcome:
            messages.success(request, f"{data['title'].strip()} added to the review")
            return redirect("participation:documents", reference=review.reference)
        refusal = shown_refusal(outcome)
    return render(
        request,
        "participation/documents_add.html",
        {
            "review": review,
            "form": form,
            "refusal": refusal,
            "back_url": reverse("participation:documents", kwargs={"reference": reference}),
        },
    )


@require_POST
def document_remove(request, reference, document_id):
    review = review_in_scope(request, reference)
    document = get_object_or_404(review.documents, public_id=document_id)
    require(request.user, Action.MANAGE_REVIEW_DOCUMENTS, review)
    records.review_document_remove(actor=request.user, document=document)
    messages.success(request, f"{document.title} removed from the review")
    return redirect("participation:documents", reference=review.reference)


@require_POST
def document_read(request, reference, document_id):
    review = review_in_scope(request, reference)
    document = get_object_or_404(review.documents, public_id=document_id)
    review_agency = review_agency_of(request.user, review)
    require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    records.document_confirm_read(
        actor=request.user, document=document, review_agency=review_agency
    )
    messages.success(request, f"You have confirmed you read {document.title}")
    return redirect("participation:documents", reference=review.reference)


# --- records secured ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@audit_page_view
def records_secured(request, reference):
    review_agency = agency_part(request, reference)
    review = review_agency.review
    can_act = can(request.user, Action.ACT_FOR_AGENCY, review_agency)
    if request.method == "POST":
        require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    secured = getattr(review_agency, "records_secured", None)
    initial = {}
    if secured is not None:
        initial = {name: getattr(secured, name) for name in records.RECORDS_FIELDS}
    form = RecordsSecuredForm(request.POST or None, initial=initial)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: records.records_secure(
                actor=request.user, review_agency=review_agency, **form.cleaned_data
            ),
        )
        if not outcome:
            messages.success(request, "Records secured: saved")
            return redirect(tasks_url(review))
        refusal = shown_refusal(outcome)
    return render(
        request,
        "participation/records_secured.html",
        {
            "review": review,
            "review_agency": review_agency,
            "secured": secured,
            "form": form if can_act else None,
            "refusal": refusal,
            "tasks_url": tasks_url(review),
            "sees_private_area": can(request.user, Action.VIEW_PRIVATE_RECORDS, review_agency),
        },
    )


# --- the private area -----------------------------------------------------------------------------


def private_area(request, reference: str) -> ReviewAgency:
    review_agency = agency_part(request, reference)
    if not can(request.user, Action.VIEW_PRIVATE_RECORDS, review_agency):
        raise Http404("No private area for you")
    return review_agency


@require_http_methods(["GET", "POST"])
@audit_page_view
def private_records(request, reference):
    review_agency = private_area(request, reference)
    review = review_agency.review
    can_act = can(request.user, Action.ACT_FOR_AGENCY, review_agency)
    if request.method == "POST":
        require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    form = PrivateRecordForm(request.POST or None, request.FILES or None)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            form,
            lambda: records.private_record_add(
                actor=request.user,
                review_agency=review_agency,
                description=data["description"],
                uploaded_file=data["file"],
            ),
        )
        if not outcome:
            messages.success(request, "Record copied to the private area")
            return redirect("participation:private_records", reference=review.reference)
        refusal = shown_refusal(outcome)
    return render(
        request,
        "participation/records_private.html",
        {
            "review": review,
            "review_agency": review_agency,
            "private_records": review_agency.private_records.select_related(
                "stored_file", "added_by"
            ),
            "form": form if can_act else None,
            "can_act": can_act,
            "refusal": refusal,
            "tasks_url": tasks_url(review),
        },
    )


@require_POST
def private_record_remove(request, reference, record_id):
    review_agency = private_area(request, reference)
    record = get_object_or_404(review_agency.private_records, public_id=record_id)
    require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    records.private_record_remove(actor=request.user, record=record)
    messages.success(request, f"{record.description} removed from the private area")
    return redirect("participation:private_records", reference=review_agency.review.reference)
