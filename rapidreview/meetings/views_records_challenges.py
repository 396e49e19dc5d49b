"""Challenges: the list (everyone on the review), recording and changing them (the partnership
team), and the response (the agency the challenge was raised with, or the team). Helpers and
conventions in `views_records.py`."""

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from rapidreview.access.policy import Action, can, require
from rapidreview.audit.decorators import audit_page_view

from . import records_challenges as services
from . import records_queries as queries
from .forms_records import ChallengeForm, RespondForm
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
    one="challenge",
    many="challenges",
    heading="Challenges",
    list_name="meetings:challenges",
    prefix="meetings:challenge",
    rows="meetings/records/_challenge_rows.html",
    add="Record a challenge",
    change="Change a challenge",
    related="challenges",
)


@require_GET
@audit_page_view
def challenges(request, reference):
    review = review_in_scope(request, reference)
    require(request.user, Action.VIEW_MEETING, review)
    items = queries.challenges_of(review)
    may_respond = allowed(
        request.user, Action.RESPOND_TO_CHALLENGE, items, key=lambda c: c.raised_with_id
    )
    return render(
        request,
        "meetings/records/challenges.html",
        {
            "review": review,
            "words": WORDS,
            "items": [(item, item.pk in may_respond) for item in items],
            "can_record": can(request.user, Action.RECORD_AT_MEETING, review),
            "back_url": meeting_url(review),
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def challenge_add(request, reference):
    review = review_in_scope(request, reference)
    require(request.user, Action.RECORD_AT_MEETING, review)
    form = ChallengeForm(request.POST if request.method == "POST" else None, review=review)
    return record_form(
        request,
        review=review,
        words=WORDS,
        form=form,
        save=lambda form, version: services.challenge_record(
            actor=request.user, review=review, **form.cleaned_data
        ),
        heading=WORDS.add,
        success="Challenge recorded",
    )


def _challenge(request, reference, public_id, action: Action):
    review = review_in_scope(request, reference)
    challenge = record_in_scope(review, "challenges", public_id)
    require(request.user, action, challenge if action == Action.RESPOND_TO_CHALLENGE else review)
    return review, challenge


@require_http_methods(["GET", "POST"])
@audit_page_view
def challenge_edit(request, reference, public_id):
    review, challenge = _challenge(request, reference, public_id, Action.RECORD_AT_MEETING)
    form = ChallengeForm(
        request.POST if request.method == "POST" else None,
        review=review,
        initial={
            "raised_by": str(challenge.raised_by.agency.public_id),
            "raised_with": str(challenge.raised_with.agency.public_id),
            "question": challenge.question,
        },
    )
    return record_form(
        request,
        review=review,
        words=WORDS,
        form=form,
        record=challenge,
        save=lambda form, version: services.challenge_change(
            actor=request.user, challenge=challenge, base_version=version, **form.cleaned_data
        ),
        heading=WORDS.change,
        success="Challenge saved",
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def challenge_respond(request, reference, public_id):
    review, challenge = _challenge(request, reference, public_id, Action.RESPOND_TO_CHALLENGE)
    form = RespondForm(
        request.POST if request.method == "POST" else None,
        initial={"response": challenge.response, "status": challenge.status},
    )
    return record_form(
        request,
        review=review,
        words=WORDS,
        form=form,
        record=challenge,
        save=lambda form, version: services.challenge_respond(
            actor=request.user, challenge=challenge, base_version=version, **form.cleaned_data
        ),
        heading="Respond to a challenge",
        success="Response saved",
        template="meetings/records/respond.html",
        item=challenge,
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def challenge_remove(request, reference, public_id):
    review, challenge = _challenge(request, reference, public_id, Action.RECORD_AT_MEETING)
    return record_remove_page(request, review=review, words=WORDS, record=challenge)
