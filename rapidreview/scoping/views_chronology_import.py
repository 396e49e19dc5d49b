"""Importing a chronology from a CSV or Excel file, under /reviews/<reference>/our-work/return/
chronology/import/:

1. upload the file: checked by content (CSV as UTF-8 text, or a real .xlsx workbook) and read
   straight away, so a file that cannot be used is refused beside the field; a good file is kept
   encrypted (`documents.services.file_store`, owned by the agency) until the import ends;
2. match the columns: for each of our fields, the file's column (guessed from the headers);
3. every row is checked: if any row has a problem, NOTHING is imported and the page lists each
   problem with its row number, so the person fixes the file and uploads it again; otherwise all
   the rows are added in one transaction and the kept file is deleted.

Only the person who uploaded a file can continue its import (any other request for it is a 404).
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from rapidreview.access.policy import Action, require
from rapidreview.audit.decorators import audit_page_view
from rapidreview.documents.models import StoredFile
from rapidreview.documents.services import FileIntegrityError, file_open, file_store
from rapidreview.documents.storage import documents_storage
from rapidreview.reviews.models import Child, FamilyMember

from . import chronology
from .chronology_import import MAX_REPORTED, FileProblem, guess_mapping, parse_rows, read_table
from .forms_chronology import IMPORT_KINDS, ImportMappingForm, ImportUploadForm
from .lookups import own_return, started
from .services import ReturnError
from .views_chronology import list_url

# The session remembers the person's latest upload (its public id only), to discard it when they
# upload another.
_SESSION_KEY = "chronology_import_upload"


def _editable_return(request, reference):
    scoping_return = own_return(request, reference)
    require(request.user, Action.EDIT_RETURN, scoping_return)
    return scoping_return


@require_http_methods(["GET", "POST"])
@audit_page_view
def import_upload(request, reference):
    scoping_return = _editable_return(request, reference)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                _discard_earlier_upload(request, scoping_return)
                stored = file_store(
                    actor=request.user,
                    uploaded_file=form.cleaned_data["file"],
                    owner_agency=scoping_return.review_agency.agency,
                    review_reference=reference,
                )
        except ValidationError as error:  # the upload, checked again when stored
            form.add_error("file", error.messages[0])
        else:
            request.session[_SESSION_KEY] = str(stored.public_id)
            return redirect(
                "scoping:chronology_import_map", reference=reference, file_id=stored.public_id
            )
    return _upload_page(request, scoping_return, form)


def _upload_page(request, scoping_return, form, refusal=""):
    review = scoping_return.review_agency.review
    return render(
        request,
        "scoping/chronology_import_upload.html",
        {
            "review": review,
            "form": form,
            "refusal": refusal,
            "template_url": reverse(
                "scoping:chronology_template", kwargs={"reference": review.reference}
            ),
            "back_url": list_url(scoping_return),
        },
    )


def _uploaded(request, scoping_return, file_id) -> StoredFile:
    """The file this person uploaded for this return's import, or 404."""
    stored = StoredFile.objects.filter(
        public_id=file_id,
        uploaded_by=request.user,
        owner_agency=scoping_return.review_agency.agency,
        review_reference=scoping_return.review_agency.review.reference,
        kind__in=IMPORT_KINDS,
    ).first()
    if stored is None:
        raise Http404("No such upload")
    return stored


def _discard_earlier_upload(request, scoping_return) -> None:
    """A new upload replaces this person's earlier one that was never imported (a file with
    problems, fixed and uploaded again), so it is not kept."""
    earlier = request.session.get(_SESSION_KEY, "")
    try:
        stored = _uploaded(request, scoping_return, uuid.UUID(earlier)) if earlier else None
    except (ValueError, Http404):
        stored = None
    if stored is not None:
        _discard(stored)


def _discard(stored: StoredFile) -> None:
    storage_name = stored.storage_name
    stored.delete()
    transaction.on_commit(lambda: documents_storage().delete(storage_name))


@require_http_methods(["GET", "POST"])
@audit_page_view
def import_map(request, reference, file_id):
    scoping_return = _editable_return(request, reference)
    stored = _uploaded(request, scoping_return, file_id)
    try:
        table = read_table(file_open(actor=request.user, stored_file=stored).read(), stored.kind)
    except (FileProblem, FileIntegrityError):
        return _upload_page(
            request,
            scoping_return,
            ImportUploadForm(),
            "The file could not be read. Upload it again.",
        )
    form = ImportMappingForm(
        request.POST or None, headers=table.headers, initial=guess_mapping(table.headers)
    )
    problems: list[str] = []
    refusal = ""
    if request.method == "POST" and form.is_valid():
        incident = scoping_return.review_agency.review.incident
        people = [
            *Child.objects.filter(incident=incident),
            *FamilyMember.objects.filter(incident=incident),
        ]
        rows, problems = parse_rows(table, form.cleaned_data, people, incident)
        if not problems:
            try:
                with transaction.atomic():
                    scoping_return = started(request, scoping_return)
                    count = chronology.rows_import(
                        actor=request.user,
                        scoping_return=scoping_return,
                        rows=rows,
                        file_kind=stored.kind,
                    )
                    _discard(stored)
            except chronology.RowInvalid as invalid:
                problems = [problem.message for problem in invalid.problems]
            except ReturnError as error:
                refusal = str(error)
            else:
                messages.success(request, f"{count} chronology rows imported")
                return redirect(list_url(scoping_return))
    return render(
        request,
        "scoping/chronology_import_map.html",
        {
            "review": scoping_return.review_agency.review,
            "form": form,
            "headers": table.headers,
            "row_count": len(table.rows),
            "file_name": stored.original_name,
            "problems": problems[:MAX_REPORTED],
            "more_problems": max(0, len(problems) - MAX_REPORTED),
            "refusal": refusal,
            "upload_url": reverse("scoping:chronology_import", kwargs={"reference": reference}),
            "back_url": list_url(scoping_return),
        },
    )
