"""The returns of a review read together: the merged chronology, the involvement matrix and a
return as a Word document. Thin: scope, policy, query, render."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from rapidreview.access.policy import (
    Action,
    can,
    require,
    returns_visible_to,
    review_agencies_visible_to,
    reviews_visible_to,
)
from rapidreview.audit.decorators import audit_page_view
from rapidreview.reviews.models import RapidReview, ReviewAgency

from . import docx_export
from .forms_merged import ChronologyFilterForm
from .lookups import visible_return
from .merged import involvement_matrix, merged_chronology, people_on
from .models import ReturnState

# The names switch: pseudonyms unless the reader asks for names (`?names=full`). Pseudonyms are
# the default on the page because the merged chronology is often shown on a screen in the
# meeting; the Word export defaults to names (`?names=pseudonyms` for a pseudonymised copy).
NAMES_PARAM, FULL_NAMES, PSEUDONYMS = "names", "full", "pseudonyms"


def _review(request, reference: str) -> RapidReview:
    review = get_object_or_404(
        reviews_visible_to(request.user).select_related("incident"), reference=reference
    )
    require(request.user, Action.VIEW_MERGED_CHRONOLOGY, review)
    return review


@require_GET
@audit_page_view
def merged_chronology_page(request, reference):
    review = _review(request, reference)
    pseudonyms = request.GET.get(NAMES_PARAM) != FULL_NAMES
    people = people_on(review)
    review_agencies = list(
        ReviewAgency.objects.filter(review=review).select_related("agency").order_by("agency__name")
    )
    form = ChronologyFilterForm(
        request.GET, people=people.persons, review_agencies=review_agencies, pseudonyms=pseudonyms
    )
    released = (
        returns_visible_to(request.user)
        .filter(review_agency__review=review, state=ReturnState.RELEASED)
        .select_related("review_agency__agency")
        .order_by("review_agency__agency__name")
    )
    chronology = None
    if form.is_valid():
        chronology = merged_chronology(review, filters=form.filters(), people=people)
    return render(
        request,
        "scoping/merged_chronology.html",
        {
            "review": review,
            "form": form,
            "chronology": chronology,
            "shown_rows": [(row, row.names(pseudonyms)) for row in chronology.rows]
            if chronology
            else [],
            "pseudonyms": pseudonyms,
            "released_returns": list(released),
            "names_param": NAMES_PARAM,
            "full_names": FULL_NAMES,
        },
    )


@require_GET
@audit_page_view
def involvement_matrix_page(request, reference):
    review = _review(request, reference)
    # An agency's declaration is section B of its return: the team and the partners see every
    # one; others see their own agency's and those of returns released to the meeting.
    shared_with = None
    if not can(request.user, Action.VIEW_PARTICIPATION, review):
        own = review_agencies_visible_to(request.user).filter(review=review)
        released = returns_visible_to(request.user).filter(review_agency__review=review)
        shared_with = set(own.values_list("pk", flat=True)) | set(
            released.values_list("review_agency_id", flat=True)
        )
    return render(
        request,
        "scoping/merged_involvement.html",
        {"review": review, "matrix": involvement_matrix(review, shared_with=shared_with)},
    )


@require_GET
def return_docx(request, reference, agency):
    scoping_return = visible_return(request, reference, agency)
    pseudonyms = request.GET.get(NAMES_PARAM) == PSEUDONYMS
    document = docx_export.return_docx(scoping_return, actor=request.user, pseudonyms=pseudonyms)
    response = HttpResponse(document, content_type=docx_export.CONTENT_TYPE)
    filename = docx_export.filename_for(scoping_return)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
