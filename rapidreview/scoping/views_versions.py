"""Autosave, discarding a draft, and the return's version history and comparison pages.

Thin: the review through the person's scope (404 outside it); for autosave and discard, their own
agency's return (404 for anyone who does not work for an agency on the review) and the policy
(403 with its reason); for history and comparison, the return through `returns_visible_to`.
"""

import uuid

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from rapidreview.access.policy import (
    Action,
    require,
)
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core.dates import clock_time, uk_datetime

from . import lookups, services, versions
from .lookups import return_page
from .lookups import visible_return as _visible_return
from .models import ScopingReturn, Section, SectionDraft

# Posted fields that are not answers: the CSRF token, and the version the form started from.
_NOT_ANSWERS = {"csrfmiddlewaretoken", "base_version", "revision"}
_SECTION_LETTERS = frozenset(Section.values)


def _own_return(request, reference: str) -> ScopingReturn:
    """The agency's return on the review, which the person must be allowed to edit; unsaved
    (not started yet) if no one has saved anything in it."""
    scoping_return = lookups.own_return(request, reference)
    require(request.user, Action.EDIT_RETURN, scoping_return)
    return scoping_return


def _known_section(scoping_return: ScopingReturn, section: str) -> bool:
    """A section letter, "C:new", or "C:<public id of one of this return's rows>"."""
    if section in _SECTION_LETTERS or section == "C:new":
        return True
    prefix, _, row_id = section.partition(":")
    if prefix != "C" or scoping_return.pk is None:
        return False
    try:
        row_id = uuid.UUID(row_id)
    except ValueError:
        return False
    return scoping_return.chronology.filter(public_id=row_id).exists()


def _answers(post) -> dict:
    """The posted fields as they were typed: one value, or a list for repeated names."""
    return {
        key: values if len(values) > 1 else values[0]
        for key, values in post.lists()
        if key not in _NOT_ANSWERS
    }


def _base_version(post, fallback: int) -> int:
    raw = post.get("base_version") or post.get("revision") or ""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else fallback


def saved_message(draft: SectionDraft) -> str:
    return f"Saved a moment ago at {clock_time(_uk(draft.saved_at))}"


def _uk(moment):
    from rapidreview.core.dates import UK_TIME

    return moment.astimezone(UK_TIME)


@require_POST
def autosave(request, reference, section):
    """Keep what the editor has typed so far. Answers JSON: the time it was kept, in words."""
    scoping_return = _own_return(request, reference)
    if not _known_section(scoping_return, section):
        raise Http404("No such section")
    data = _answers(request.POST)
    if not data:
        return JsonResponse({"saved": False, "message": "There was nothing to keep."}, status=400)
    if scoping_return.pk is None:  # typing into a return no one has saved yet: start it
        scoping_return = services.return_for(scoping_return.review_agency, actor=request.user)
    base_version = _base_version(request.POST, scoping_return.version)
    draft = SectionDraft.objects.filter(
        scoping_return=scoping_return, user=request.user, section=section
    ).first()
    if draft is None or draft.data != data or draft.base_version != base_version:
        draft = services.draft_autosave(
            actor=request.user,
            scoping_return=scoping_return,
            section=section,
            data=data,
            base_version=base_version,
        )
    saved_at = clock_time(_uk(draft.saved_at))
    return JsonResponse({"saved": True, "saved_at": saved_at, "message": saved_message(draft)})


def _back_to(request, reference: str) -> str:
    """Where to go after discarding: the page named in ?next= if it is this review's, else the
    return's overview (or the agency's task list)."""
    target = request.GET.get("next", "")
    if target.startswith(f"/reviews/{reference}/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    try:
        return reverse("scoping:return_overview", kwargs={"reference": reference})
    except NoReverseMatch:
        return reverse("participation:agency_tasks", kwargs={"reference": reference})


@require_POST
def draft_discard(request, reference, section):
    scoping_return = _own_return(request, reference)
    if not _known_section(scoping_return, section):
        raise Http404("No such section")
    if scoping_return.pk and services.draft_discard(
        actor=request.user, scoping_return=scoping_return, section=section
    ):
        messages.success(request, "Your unsaved answers have been discarded")
    return redirect(_back_to(request, reference))


# --- history and comparison -------------------------------------------------------------------


def _context(scoping_return: ScopingReturn, user) -> dict:
    return {
        "scoping_return": scoping_return,
        "review": scoping_return.review_agency.review,
        "agency": scoping_return.review_agency.agency,
        "return_page": return_page(user, scoping_return),
    }


@require_GET
@audit_page_view
def version_list(request, reference, agency):
    scoping_return = _visible_return(request, reference, agency)
    rows = [
        {"version": version, "when": uk_datetime(version.saved_at)}
        for version in versions.versions_of(scoping_return)
    ]
    return render(
        request,
        "scoping/versions_list.html",
        _context(scoping_return, request.user) | {"rows": rows},
    )


def _small_number(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def _versions_to_compare(request, scoping_return: ScopingReturn, number: int):
    """(left, right) for the comparison page, or None. With ?with=<n>: saved version n beside
    saved version `number`. Else, if a save was refused against `number` (?kept=<k> picks which,
    by default the viewer's latest): the refused answers beside the latest saved version. Else
    version `number` beside the one before it."""
    other = _small_number(request.GET.get("with", ""))
    if other is not None:
        return versions.saved_version(scoping_return, other), versions.saved_version(
            scoping_return, number
        )
    kept_index = _small_number(request.GET.get("kept", "")) or versions.latest_kept_index(
        scoping_return, number, request.user
    )
    if kept_index is not None:
        return versions.latest_saved(scoping_return), versions.kept_version(
            scoping_return, number, kept_index
        )
    previous = (
        scoping_return.versions.exclude(kind="conflict")
        .filter(number__lt=number)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    left = versions.saved_version(scoping_return, previous) if previous else None
    return left, versions.saved_version(scoping_return, number)


@require_GET
@audit_page_view
def version_compare(request, reference, agency, number):
    scoping_return = _visible_return(request, reference, agency)
    if number >= 10**9:  # beyond any version (and the database's integers)
        raise Http404("No such version")
    left, right = _versions_to_compare(request, scoping_return, number)
    if right is None or (left is None and "with" in request.GET):
        raise Http404("No such version")
    before = left.snapshot if left else {}
    comparison = versions.compare(before, right.snapshot)
    return render(
        request,
        "scoping/versions_compare.html",
        _context(scoping_return, request.user)
        | {
            "left": left,
            "right": right,
            "left_when": uk_datetime(left.saved_at) if left else "",
            "right_when": uk_datetime(right.saved_at),
            "comparison": comparison,
            "is_conflict": right.kind == "conflict",
        },
    )
