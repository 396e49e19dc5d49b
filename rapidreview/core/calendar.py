"""The working-day calendar as the rest of the service uses it: the non-working days from the
`NonWorkingDay` table, fed to the pure arithmetic in `workdays` (read its docstring for the
day-0 convention), plus the use cases that change the table.

Bank holidays come from the pinned `holidays` package (UK, subdivision England, which is the
England & Wales list) and are loaded into the table by a data migration and by
`rapidreview workdays load-bank-holidays`. Nothing here fetches anything from the internet.

The table is read at most once per request (and again after a change), never cached across
requests: another process may have added a closure day since.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import holidays
from django.db import IntegrityError, transaction
from django.utils import timezone

from rapidreview.audit.context import current_request
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.core.dates import long_date

from . import workdays
from .models import NonWorkingDay

BANK_HOLIDAY = NonWorkingDay.Kind.BANK_HOLIDAY.value
CLOSURE_DAY = NonWorkingDay.Kind.CLOSURE_DAY.value

_SATURDAY = 5

# The package's names for the regular holidays, in the words GOV.UK uses.
_GOVUK_NAMES = {
    "May Day": "Early May bank holiday",
    "Spring Bank Holiday": "Spring bank holiday",
    "Late Summer Bank Holiday": "Summer bank holiday",
}


def today() -> date:
    """Today's date in England (settings.TIME_ZONE). Tests move it with time-machine."""
    return timezone.localdate()


class CalendarError(Exception):
    """A change to the calendar refused for a reason the person can act on."""


class CalendarNotLoadedError(LookupError):
    """The arithmetic was asked about a year whose bank holidays are not in the table.

    Counting such a year as weekends only would give a wrong statutory date without a word,
    so it stops instead.
    """


# --- bank holidays from the `holidays` package ------------------------------------------------


def bank_holidays_england_and_wales(first_year: int, last_year: int) -> dict[date, str]:
    """England & Wales bank holidays that fall on a weekday, with their names.

    The package also lists the day itself when it falls at a weekend (Christmas Day on a
    Saturday, say); the substitute weekday it lists beside it is the bank holiday.
    """
    if first_year > last_year:
        raise ValueError(f"The first year ({first_year}) is after the last ({last_year})")
    found = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(first_year, last_year + 1), language="en_GB"
    )
    return {
        day: _govuk_name(name) for day, name in sorted(found.items()) if day.weekday() < _SATURDAY
    }


def _govuk_name(name: str) -> str:
    # Two holidays on one date come joined by "; " (it has not happened in England so far).
    parts = []
    for part in name.split("; "):
        substitute = part.endswith(" (observed)")
        base = part.removesuffix(" (observed)")
        base = _GOVUK_NAMES.get(base, base)
        parts.append(f"{base} (substitute day)" if substitute else base)
    return "; ".join(parts)


@dataclass
class LoadResult:
    added: list[date] = field(default_factory=list)
    renamed: list[date] = field(default_factory=list)
    removed: list[date] = field(default_factory=list)
    # Closure days the partnership added on what the package now calls a bank holiday: they stay
    # as they are, because the day is not a working day either way.
    already_closure_days: list[date] = field(default_factory=list)


def load_bank_holidays(first_year: int, last_year: int, *, model: Any = None) -> LoadResult:
    """Make the table's bank holidays for these years match the `holidays` package.

    Safe to run again and again: it adds what is missing, corrects names, and removes bank
    holidays the package no longer lists. It never touches the partnership's closure days.
    `model` lets a data migration pass its historical model.
    """
    model = model or NonWorkingDay
    wanted = bank_holidays_england_and_wales(first_year, last_year)
    result = LoadResult()
    with transaction.atomic():
        existing = {
            row.date: row
            for row in model.objects.select_for_update().filter(
                date__gte=date(first_year, 1, 1), date__lte=date(last_year, 12, 31)
            )
        }
        for day, name in wanted.items():
            row = existing.get(day)
            if row is None:
                model.objects.create(date=day, name=name, kind=BANK_HOLIDAY)
                result.added.append(day)
            elif row.kind != BANK_HOLIDAY:
                result.already_closure_days.append(day)
            elif row.name != name:
                row.name = name
                row.save(update_fields=["name"])
                result.renamed.append(day)
        for day, row in existing.items():
            if row.kind == BANK_HOLIDAY and day not in wanted:
                row.delete()
                result.removed.append(day)
    invalidate()
    return result


