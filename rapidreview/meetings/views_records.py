"""Pages for what is recorded at and after the meeting, under /reviews/<reference>/meeting/: the
minutes and whether the family has been told (here), and the lists of challenges, immediate
actions, learning points and parallel processes (`views_records_*.py`), which share the
helpers below.

Thin: the review through the person's scope (404 outside it), the policy (403 with its reason),
a form, the service (`records*.py`), POST/redirect/GET. Everyone on the review reads everything
here; the partnership team records it; the agency a challenge was raised with answers it, and
the agency that owns an action updates it.

A save made from an older version of a record is refused by the service; the page then shows the
person's own answers again in the form, with the latest version beside them and the form now
based on that latest version, so saving again is a deliberate choice and nothing typed is lost.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from rapidreview.access.policy import Action, can, require, reviews_visible_to
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core.dates import clock_time
from rapidreview.reviews.models import RapidReview

from . import records
from .forms_records import FamilyForm, MinutesForm
from .models import Meeting

# --- shared by the records pages ------------------------------------------------------------------


def review_in_scope(request, reference: str) -> RapidReview:
    return get_object_or_404(
        reviews_visible_to(request.user).select_related("incident"), reference=reference
    )


def record_in_scope(review: RapidReview, related: str, public_id) -> Any:
    """One of the review's challenges, actions, learning points or processes, or 404."""
    record = get_object_or_404(getattr(review, related).all(), public_id=public_id)
    record.review = review
    return record


def meeting_url(review: RapidReview) -> str:
    """The meeting's own page, which links to each of these."""
    return reverse("meetings:meeting", kwargs={"reference": review.reference})


def posted_version(request) -> int | None:
    """The version the page was shown at (a hidden input); None if missing or not a number,
    which the service treats as out of date."""
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def allowed(user, action: Action, items: Iterable, key: Callable[[Any], Any]) -> set[int]:
    """The pks of `items` the policy lets `user` act on. The answer depends only on `key` (the
    agency a challenge was raised with, the agency owning an action), so the policy is asked
    once per agency however long the list."""
    answers: dict[Any, bool] = {}
    granted = set()
    for item in items:
        k = key(item)
        if k not in answers:
            answers[k] = can(user, action, item)
        if answers[k]:
            granted.add(item.pk)
    return granted


@dataclass
class Outcome:
    done: bool = False
    refusal: str = ""
    stale: records.Stale | None = None


def attempt(form, call: Callable[[], Any]) -> Outcome:
    """Run a service for a valid form: its findings go to their fields, a stale save and any
    other refusal come back to be shown. Nothing the person caused is raised."""
    try:
        call()
    except records.Stale as stale:
        return Outcome(stale=stale)
    except records.Invalid as error:
        for finding in error.findings:
            form.add_error(finding.field if finding.field in form.fields else None, finding.message)
        return Outcome()
    except records.ServiceError as error:
        return Outcome(refusal=str(error))
    return Outcome(done=True)


@dataclass(frozen=True)
class Words:
    """How one kind of record is named on its pages, and where they are."""

    one: str  # "challenge"
    many: str  # "challenges"
    heading: str  # "Challenges"
    list_name: str  # "meetings:challenges"
    prefix: str  # "meetings:challenge" -> _add, _edit, _remove
    rows: str  # the template of one record's summary list rows
    add: str  # "Record a challenge"
    change: str  # "Change a challenge"
    related: str  # the review's related name

    def list_url(self, review: RapidReview) -> str:
        return reverse(self.list_name, kwargs={"reference": review.reference})


