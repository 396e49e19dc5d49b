"""Logging a serious incident notification: GOV.UK question pages, "add multiple things" for the
children and the family, and "check answers". The answers wait in a server-side draft until the
person confirms them; only then is anything saved to the real records."""

from contextlib import suppress

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from rapidreview.access.policy import Action, intake_drafts_visible_to, require
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core import calendar

from . import intake, services
from .forms import (
    AboutForm,
    AddAnotherForm,
    ChildForm,
    ConfirmRemoveForm,
    DatesForm,
    FamilyMemberForm,
    ScopingForm,
)
from .models import IntakeDraft
from .rules import normalise_pseudonym

# The pages in order; "Continue" on each goes to the next, or back to check answers.
NEXT_PAGE = {
    intake.ABOUT: "reviews:intake_dates",
    intake.DATES: "reviews:intake_children",
    intake.CHILDREN: "reviews:intake_family",
    intake.FAMILY: "reviews:intake_scoping",
    intake.SCOPING: "reviews:intake_check",
}
PAGE_OF = {
    intake.ABOUT: "reviews:intake_about",
    intake.DATES: "reviews:intake_dates",
    intake.CHILDREN: "reviews:intake_children",
    intake.FAMILY: "reviews:intake_family",
    intake.SCOPING: "reviews:intake_scoping",
}
ITEM_WORDS = {
    intake.CHILDREN: {
        "one": "child",
        "add_question": "Do you need to add another child?",
        "add_first_question": "Do you need to add a child?",
        "add_required": "Select yes if you need to add another child",
        "add_url": "reviews:intake_child_add",
        "edit_url": "reviews:intake_child_edit",
        "remove_url": "reviews:intake_child_remove",
    },
    intake.FAMILY: {
        "one": "family or household member",
        "add_question": "Do you need to add another family or household member?",
        "add_first_question": "Do you need to add a family or household member?",
        "add_required": "Select yes if you need to add a family or household member",
        "add_url": "reviews:intake_family_add",
        "edit_url": "reviews:intake_family_edit",
        "remove_url": "reviews:intake_family_remove",
    },
}


def _draft(request, draft_id) -> IntakeDraft:
    require(request.user, Action.CREATE_INCIDENT)
    return get_object_or_404(
        intake_drafts_visible_to(request.user).filter(updated_at__gte=intake.draft_stale_before()),
        public_id=draft_id,
    )


def _returning(request) -> bool:
    return request.GET.get("return") == "check"


def _onward(request, draft: IntakeDraft, section: str):
    """Where "Continue" goes: the next page, or back to check answers if that is where they came from."""
    name = "reviews:intake_check" if _returning(request) else NEXT_PAGE[section]
    return redirect(name, draft_id=draft.public_id)


def _context(request, draft: IntakeDraft, **extra) -> dict:
    return {"draft": draft, "returning": _returning(request), **extra}


@require_http_methods(["GET", "POST"])
def intake_start(request):
    require(request.user, Action.CREATE_INCIDENT)
    if request.method == "POST":
        draft = intake.draft_start(actor=request.user)
        return redirect("reviews:intake_about", draft_id=draft.public_id)
    drafts = intake_drafts_visible_to(request.user).filter(
        updated_at__gte=intake.draft_stale_before()
    )
    return render(request, "reviews/intake/start.html", {"drafts": drafts})


def _section_page(request, draft_id, section: str, form_class, template: str, form_kwargs):
    draft = _draft(request, draft_id)
    notification = intake.draft_notification(draft)
    initial = getattr(notification, section) or {}
    form = form_class(request.POST or None, initial=initial, **form_kwargs(notification))
    if request.method == "POST" and form.is_valid():
        intake.draft_save_section(draft=draft, section=section, values=form.cleaned_data)
        return _onward(request, draft, section)
    return render(request, template, _context(request, draft, form=form))


