from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rapidreview.accounts.models import Role
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core.calendar import today
from rapidreview.participation.tasks_response import references_with_agency_tasks
from rapidreview.reviews.queries import dashboard_for


@require_GET
@audit_page_view
def home(request):
    membership = getattr(request.user, "membership", None)
    return render(
        request,
        "core/home.html",
        {
            "membership": membership,
            "is_partnership_team": membership is not None
            and membership.role == Role.PARTNERSHIP_TEAM,
            "dashboard": dashboard_for(request.user, today=today()),
            "agency_task_references": references_with_agency_tasks(request.user),
        },
    )


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html")


@login_not_required
@require_GET
def privacy(request):
    return render(request, "core/privacy.html")


def error_400(request, exception=None):
    return render(request, "core/400.html", status=400)


def error_403(request, exception=None):
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "core/403.html", {"reason": reason}, status=403)


def error_404(request, exception=None):
    return render(request, "core/404.html", status=404)


def error_500(request):
    return render(request, "core/500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "core/csrf_failure.html", status=403)
