"""Section C, the chronology: the agency's own pages under /reviews/<reference>/our-work/return/
chronology/ (add, change, remove rows; export), and the read-only view of an agency's chronology
for the partnership team (and, after release, everyone taking part) under /reviews/<reference>/
returns/<agency public_id>/chronology/. The import is in `views_chronology_import.py`.

Thin views: scope (404 outside), policy (403 with a reason), form, service, redirect.
"""

from django.contrib import messages
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from rapidreview.access.policy import Action, can, require
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core.dates import clock_time
from rapidreview.participation.records_queries import named_individuals
from rapidreview.participation.views_records import agency_part, tasks_url

from . import chronology
from .chronology_export import XLSX_TYPE, chronology_workbook, template_csv
from .forms_chronology import ChronologyRowForm, row_initial
from .lookups import own_return, started
from .lookups import visible_return as agency_return
from .models import ScopingReturn
from .services import ReturnError, StaleVersion
from .versions import draft_for


def list_url(scoping_return: ScopingReturn) -> str:
    return reverse(
        "scoping:chronology", kwargs={"reference": scoping_return.review_agency.review.reference}
    )


def optional_url(name: str, **kwargs) -> str:
    """The URL of a page another part of the service may not have added yet, or ''."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _overview_url(scoping_return: ScopingReturn) -> str:
    reference = scoping_return.review_agency.review.reference
    found = optional_url("scoping:return_overview", reference=reference)
    return found or tasks_url(scoping_return.review_agency.review)


def _table_page(request, scoping_return, *, own: bool):
    review = scoping_return.review_agency.review
    if own:
        export_url = reverse("scoping:chronology_export", kwargs={"reference": review.reference})
        back_url = _overview_url(scoping_return)
    else:
        kwargs = {
            "reference": review.reference,
            "agency": scoping_return.review_agency.agency.public_id,
        }
        export_url = reverse("scoping:agency_chronology_export", kwargs=kwargs)
        back_url = optional_url("scoping:agency_return", **kwargs) or reverse(
            "reviews:review_detail", kwargs={"reference": review.reference}
        )
    return render(
        request,
        "scoping/chronology_list.html",
        {
            "review": review,
            "scoping_return": scoping_return,
            "agency": scoping_return.review_agency.agency,
            "rows": [
                (
                    row,
                    chronology.people_of(row),
                    clock_time(row.occurred_at) if row.occurred_at else "",
                )
                for row in (chronology.rows_of(scoping_return) if scoping_return.pk else [])
            ],
            "own": own,
            "can_edit": own and can(request.user, Action.EDIT_RETURN, scoping_return),
            "export_url": export_url,
            "back_url": back_url,
        },
    )


@require_GET
@audit_page_view
def chronology_list(request, reference):
    return _table_page(request, own_return(request, reference), own=True)


@require_GET
@audit_page_view
def agency_chronology(request, reference, agency):
    return _table_page(request, agency_return(request, reference, agency), own=False)


def _row_form_page(request, scoping_return, form, *, row=None, refusal="", stale=None, draft=None):
    review = scoping_return.review_agency.review
    section = f"C:{row.public_id}" if row else "C:new"
    compare_url = ""
    if stale is not None:
        compare_url = optional_url(
            "scoping:version_compare",
            reference=review.reference,
            agency=scoping_return.review_agency.agency.public_id,
            number=stale.kept.number,
        )
    return render(
        request,
        "scoping/chronology_form.html",
        {
            "review": review,
            "form": form,
            "row": row,
            "refusal": refusal,
            "stale": stale,
            "draft": draft,
            "compare_url": compare_url,
            "autosave_url": optional_url(
                "scoping:autosave", reference=review.reference, section=section
            ),
            "base_version": scoping_return.version,
            "back_url": list_url(scoping_return),
        },
    )


def _draft(request, scoping_return, row):
    """The editor's autosaved, unsaved values for this row (or a new one), if any."""
    if request.method != "GET" or scoping_return.pk is None:
        return None
    return draft_for(scoping_return, request.user, f"C:{row.public_id}" if row else "C:new")


def _draft_data(draft) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in (draft.data or {}).items():
        data.setlist(str(key), [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return data


def _row_form(request, scoping_return, row=None):
    review = scoping_return.review_agency.review
    people = named_individuals(review)
    initial = row_initial(row, people) if row else {}
    draft = _draft(request, scoping_return, row)
    data = _draft_data(draft) if draft else (request.POST or None)
    form = ChronologyRowForm(data, people=people, incident=review.incident, initial=initial)
    if draft:
        form._errors = ErrorDict()  # shown as typed, not judged until it is saved
    refusal, stale = "", None
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            if row is None:
                scoping_return = started(request, scoping_return)
                chronology.row_add(actor=request.user, scoping_return=scoping_return, values=values)
            else:
                base = form.cleaned_data.get("revision")
                chronology.row_change(
                    actor=request.user,
                    row=row,
                    values=values,
                    base_revision=row.revision if base is None else base,
                )
        except chronology.RowInvalid as invalid:
            for problem in invalid.problems:
                form.add_error(
                    problem.field if problem.field in form.fields else None, problem.message
                )
        except StaleVersion as refused:
            stale = refused
        except ReturnError as error:
            refusal = str(error)
        else:
            messages.success(request, "Chronology row saved")
            return redirect(list_url(scoping_return))
    return _row_form_page(
        request, scoping_return, form, row=row, refusal=refusal, stale=stale, draft=draft
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def row_add(request, reference):
    scoping_return = own_return(request, reference)
    require(request.user, Action.EDIT_RETURN, scoping_return)
    return _row_form(request, scoping_return)


def _own_row(request, reference, row_id):
    scoping_return = own_return(request, reference)
    if scoping_return.pk is None:
        raise Http404("No chronology yet")
    row = get_object_or_404(scoping_return.chronology, public_id=row_id)
    row.scoping_return = scoping_return
    require(request.user, Action.EDIT_RETURN, scoping_return)
    return scoping_return, row


@require_http_methods(["GET", "POST"])
@audit_page_view
def row_edit(request, reference, row_id):
    scoping_return, row = _own_row(request, reference, row_id)
    return _row_form(request, scoping_return, row)


@require_http_methods(["GET", "POST"])
@audit_page_view
def row_remove(request, reference, row_id):
    scoping_return, row = _own_row(request, reference, row_id)
    refusal = ""
    if request.method == "POST":
        try:
            chronology.row_remove(actor=request.user, row=row)
        except ReturnError as error:
            refusal = str(error)
        else:
            messages.success(request, "Chronology row removed")
            return redirect(list_url(scoping_return))
    return render(
        request,
        "scoping/chronology_remove.html",
        {
            "review": scoping_return.review_agency.review,
            "row": row,
            "people": chronology.people_of(row),
            "refusal": refusal,
            "back_url": list_url(scoping_return),
        },
    )


def _xlsx_response(scoping_return: ScopingReturn, actor) -> HttpResponse:
    if scoping_return.pk is None:
        raise Http404("No chronology yet")
    content, _ = chronology_workbook(scoping_return, actor=actor)
    reference = scoping_return.review_agency.review.reference
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{reference}-chronology.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def chronology_export(request, reference):
    return _xlsx_response(own_return(request, reference), request.user)


@require_GET
def agency_chronology_export(request, reference, agency):
    return _xlsx_response(agency_return(request, reference, agency), request.user)


@require_GET
def chronology_template(request, reference):
    agency_part(request, reference)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="chronology-template.csv"'
    return response