@require_http_methods(["GET", "POST"])
@audit_page_view
def intake_about(request, draft_id):
    return _section_page(
        request,
        draft_id,
        intake.ABOUT,
        AboutForm,
        "reviews/intake/about.html",
        form_kwargs=lambda notification: {},
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def intake_dates(request, draft_id):
    return _section_page(
        request,
        draft_id,
        intake.DATES,
        DatesForm,
        "reviews/intake/dates.html",
        form_kwargs=lambda notification: {"today": calendar.today()},
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def intake_scoping(request, draft_id):
    return _section_page(
        request,
        draft_id,
        intake.SCOPING,
        ScopingForm,
        "reviews/intake/scoping.html",
        form_kwargs=lambda notification: {
            "today": calendar.today(),
            "incident_date": _incident_date(notification),
        },
    )


def _incident_date(notification):
    return notification.dates["incident_date"] if notification.dates else None


# --- children and family: add multiple things --------------------------------------------------


def _item_form(section: str, notification, data=None, *, initial=None, except_id=None):
    taken = intake.taken_pseudonyms(notification, section=section, except_id=except_id)
    today = calendar.today()
    if section == intake.CHILDREN:
        return ChildForm(
            data,
            initial=initial,
            incident_date=_incident_date(notification),
            taken=taken,
            today=today,
        )
    return FamilyMemberForm(data, initial=initial, taken=taken, today=today)


@require_http_methods(["GET", "POST"])
@audit_page_view
def intake_items(request, draft_id, section):
    draft = _draft(request, draft_id)
    notification = intake.draft_notification(draft)
    items = getattr(notification, section)
    words = ITEM_WORDS[section]
    if section == intake.CHILDREN and not items and request.method == "GET":
        # Add multiple things: with nothing added yet, go straight to adding the first.
        return redirect(_keep_return(request, reverse(words["add_url"], args=[draft.public_id])))
    form = AddAnotherForm(
        request.POST or None,
        question=words["add_question"] if items else words["add_first_question"],
        required_message=words["add_required"],
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            return redirect(
                _keep_return(request, reverse(words["add_url"], args=[draft.public_id]))
            )
        if section == intake.CHILDREN and not items:
            form.add_error("add_another", "Add at least one child")
        else:
            return _onward(request, draft, section)
    return render(
        request,
        f"reviews/intake/{section}.html",
        _context(request, draft, form=form, items=items, words=words, section=section),
    )


def _keep_return(request, url: str) -> str:
    return f"{url}?return=check" if _returning(request) else url


@require_http_methods(["GET", "POST"])
@audit_page_view
def intake_item_add(request, draft_id, section):
    draft = _draft(request, draft_id)
    notification = intake.draft_notification(draft)
    initial = {}
    if section == intake.CHILDREN:
        initial["pseudonym"] = _suggested_child_pseudonym(notification)
    form = _item_form(section, notification, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        intake.draft_save_item(draft=draft, section=section, values=form.cleaned_data)
        return redirect(_keep_return(request, reverse(PAGE_OF[section], args=[draft.public_id])))
    return render(
        request,
        f"reviews/intake/{section}_form.html",
        _context(request, draft, form=form, words=ITEM_WORDS[section], adding=True),
    )


def _suggested_child_pseudonym(notification) -> str:
    taken = {
        normalise_pseudonym(item["pseudonym"])
        for item in [*notification.children, *notification.family]
    }
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if normalise_pseudonym(f"Child {letter}") not in taken:
            return f"Child {letter}"
    return ""


@require_http_methods(["GET", "POST"])
@audit_page_view
def intake_item_edit(request, draft_id, section, item_id):
    draft = _draft(request, draft_id)
    notification = intake.draft_notification(draft)
    try:
        item = intake.draft_item(draft, section, item_id)
    except intake.DraftItemNotFound:
        return redirect(PAGE_OF[section], draft_id=draft.public_id)
    form = _item_form(section, notification, request.POST or None, initial=item, except_id=item_id)
    if request.method == "POST" and form.is_valid():
        # Removed in another tab meanwhile? Then the list shows what is left.
        with suppress(intake.DraftItemNotFound):
            intake.draft_save_item(
                draft=draft, section=section, values=form.cleaned_data, item_id=item_id
            )
        return redirect(_keep_return(request, reverse(PAGE_OF[section], args=[draft.public_id])))
    return render(
        request,
        f"reviews/intake/{section}_form.html",
        _context(request, draft, form=form, words=ITEM_WORDS[section], adding=False, item=item),
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def intake_item_remove(request, draft_id, section, item_id):
    draft = _draft(request, draft_id)
    back = _keep_return(request, reverse(PAGE_OF[section], args=[draft.public_id]))
    try:
        item = intake.draft_item(draft, section, item_id)
    except intake.DraftItemNotFound:
        return redirect(back)
    form = ConfirmRemoveForm(
        request.POST or None,
        question=f"Are you sure you want to remove {item['pseudonym']}?",
        required_message=f"Select yes if you want to remove {item['pseudonym']}",
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            with suppress(intake.DraftItemNotFound):
                intake.draft_remove_item(draft=draft, section=section, item_id=item_id)
        return redirect(back)
    return render(
        request,
        "reviews/intake/remove.html",
        _context(request, draft, form=form, item=item, back=back),
    )


# --- check answers ------------------------------------------------------------------------------


def _change_url(draft: IntakeDraft, problem: intake.Located) -> str:
    if problem.item_id and problem.section in ITEM_WORDS:
        url = reverse(
            ITEM_WORDS[problem.section]["edit_url"], args=[draft.public_id, problem.item_id]
        )
    else:
        url = reverse(PAGE_OF[problem.section], args=[draft.public_id])
    return f"{url}?return=check"


@require_http_methods(["GET", "POST"])
@audit_page_view
def intake_check(request, draft_id):
    draft = _draft(request, draft_id)
    notification = intake.draft_notification(draft)
    problems, warnings = intake.check_notification(notification, today=calendar.today())
    if request.method == "POST" and not problems:
        try:
            incident = services.draft_confirm(
                actor=request.user, draft=draft, notification=notification
            )
        except services.NotificationInvalid as error:
            problems = error.problems
        else:
            messages.success(request, f"Notification {incident.sin_reference} logged")
            return redirect("reviews:incident_detail", public_id=incident.public_id)
    return render(
        request,
        "reviews/intake/check.html",
        _context(
            request,
            draft,
            notification=notification,
            problems=[(problem, _change_url(draft, problem)) for problem in problems],
            warnings=warnings,
            tried=request.method == "POST",
        ),
    )


@require_http_methods(["GET", "POST"])
def intake_cancel(request, draft_id):
    draft = _draft(request, draft_id)
    if request.method == "POST":
        intake.draft_discard(draft=draft)
        messages.success(request, "The notification you were entering has been deleted")
        return redirect("core:home")
    return render(request, "reviews/intake/cancel.html", _context(request, draft))
