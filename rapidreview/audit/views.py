from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rapidreview.access import Action, require

from .decorators import audit_page_view
from .queries import events_visible_to


@require_GET
@audit_page_view
def event_list(request):
    require(request.user, Action.VIEW_AUDIT)
    events = events_visible_to(request.user).select_related("actor", "actor_agency")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"page": page})
