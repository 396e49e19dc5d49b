"""The list of learning themes the partnership team keeps (DOMAIN.md §8), at /learning-themes/:
add a theme, rename one, retire one (no longer offered for new learning points, still shown on
the points that have it) or restore it. A theme is never deleted. The partnership team only.

One page: every change is a POST to it naming what to do (`do`) and, except for adding, which
theme (`theme`); renaming opens the rename form on the same page (?rename=<theme>).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from rapidreview.access.policy import Action, require
from rapidreview.audit.decorators import audit_page_view

from . import records_learning as services
from . import records_queries as queries
from .forms_themes import ThemeForm
from .models import LearningTheme
from .views_records import attempt


def _theme(value: str | None) -> LearningTheme | None:
    """The theme a form or link names, or None if it names none that exists."""
    value = value or ""
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        return None
    return LearningTheme.objects.filter(pk=int(value)).first()


def _post(request) -> tuple[str, ThemeForm | None, LearningTheme | None]:
    """Carry out a POST. Returns a success message ('' if refused), the form to show again
    with its errors (if any) and the theme being renamed."""
    action = request.POST.get("do", "add")
    theme = _theme(request.POST.get("theme"))
    if action in {"rename", "retire", "restore"} and theme is None:
        raise Http404("No such theme")
    if action in {"retire", "restore"}:
        services.theme_set_active(actor=request.user, theme=theme, active=action == "restore")
        verb = "retired" if action == "retire" else "restored"
        return f"{theme.name} {verb}", None, None
    form = ThemeForm(request.POST)
    if action == "rename":
        if (
            form.is_valid()
            and attempt(
                form,
                lambda: services.theme_rename(
                    actor=request.user, theme=theme, name=form.cleaned_data["name"]
                ),
            ).done
        ):
            return "Theme renamed", None, None
        return "", form, theme
    if (
        form.is_valid()
        and attempt(
            form, lambda: services.theme_add(actor=request.user, name=form.cleaned_data["name"])
        ).done
    ):
        return f"{' '.join(form.cleaned_data['name'].split())} added", None, None
    return "", form, None


@require_http_methods(["GET", "POST"])
@audit_page_view
def themes(request):
    require(request.user, Action.MANAGE_THEMES)
    add_form, rename_form, renaming = ThemeForm(), None, None
    if request.method == "POST":
        success, form, renaming = _post(request)
        if success:
            messages.success(request, success)
            return redirect("themes:list")
        if renaming is not None:
            rename_form = form
        else:
            add_form = form
    else:
        renaming = _theme(request.GET.get("rename"))
        if renaming is not None:
            rename_form = ThemeForm(initial={"name": renaming.name})
    rows = queries.themes_with_use()
    return render(
        request,
        "meetings/themes/list.html",
        {
            "add_form": add_form,
            "rename_form": rename_form,
            "renaming": renaming,
            "active": [theme for theme in rows if theme.is_active],
            "retired": [theme for theme in rows if not theme.is_active],
            "form": rename_form or add_form,  # the one whose errors the summary lists
        },
    )
