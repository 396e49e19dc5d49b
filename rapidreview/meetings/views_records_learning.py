"""Learning points: the list (everyone on the review), and recording, changing and removing
them (the partnership team), each tagged with at least one theme from the list the team keeps
(`views_themes.py`). Helpers and conventions in `views_records.py`."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from rapidreview.access.policy import Action, can, require
from rapidreview.audit.decorators import audit_page_view

from . import records_learning as services
from . import records_queries as queries
from .forms_records import LearningForm
from .views_records import (
    Words,
    meeting_url,
    record_form,
    record_in_scope,
    record_remove_page,
    review_in_scope,
)

WORDS = Words(
    one="learning point",
    many="learning points",
    heading="Learning points",
    list_name="meetings:learning",
    prefix="meetings:learning",
    rows="meetings/records/_learning_rows.html",
    add="Record a learning point",
    change="Change a learning point",
    related="learning_points",
)


def _themes_url(user) -> str:
    return reverse("themes:list") if can(user, Action.MANAGE_THEMES) else ""


@require_GET
@audit_page_view
def learning(request, reference):
    review = review_in_scope(request, reference)
    require(request.user, Action.VIEW_MEETING, review)
    return render(
        request,
        "meetings/records/learning.html",
        {
            "review": review,
            "words": WORDS,
            "items": [(item, False) for item in queries.learning_of(review)],
            "can_record": can(request.user, Action.RECORD_AT_MEETING, review),
            "themes_url": _themes_url(request.user),
            "back_url": meeting_url(review),
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def learning_add(request, reference):
    review = review_in_scope(request, reference)
    require(request.user, Action.RECORD_AT_MEETING, review)
    form = LearningForm(request.POST if request.method == "POST" else None, review=review)
    return record_form(
        request,
        review=review,
        words=WORDS,
        form=form,
        save=lambda form, version: services.learning_record(
            actor=request.user, review=review, **form.cleaned_data
        ),
        heading=WORDS.add,
        success="Learning point recorded",
    )


def _point(request, reference, public_id):
    review = review_in_scope(request, reference)
    point = record_in_scope(review, "learning_points", public_id)
    require(request.user, Action.RECORD_AT_MEETING, review)
    return review, point


@require_http_methods(["GET", "POST"])
@audit_page_view
def learning_edit(request, reference, public_id):
    review, point = _point(request, reference, public_id)
    form = LearningForm(
        request.POST if request.method == "POST" else None,
        review=review,
        point=point,
        initial=LearningForm.initial_for(point),
    )
    return record_form(
        request,
        review=review,
        words=WORDS,
        form=form,
        record=point,
        save=lambda form, version: services.learning_change(
            actor=request.user, point=point, base_version=version, **form.cleaned_data
        ),
        heading=WORDS.change,
        success="Learning point saved",
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def learning_remove(request, reference, public_id):
    review, point = _point(request, reference, public_id)
    return record_remove_page(request, review=review, words=WORDS, record=point)
