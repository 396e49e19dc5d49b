"""Parallel processes: the list (everyone on the review), and recording, changing and removing
them (the partnership team). Helpers and conventions in `views_records.py`."""

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from rapidreview.access.policy import Action, can, require
from rapidreview.audit.decorators import audit_page_view

from . import records_processes as services
from . import records_queries as queries
from .forms_records import ProcessForm
from .views_records import (
    Words,
    meeting_url,
    record_form,
    record_in_scope,
    record_remove_page,
    review_in_scope,
)

WORDS = Words(
    one="parallel process",
    many="parallel processes",
    heading="Parallel processes",
    list_name="meetings:processes",
    prefix="meetings:process",
    rows="meetings/records/_process_rows.html",
    add="Record a parallel process",
    change="Change a parallel process",
    related="parallel_processes",
)


@require_GET
@audit_page_view
def processes(request, reference):
    review = review_in_scope(request, reference)
    require(request.user, Action.VIEW_MEETING, review)
    return render(
        request,
        "meetings/records/processes.html",
        {
            "review": review,
            "words": WORDS,
            "items": [(item, False) for item in queries.processes_of(review)],
            "can_record": can(request.user, Action.RECORD_AT_MEETING, review),
            "back_url": meeting_url(review),
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def process_add(request, reference):
    review = review_in_scope(request, reference)
    require(request.user, Action.RECORD_AT_MEETING, review)
    form = ProcessForm(request.POST if request.method == "POST" else None)
    return record_form(
        request,
        review=review,
        words=WORDS,
        form=form,
        save=lambda form, version: services.process_record(
            actor=request.user, review=review, **form.cleaned_data
        ),
        heading=WORDS.add,
        success="Parallel process recorded",
    )


def _process(request, reference, public_id):
    review = review_in_scope(request, reference)
    process = record_in_scope(review, "parallel_processes", public_id)
    require(request.user, Action.RECORD_AT_MEETING, review)
    return review, process


@require_http_methods(["GET", "POST"])
@audit_page_view
def process_edit(request, reference, public_id):
    review, process = _process(request, reference, public_id)
    form = ProcessForm(
        request.POST if request.method == "POST" else None,
        current_lead=process.lead_agency,
        initial=ProcessForm.initial_for(process),
    )
    return record_form(
        request,
        review=review,
        words=WORDS,
        form=form,
        record=process,
        save=lambda form, version: services.process_change(
            actor=request.user, process=process, base_version=version, **form.cleaned_data
        ),
        heading=WORDS.change,
        success="Parallel process saved",
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def process_remove(request, reference, public_id):
    review, process = _process(request, reference, public_id)
    return record_remove_page(request, review=review, words=WORDS, record=process)