# --- reading the table, once per request ------------------------------------------------------


@dataclass(frozen=True)
class _Snapshot:
    closures: frozenset[date]
    bank_holiday_years: frozenset[int]


# (request id, snapshot). Only set while a request is being served: outside one (commands,
# tests, the worker) every call reads the table afresh.
_memo: ContextVar[tuple[str, _Snapshot] | None] = ContextVar("calendar_memo", default=None)


def _snapshot() -> _Snapshot:
    request_id = current_request.get().request_id
    memo = _memo.get()
    if request_id and memo is not None and memo[0] == request_id:
        return memo[1]
    rows = list(NonWorkingDay.objects.values_list("date", "kind"))
    snapshot = _Snapshot(
        closures=frozenset(day for day, _ in rows),
        bank_holiday_years=frozenset(day.year for day, kind in rows if kind == BANK_HOLIDAY),
    )
    if request_id:
        _memo.set((request_id, snapshot))
    return snapshot


def invalidate() -> None:
    """Forget what this request has read, so the next question reads the table again."""
    _memo.set(None)


def non_working_days() -> frozenset[date]:
    """Every bank holiday and closure day in the table (weekends are not listed)."""
    return _snapshot().closures


def _require_loaded(snapshot: _Snapshot, *days: date) -> None:
    years = range(min(days).year, max(days).year + 1)
    missing = [year for year in years if year not in snapshot.bank_holiday_years]
    if missing:
        shown = str(missing[0]) if len(missing) == 1 else f"{missing[0]} to {missing[-1]}"
        raise CalendarNotLoadedError(
            f"Bank holidays for {shown} are not loaded. Run: rapidreview workdays "
            f"load-bank-holidays --from {missing[0]} --to {missing[-1]}"
        )


def is_working_day(day: date) -> bool:
    snapshot = _snapshot()
    _require_loaded(snapshot, day)
    return workdays.is_working_day(day, closures=snapshot.closures)


def add_working_days(start: date, n: int) -> date:
    """`workdays.add_working_days` over the table's non-working days."""
    snapshot = _snapshot()
    _require_loaded(snapshot, start)
    result = workdays.add_working_days(start, n, closures=snapshot.closures)
    _require_loaded(snapshot, start, result)
    return result


def working_days_between(a: date, b: date) -> int:
    """`workdays.working_days_between` over the table's non-working days."""
    snapshot = _snapshot()
    _require_loaded(snapshot, a, b)
    return workdays.working_days_between(a, b, closures=snapshot.closures)


# --- the partnership's closure days -----------------------------------------------------------


def closure_day_add(*, actor: Any, day: date, name: str) -> NonWorkingDay:
    """Add a closure day: a weekday the partnership does not count as a working day."""
    if day.weekday() >= _SATURDAY:
        raise CalendarError(f"{long_date(day)} is a {day:%A}, so it is not a working day anyway")
    try:
        with transaction.atomic():
            closure = NonWorkingDay(date=day, name=name, kind=CLOSURE_DAY, created_by=actor)
            closure.save(force_insert=True)
            audit_record(
                actor=actor,
                verb=Verb.CLOSURE_DAY_ADDED,
                target=closure,
                payload={"date": day.isoformat(), "name": name},
            )
    except IntegrityError as exc:
        existing = NonWorkingDay.objects.filter(date=day).first()
        what = existing.name if existing else "another day off"
        raise CalendarError(f"{long_date(day)} is already a non-working day ({what})") from exc
    invalidate()
    return closure


def closure_day_remove(*, actor: Any, closure: NonWorkingDay) -> None:
    """Remove a closure day. Bank holidays cannot be removed here: the loader owns them."""
    if closure.kind != CLOSURE_DAY:
        raise CalendarError(f"{closure.name} is a bank holiday and cannot be removed")
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb=Verb.CLOSURE_DAY_REMOVED,
            target=closure,
            payload={"date": closure.date.isoformat(), "name": closure.name},
        )
        closure.delete()
    invalidate()
