"""The audit trail pages, for the partnership team and the scrutineer. Thin: policy, filter,
query, render."""

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from rapidreview.access import Action, require
from rapidreview.core.dates import UK_TIME

from .decorators import audit_page_view
from .export import csv_lines
from .forms import AuditFilterForm
from .models import Verb
from .queries import audit_events, last_sequence
from .services import audit_record

EVENTS_PER_PAGE = 50


@require_GET
@audit_page_view
def event_list(request):
    require(request.user, Action.VIEW_AUDIT)
    # Always bound: an empty query string is a valid form with no filters.
    form = AuditFilterForm(request.GET)
    page = None
    if form.is_valid():
        events = audit_events(viewer=request.user, **form.filters())
        page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number) if page else [],
            "selected": form.selected() if page else [],
        },
    )


@require_GET
def export_csv(request):
    require(request.user, Action.VIEW_AUDIT)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        # The list page shows what is wrong beside the field, with the other answers kept.
        return redirect(f"{reverse('audit:event_list')}?{request.GET.urlencode()}")
    # Fix the export to the events that exist now, so the count recorded is the count sent.
    events = audit_events(viewer=request.user, **form.filters()).filter(
        sequence__lte=last_sequence()
    )
    rows = events.count()
    audit_record(
        actor=request.user,
        verb=Verb.EXPORTED,
        payload={
            "export": "audit trail",
            "format": "csv",
            "filters": form.filters_for_record(),
            "rows": rows,
        },
    )
    today = timezone.now().astimezone(UK_TIME).date()
    response = StreamingHttpResponse(csv_lines(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{today}.csv"'
    return response
