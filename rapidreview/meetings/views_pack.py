"""The meeting's agenda page and the meeting pack download. Thin: scope (404 outside it), policy
(403 with its reason), query, render."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from rapidreview.access.policy import Action, can, require, reviews_visible_to
from rapidreview.audit.decorators import audit_page_view
from rapidreview.reviews.models import RapidReview

from . import pack
from .agenda import agenda_for, meeting_when
from .models import Meeting


def _review(request, reference: str, action: Action) -> RapidReview:
    review = get_object_or_404(
        reviews_visible_to(request.user).select_related("incident"), reference=reference
    )
    require(request.user, action, review)
    return review


@require_GET
@audit_page_view
def agenda_page(request, reference):
    review = _review(request, reference, Action.VIEW_MEETING)
    meeting = Meeting.objects.filter(review=review).first()
    return render(
        request,
        "meetings/agenda.html",
        {
            "review": review,
            "meeting": meeting,
            "when": meeting_when(meeting) if meeting else "",
            "items": agenda_for(review),
            "can_download": meeting is not None
            and can(request.user, Action.DOWNLOAD_MEETING_PACK, review),
        },
    )


@require_GET
def pack_download(request, reference):
    """The pack, made for this reader now. No meeting arranged yet: nothing to download (404)."""
    review = get_object_or_404(
        reviews_visible_to(request.user).select_related("incident"), reference=reference
    )
    meeting = get_object_or_404(Meeting.objects.select_related("review__incident"), review=review)
    require(request.user, Action.DOWNLOAD_MEETING_PACK, review)
    made = pack.meeting_pack(meeting, reader=request.user)
    response = HttpResponse(made.content, content_type=pack.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{pack.filename_for(review)}"'
    response["Cache-Control"] = "no-store"
    return response
