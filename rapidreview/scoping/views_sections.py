"""The scoping return's own pages: the task list of sections A–G, each section's page with
"Save and continue", "check your answers", the printable view, and the read-only views the
partnership team (and, once released, everyone on the review) open for an agency's return.

Thin: the review through the person's scope (404 outside it), the agency's row through
`review_agency_of` (the agency's own pages) or the return through `returns_visible_to` (others),
the policy for the action (403 with its reason), a form, `services.section_save`, and
POST/redirect/GET. A return not started yet is shown empty; it is started on the first save.
"""

from django.forms.utils import ErrorDict
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from rapidreview.access.policy import (
    Action,
    can,
    require,
)
from rapidreview.audit.decorators import audit_page_view

from .lookups import own_return as _own_return
from .lookups import visible_return as _agency_return
from .models import ScopingReturn
from .return_summary import (
    declaration_of,
    draft_to_show,
    kept_answers,
    next_section,
    other_agencies,
    return_summary,
)
from .sections import FORMS, NO, YES, SectionEForm, SectionForm, action_rows_wanted
from .services import ReturnError, StaleVersion, return_for, section_save


def _optional_url(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _section_url(reference: str, letter: str) -> str:
    if letter == "C":
        chronology = _optional_url("scoping:chronology", reference=reference)
        if chronology:
            return chronology
        letter = "D"
    return reverse("scoping:section", kwargs={"reference": reference, "letter": letter.lower()})


def _page(scoping_return: ScopingReturn, user) -> dict:
    review_agency = scoping_return.review_agency
    return {
        "review": review_agency.review,
        "review_agency": review_agency,
        "scoping_return": scoping_return,
        "summary": return_summary(scoping_return),
        "may_edit": can(user, Action.EDIT_RETURN, scoping_return),
        "may_act": can(user, Action.ACT_FOR_AGENCY, review_agency),
    }


# --- the agency's own pages -----------------------------------------------------------------------


@require_GET
@audit_page_view
def return_overview(request, reference):
    scoping_return = _own_return(request, reference)
    return render(request, "scoping/return_overview.html", _page(scoping_return, request.user))


@require_GET
@audit_page_view
def return_check(request, reference):
    scoping_return = _own_return(request, reference)
    return render(request, "scoping/return_check.html", _page(scoping_return, request.user))


@require_GET
@audit_page_view
def return_print(request, reference):
    scoping_return = _own_return(request, reference)
    return render(request, "scoping/return_print.html", _page(scoping_return, request.user))


def _form(letter: str, scoping_return: ScopingReturn, *, data=None, initial=None, rows=None):
    form_class = FORMS[letter]
    extra = {}
    if letter == "B":
        declaration = declaration_of(scoping_return.review_agency)
        extra["agencies"] = other_agencies(declaration, scoping_return.review_agency)
    if form_class is SectionEForm:
        extra["rows"] = rows or action_rows_wanted(scoping_return.answers.get("E") or {})
    return form_class(data=data, initial=initial, **extra)


def _rows_posted(data) -> int:
    text = str(data.get("rows", ""))
    return int(text) if text.isdigit() and len(text) < 4 else 0


def _shown_unchecked(form: SectionForm) -> SectionForm:
    """A bound form shown as typed, without judging it yet (a draft, or a row added)."""
    form._errors = ErrorDict()
    return form


def _initial(scoping_return: ScopingReturn, letter: str, answers: dict) -> dict:
    completed = YES if letter in scoping_return.completed_sections else (NO if answers else None)
    return FORMS[letter].initial_from(answers) | {
        "base_version": scoping_return.version,
        "completed": completed,
    }


def _draft_form(scoping_return: ScopingReturn, letter: str, draft) -> SectionForm:
    data = QueryDict(mutable=True)
    for key, value in (draft.data or {}).items():
        data.setlist(str(key), [str(v) for v in value] if isinstance(value, list) else [str(value)])
    data.setlist("base_version", [str(draft.form_base_version)])
    rows = sum(1 for key in data if key.startswith("action_"))
    return _shown_unchecked(_form(letter, scoping_return, data=data, rows=rows))


def _get_section(request, scoping_return: ScopingReturn, letter: str) -> dict:
    """The form for a GET: the saved answers, or the editor's draft, or their refused save."""
    kept = kept_answers(scoping_return, request.user, letter, request.GET.get("kept", ""))
    if kept is not None:
        rows = action_rows_wanted(kept)
        form = _form(
            letter, scoping_return, initial=_initial(scoping_return, letter, kept), rows=rows
        )
        compare = _optional_url(
            "scoping:version_compare",
            reference=scoping_return.review_agency.review.reference,
            agency=scoping_return.review_agency.agency.public_id,
            number=request.GET["kept"],
        )
        return {"form": form, "stale": str(StaleVersion(0, None)), "compare_url": compare}
    draft = draft_to_show(scoping_return, request.user, letter)
    if draft is not None:
        return {"form": _draft_form(scoping_return, letter, draft), "draft": draft}
    answers = scoping_return.answers.get(letter) or {}
    return {
        "form": _form(letter, scoping_return, initial=_initial(scoping_return, letter, answers))
    }


def _save(request, scoping_return: ScopingReturn, letter: str, form: SectionForm):
    """Save the valid form; the redirect to follow, or None with the form's error added."""
    reference = scoping_return.review_agency.review.reference
    try:
        if scoping_return.pk is None:
            scoping_return = return_for(scoping_return.review_agency, actor=request.user)
        section_save(
            actor=request.user,
            scoping_return=scoping_return,
            section=letter,
            answers=form.answers(),
            base_version=form.cleaned_data["base_version"],
            completed=form.is_completed,
        )
    except StaleVersion as stale:
        url = reverse("scoping:section", kwargs={"reference": reference, "letter": letter.lower()})
        return redirect(f"{url}?kept={stale.kept.number}")
    except ReturnError as refused:
        form.add_error(None, str(refused))
        return None
    following = next_section(letter)
    if following is None:
        return redirect("scoping:return_check", reference=reference)
    return redirect(_section_url(reference, following))


@require_http_methods(["GET", "POST"])
@audit_page_view
def section(request, reference, letter):
    letter = letter.upper()
    if letter not in FORMS:
        raise Http404("No such section")
    scoping_return = _own_return(request, reference)
    require(request.user, Action.EDIT_RETURN, scoping_return)
    context = {}
    if request.method == "POST":
        rows = _rows_posted(request.POST)
        if "add_action" in request.POST and letter == "E":
            rows = min(rows + 1, 20)
        form = _form(letter, scoping_return, data=request.POST, rows=rows)
        if "add_action" in request.POST and letter == "E":
            context["added_row"] = True
            form = _shown_unchecked(form)
        elif form.is_valid():
            done = _save(request, scoping_return, letter, form)
            if done is not None:
                return done
        context["form"] = form
    else:
        context |= _get_section(request, scoping_return, letter)
    review_agency = scoping_return.review_agency
    declaration = declaration_of(review_agency) if letter == "B" else None
    return render(
        request,
        f"scoping/section_{letter.lower()}.html",
        _page(scoping_return, request.user)
        | context
        | {"letter": letter, "title": FORMS[letter].title, "declaration": declaration},
    )


# --- others' read-only view of an agency's return -------------------------------------------------


@require_GET
@audit_page_view
def agency_return(request, reference, agency):
    scoping_return = _agency_return(request, reference, agency)
    return render(request, "scoping/return_read.html", _page(scoping_return, request.user))


@require_GET
@audit_page_view
def agency_return_print(request, reference, agency):
    scoping_return = _agency_return(request, reference, agency)
    return render(request, "scoping/return_print.html", _page(scoping_return, request.user))
