"""The partnership team's page for the working-day calendar: bank holidays, and the closure days
it adds and removes. Thin: policy, form, service, render."""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rapidreview.access import Action, require
from rapidreview.core.dates import long_date

from . import calendar
from .forms import ClosureDayForm
from .models import NonWorkingDay


def _year_shown(request) -> int:
    text = request.GET.get("year", "")
    if text.isdigit() and 1900 <= int(text) <= 2100:
        return int(text)
    return calendar.today().year


@require_GET
def closure_days(request):
    require(request.user, Action.MANAGE_CALENDAR)
    year = _year_shown(request)
    closures = NonWorkingDay.objects.filter(kind=NonWorkingDay.Kind.CLOSURE_DAY).select_related(
        "created_by"
    )
    bank_holidays = NonWorkingDay.objects.filter(
        kind=NonWorkingDay.Kind.BANK_HOLIDAY, date__year=year
    )
    return render(
        request,
        "core/closure_days.html",
        {
            "closures": closures,
            "bank_holidays": bank_holidays,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


@require_http_methods(["GET", "POST"])
def closure_day_add(request):
    require(request.user, Action.MANAGE_CALENDAR)
    form = ClosureDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["date"]
        try:
            calendar.closure_day_add(actor=request.user, day=day, name=form.cleaned_data["name"])
        except calendar.CalendarError as exc:
            form.add_error("date", str(exc))
        else:
            messages.success(request, f"Closure day added: {long_date(day)}")
            return redirect("core:closure_days")
    return render(request, "core/closure_day_form.html", {"form": form})


@require_POST
def closure_day_remove(request, day: str):
    require(request.user, Action.MANAGE_CALENDAR)
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise Http404("No such closure day") from None
    closure = get_object_or_404(
        NonWorkingDay.objects.filter(kind=NonWorkingDay.Kind.CLOSURE_DAY), date=when
    )
    calendar.closure_day_remove(actor=request.user, closure=closure)
    messages.success(request, f"Closure day removed: {long_date(when)}")
    return redirect("core:closure_days")
