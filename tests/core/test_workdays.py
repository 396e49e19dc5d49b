"""Worked examples for the pure working-day arithmetic, over the official bank holidays."""

from datetime import date

import pytest

from rapidreview.core.workdays import add_working_days, is_working_day, working_days_between

from .official_list import OFFICIAL_DATES as BANK_HOLIDAYS


def add(start: date, n: int, closures=BANK_HOLIDAYS) -> date:
    return add_working_days(start, n, closures=closures)


def between(a: date, b: date, closures=BANK_HOLIDAYS) -> int:
    return working_days_between(a, b, closures=closures)


def test_15_working_days_after_friday_18_december_2026_is_wednesday_13_january_2027():
    result = add(date(2026, 12, 18), 15)
    assert result == date(2027, 1, 13)
    assert result.strftime("%A") == "Wednesday"


def test_the_boxing_day_substitute_is_what_moves_that_deadline_to_the_13th():
    without_substitute = BANK_HOLIDAYS - {date(2026, 12, 28)}
    assert add(date(2026, 12, 18), 15, closures=without_substitute) == date(2027, 1, 12)


def test_between_counts_the_same_15_days_and_minus_15_backwards():
    assert between(date(2026, 12, 18), date(2027, 1, 13)) == 15
    assert between(date(2027, 1, 13), date(2026, 12, 18)) == -15


def test_zero_days_after_any_day_is_that_day_even_a_bank_holiday():
    assert add(date(2026, 12, 25), 0) == date(2026, 12, 25)
    assert add(date(2026, 12, 19), 0) == date(2026, 12, 19)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Day 0 is a Saturday: the count starts on the Monday.
        (date(2026, 12, 19), 1, date(2026, 12, 21)),
        # Day 0 is Good Friday: Easter Monday is skipped too.
        (date(2026, 4, 3), 1, date(2026, 4, 7)),
        (date(2026, 4, 3), 5, date(2026, 4, 13)),
        # Christmas Eve: the next working day is after Christmas and the Boxing Day substitute.
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        # The 2023 coronation bank holiday (Monday 8 May).
        (date(2023, 5, 5), 1, date(2023, 5, 9)),
        # The 2022 Platinum Jubilee: Thursday 2 and Friday 3 June.
        (date(2022, 6, 1), 1, date(2022, 6, 6)),
        # The State Funeral, Monday 19 September 2022.
        (date(2022, 9, 16), 1, date(2022, 9, 20)),
        # VE day 2020 moved the early May bank holiday to Friday 8 May.
        (date(2020, 5, 7), 1, date(2020, 5, 11)),
        (date(2020, 5, 1), 2, date(2020, 5, 5)),
    ],
)
def test_counting_forward_skips_weekends_and_bank_holidays(start, n, expected):
    assert add(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 1 working day before Monday 4 January 2027 is Thursday 31 December 2026.
        (date(2027, 1, 4), -1, date(2026, 12, 31)),
        # Before a Sunday, the Friday is 1 working day back: the Sunday is day 0.
        (date(2026, 12, 20), -1, date(2026, 12, 18)),
        (date(2027, 1, 13), -15, date(2026, 12, 18)),
    ],
)
def test_counting_backwards_mirrors_counting_forward(start, n, expected):
    assert add(start, n) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (date(2026, 12, 18), date(2026, 12, 18), 0),
        (date(2026, 12, 18), date(2026, 12, 19), 0),  # Friday to Saturday
        (date(2026, 12, 18), date(2026, 12, 21), 1),  # Friday to Monday
        (date(2026, 12, 24), date(2026, 12, 29), 1),  # over Christmas
        (date(2026, 12, 19), date(2026, 12, 18), 0),  # Saturday back to Friday
        (date(2026, 12, 21), date(2026, 12, 18), -1),  # Monday back to Friday
    ],
)
def test_between_counts_working_days_after_a_up_to_and_including_b(a, b, expected):
    assert between(a, b) == expected


def test_is_working_day_knows_weekends_bank_holidays_and_closure_days():
    assert is_working_day(date(2026, 12, 24), closures=BANK_HOLIDAYS)
    assert not is_working_day(date(2026, 12, 25), closures=BANK_HOLIDAYS)
    assert not is_working_day(date(2026, 12, 26), closures=BANK_HOLIDAYS)  # Saturday
    assert not is_working_day(date(2026, 12, 24), closures=BANK_HOLIDAYS | {date(2026, 12, 24)})


def test_a_closure_day_moves_a_deadline_that_crosses_it_by_one_working_day():
    closures = BANK_HOLIDAYS | {date(2026, 12, 29)}
    assert add(date(2026, 12, 18), 15, closures=closures) == date(2027, 1, 14)
