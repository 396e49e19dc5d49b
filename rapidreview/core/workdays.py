"""Working-day arithmetic for the statutory clock. Pure: no database, no clock, no settings.

The day-0 convention (DOMAIN.md §2)
-----------------------------------
"N working days after D" means: count forward from the day after D, skipping non-working days,
and land on the Nth working day. D itself is day 0 whether or not it is a working day.

    15 working days after Friday 18 December 2026 is Wednesday 13 January 2027
    (25 December, 28 December as the Boxing Day substitute and 1 January are bank holidays).

A working day is Monday to Friday and not in `closures`: the England & Wales bank holidays plus
any closure days the partnership adds. The caller passes `closures` in (rapidreview.core.calendar
reads them from the database), so every answer here depends only on the arguments.

Counting backwards mirrors it: "N working days before D" (n < 0) counts back from the day before
D, skipping non-working days, and lands on the Nth working day. D is still day 0.

`working_days_between(a, b)` counts the working days after a, up to and including b. When b is
before a the answer is negative: minus the working days after b up to and including a. So it is
a signed measure of the interval, with no surprises when the arguments swap or chain:

    working_days_between(a, b) == -working_days_between(b, a)
    working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)

and it undoes `add_working_days` going forward:

    working_days_between(a, add_working_days(a, n)) == n          for n >= 0
    add_working_days(a, working_days_between(a, b)) == b          when b >= a is a working day

Going backward the two agree only from a working day, because "N before D" does not count D but
"between b and D" does. From a Saturday, 1 working day before is the Friday, yet no working day
lies after that Friday up to and including the Saturday. Deadlines hang off working days (a
meeting, a SIN date), where the identities hold both ways:

    working_days_between(a, add_working_days(a, n)) == n          when a is a working day
    add_working_days(a, working_days_between(a, b)) == b          when a and b are working days
"""

from collections.abc import Container
from datetime import date, timedelta

__all__ = ["add_working_days", "is_working_day", "working_days_between"]

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def is_working_day(day: date, *, closures: Container[date]) -> bool:
    """Monday to Friday, and not a bank holiday or closure day."""
    return day.weekday() < _SATURDAY and day not in closures


def add_working_days(start: date, n: int, *, closures: Container[date]) -> date:
    """The Nth working day after `start` (before it when n is negative); `start` is day 0.

    n == 0 returns `start` unchanged, working day or not. Any other n lands on a working day.
    """
    step = _ONE_DAY if n >= 0 else -_ONE_DAY
    remaining = abs(n)
    day = start
    while remaining:
        day += step
        if is_working_day(day, closures=closures):
            remaining -= 1
    return day


def working_days_between(a: date, b: date, *, closures: Container[date]) -> int:
    """The number of working days after `a`, up to and including `b`; negative when b < a."""
    if b < a:
        return -working_days_between(b, a, closures=closures)
    return sum(
        is_working_day(a + timedelta(days=offset), closures=closures)
        for offset in range(1, (b - a).days + 1)
    )
