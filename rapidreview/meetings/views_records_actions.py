"""Immediate safeguarding actions: the list (everyone on the review; overdue ones tagged),
recording and changing them (the partnership team), and updates from the owner agency (or the
team). Helpers and conventions in `views_records.py`."""

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from rapidreview.access.policy import Action, can, require
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core import calendar

from . import records_actions as services
from . import records_queries as queries
from .forms_records import ActionForm, ActionUpdateForm
from .views_records import (
    Words,
    allowed,
    meeting_url,
    record_form,
    record_in_scope,
    record_remove_page,
    review_in_scope,
)

WORDS = Words(
    one="action",
    many="actions",
    heading="Immediate safeguarding actions",
    list_name="meetings:actions",
    prefix="meetings:action",
    rows="meetings/records/_action_rows.html",
    add="Record an immediate safeguarding action",
    change="Change an immediate safeguarding action",
    related="safeguarding_actions",
)


@require_GET
@audit_page_view
def actions(request, reference):
    review = review_in_scope(request, reference)
    require(request.user, Action.VIEW_MEETING, review)
    items = queries.actions_of(review)
    may_update = allowed(request.user, Action.UPDATE_ACTION, items, key=lambda a: a.owner_id)
    return render(
        request,
        "meetings/records/actions.html",
        {
            "review": review,
            "words": WORDS,
            "items": [(item, item.pk in may_update) for item in items],
            "overdue": sum(1 for item in items if item.overdue),
            "can_record": can(request.user, Action.RECORD_AT_MEETING, review),
            "back_url": meeting_url(review),
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def action_add(request, reference):
    review = review_in_scope(request, reference)
    require(request.user, Action.RECORD_AT_MEETING, review)
    form = ActionForm(request.POST if request.method == "POST" else None, review=review)
    return record_form(
        request,
        review=review,
        words=WORDS,
        form=form,
        save=lambda form, version: services.action_record(
            actor=request.user, review=review, **form.details()
        ),
        heading=WORDS.add,
        success="Action recorded",
    )


def _action(request, reference, public_id, action: Action):
    review = review_in_scope(request, reference)
    record = record_in_scope(review, "safeguarding_actions", public_id)
    record.overdue = queries.is_overdue(record, calendar.today())
    require(request.user, action, record if action == Action.UPDATE_ACTION else review)
    return review, record


@require_http_methods(["GET", "POST"])
@audit_page_view
def action_edit(request, reference, public_id):
    review, record = _action(request, reference, public_id, Action.RECORD_AT_MEETING)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        review=review,
        initial=ActionForm.initial_for(record),
    )
    return record_form(
        request,
        review=review,
        words=WORDS,
        form=form,
        record=record,
        save=lambda form, version: services.action_change(
            actor=request.user, action=record, base_version=version, **form.details()
        ),
        heading=WORDS.change,
        success="Action saved",
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def action_update(request, reference, public_id):
    review, record = _action(request, reference, public_id, Action.UPDATE_ACTION)
    form = ActionUpdateForm(
        request.POST if request.method == "POST" else None,
        initial={
            "status": record.status,
            "completed_on": record.completed_on,
            "update": record.update,
        },
    )
    return record_form(
        request,
        review=review,
        words=WORDS,
        form=form,
        record=record,
        save=lambda form, version: services.action_update(
            actor=request.user, action=record, base_version=version, **form.cleaned_data
        ),
        heading="Update an immediate safeguarding action",
        success="Action updated",
        template="meetings/records/action_update.html",
        item=record,
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def action_remove(request, reference, public_id):
    review, record = _action(request, reference, public_id, Action.RECORD_AT_MEETING)
    return record_remove_page(request, review=review, words=WORDS, record=record)