def record_form(
    request,
    *,
    review: RapidReview,
    words: Words,
    form,
    save: Callable[[Any, int | None], Any],
    record: models.Model | None = None,
    heading: str,
    success: str,
    template: str = "meetings/records/form.html",
    **extra,
) -> HttpResponse:
    """Add or change a record: show the form; on a valid POST call `save(form, version)`."""
    outcome = Outcome()
    version = record.version if record is not None else None
    if request.method == "POST" and form.is_valid():
        outcome = attempt(form, lambda: save(form, posted_version(request)))
        if outcome.done:
            messages.success(request, success)
            return redirect(words.list_url(review))
        if outcome.stale is not None and outcome.stale.current is not None:
            version = outcome.stale.current.version
    latest = outcome.stale.current if outcome.stale else None
    return render(
        request,
        template,
        {
            "review": review,
            "words": words,
            "form": form,
            "record": record,
            "version": version,
            "refusal": outcome.refusal,
            "stale": outcome.stale,
            "latest": latest,
            "heading": heading,
            "back_url": words.list_url(review),
            **extra,
        },
    )


def record_remove_page(request, *, review: RapidReview, words: Words, record) -> HttpResponse:
    """Confirm, then remove. Refused if the record changed since the page was shown."""
    require(request.user, Action.RECORD_AT_MEETING, review)
    outcome = Outcome()
    version = record.version
    if request.method == "POST":
        try:
            records.record_remove(
                actor=request.user, record=record, base_version=posted_version(request)
            )
        except records.Stale as stale:
            if stale.current is None:  # someone else removed it first
                messages.success(request, f"The {words.one} has already been removed")
                return redirect(words.list_url(review))
            outcome.stale = stale
            version = stale.current.version
        except records.ServiceError as error:
            outcome.refusal = str(error)
        else:
            messages.success(request, f"The {words.one} has been removed")
            return redirect(words.list_url(review))
    shown = outcome.stale.current if outcome.stale else record
    return render(
        request,
        "meetings/records/remove.html",
        {
            "review": review,
            "words": words,
            "item": shown,
            "version": version,
            "stale": outcome.stale,
            "refusal": outcome.refusal,
            "back_url": words.list_url(review),
        },
    )


# --- the minutes and the family -------------------------------------------------------------------


def _meeting_page(
    request,
    reference: str,
    *,
    form_class,
    template: str,
    save: Callable,
    success: str,
    done: str = "",
) -> HttpResponse:
    review = review_in_scope(request, reference)
    require(request.user, Action.VIEW_MEETING, review)
    can_record = can(request.user, Action.RECORD_AT_MEETING, review)
    if request.method == "POST":
        require(request.user, Action.RECORD_AT_MEETING, review)
    meeting = Meeting.objects.filter(review=review).first()
    context = {
        "review": review,
        "meeting": meeting,
        "can_record": can_record,
        "back_url": meeting_url(review),
    }
    if meeting is None or not can_record:
        return render(request, template, context)
    initial = {name: getattr(meeting, name) for name in form_class.base_fields}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    outcome, version = Outcome(), meeting.version
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form, lambda: save(request.user, meeting, form.cleaned_data, posted_version(request))
        )
        if outcome.done:
            messages.success(request, success)
            return redirect(
                reverse(done, kwargs={"reference": reference}) if done else meeting_url(review)
            )
        if outcome.stale is not None and outcome.stale.current is not None:
            version = outcome.stale.current.version
    context |= {
        "form": form,
        "version": version,
        "stale": outcome.stale,
        "latest": outcome.stale.current if outcome.stale else None,
        "refusal": outcome.refusal,
    }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@audit_page_view
def minutes(request, reference):
    return _meeting_page(
        request,
        reference,
        form_class=MinutesForm,
        template="meetings/records/minutes.html",
        save=lambda actor, meeting, data, version: records.minutes_save(
            actor=actor, meeting=meeting, minutes=data["minutes"], base_version=version
        ),
        success=f"Minutes saved at {clock_time(timezone.localtime())}",
        done="meetings:minutes",
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def family(request, reference):
    return _meeting_page(
        request,
        reference,
        form_class=FamilyForm,
        template="meetings/records/family.html",
        save=lambda actor, meeting, data, version: records.family_record(
            actor=actor,
            meeting=meeting,
            family_informed=data["family_informed"],
            detail=data["family_informed_detail"],
            base_version=version,
        ),
        success="Family contact saved",
    )
