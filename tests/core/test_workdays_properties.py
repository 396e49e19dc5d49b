"""Properties of the working-day arithmetic, checked by Hypothesis over the official bank
holidays plus random closure days."""

from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from rapidreview.core.workdays import add_working_days, is_working_day, working_days_between

from .official_list import OFFICIAL_DATES

# Dates and closure days share a few years, so the random closures often fall inside a count.
FIRST, LAST = date(2025, 6, 1), date(2028, 6, 30)
days = st.dates(min_value=FIRST, max_value=LAST)
closure_sets = st.frozensets(days, max_size=40).map(lambda extra: OFFICIAL_DATES | extra)
counts = st.integers(min_value=-80, max_value=80)
forward_counts = st.integers(min_value=0, max_value=80)


def add(start, n, closures):
    return add_working_days(start, n, closures=closures)


def between(a, b, closures):
    return working_days_between(a, b, closures=closures)


def reference_between(a: date, b: date, closures) -> int:
    """An independent count for a <= b: 5 weekdays in every full week, the rest one by one,
    less the closure days that fall on a weekday."""
    full_weeks, rest = divmod((b - a).days, 7)
    tail_start = a + timedelta(days=7 * full_weeks)
    weekdays = 5 * full_weeks + sum(
        (tail_start + timedelta(days=i)).weekday() < 5 for i in range(1, rest + 1)
    )
    return weekdays - sum(1 for c in set(closures) if a < c <= b and c.weekday() < 5)


@given(days, st.integers(min_value=1, max_value=80), closure_sets)
def test_adding_a_positive_number_lands_on_a_working_day(start, n, closures):
    assert is_working_day(add(start, n, closures), closures=closures)


@given(days, st.integers(min_value=-80, max_value=-1), closure_sets)
def test_counting_back_lands_on_a_working_day_before_the_start(start, n, closures):
    result = add(start, n, closures)
    assert result < start
    assert is_working_day(result, closures=closures)


@given(days, closure_sets)
def test_adding_zero_returns_the_start_whatever_it_is(start, closures):
    assert add(start, 0, closures) == start


@given(days, counts, counts, closure_sets)
def test_adding_is_strictly_increasing_in_n(start, n, m, closures):
    assume(n != m)
    low, high = sorted((n, m))
    assert add(start, low, closures) < add(start, high, closures)


@given(days, forward_counts, closure_sets)
def test_between_undoes_add_going_forward(start, n, closures):
    assert between(start, add(start, n, closures), closures) == n


@given(days, counts, closure_sets)
def test_between_undoes_add_both_ways_from_a_working_day(start, n, closures):
    assume(is_working_day(start, closures=closures))
    assert between(start, add(start, n, closures), closures) == n


@given(days, days, closure_sets)
def test_add_undoes_between_when_landing_on_a_working_day(a, b, closures):
    assume(is_working_day(b, closures=closures))
    assume(b >= a or is_working_day(a, closures=closures))
    assert add(a, between(a, b, closures), closures) == b


@given(days, days, days, closure_sets)
def test_between_adds_up_along_any_chain(a, b, c, closures):
    assert between(a, b, closures) + between(b, c, closures) == between(a, c, closures)


@given(days, days, closure_sets)
def test_between_changes_sign_when_the_dates_swap(a, b, closures):
    assert between(a, b, closures) == -between(b, a, closures)


@given(days, days, closure_sets)
def test_between_agrees_with_an_independent_count(a, b, closures):
    low, high = sorted((a, b))
    assert between(low, high, closures) == reference_between(low, high, closures)


@given(days, st.integers(min_value=1, max_value=80), closure_sets, st.data())
def test_a_new_closure_day_inside_the_count_moves_the_answer_one_working_day(
    start, n, closures, data
):
    result = add(start, n, closures)
    counted = [
        start + timedelta(days=i)
        for i in range(1, (result - start).days + 1)
        if is_working_day(start + timedelta(days=i), closures=closures)
    ]
    closed = data.draw(st.sampled_from(counted))
    assert add(start, n, closures | {closed}) == add(result, 1, closures)


@given(days, counts, closure_sets, st.data())
def test_weekends_never_count_even_when_listed_as_closures(start, n, closures, data):
    weekend_days = data.draw(st.frozensets(days.filter(lambda d: d.weekday() >= 5), max_size=20))
    assert add(start, n, closures | weekend_days) == add(start, n, closures)
    end = add(start, n, closures)
    assert between(start, end, closures | weekend_days) == between(start, end, closures)


@given(days, forward_counts, closure_sets)
def test_the_calendar_days_taken_are_n_plus_the_days_skipped(start, n, closures):
    result = add(start, n, closures)
    skipped = sum(
        not is_working_day(start + timedelta(days=i), closures=closures)
        for i in range(1, (result - start).days + 1)
    )
    assert (result - start).days == n + skipped
    assert (result - start).days >= n


@given(days, counts)
def test_with_no_closures_five_working_days_is_always_one_calendar_week(start, n):
    assume(start.weekday() < 5)
    assert add(start, n + 5, frozenset()) == add(start, n, frozenset()) + timedelta(days=7)
