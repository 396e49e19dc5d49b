"""The calendar over the table: wrappers, the guard for unloaded years, reading once per request."""

from datetime import date

import pytest

from rapidreview.audit.context import RequestContext, current_request
from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.core import calendar
from rapidreview.core.models import NonWorkingDay

pytestmark = pytest.mark.django_db


def test_the_wrappers_use_the_bank_holidays_in_the_table():
    assert calendar.add_working_days(date(2026, 12, 18), 15) == date(2027, 1, 13)
    assert calendar.working_days_between(date(2026, 12, 18), date(2027, 1, 13)) == 15
    assert not calendar.is_working_day(date(2026, 12, 28))
    assert calendar.is_working_day(date(2026, 12, 29))


def test_a_closure_day_added_by_the_team_moves_deadlines_that_cross_it(personas):
    calendar.closure_day_add(
        actor=personas.partnership_team, day=date(2026, 12, 29), name="Office closed"
    )
    assert calendar.add_working_days(date(2026, 12, 18), 15) == date(2027, 1, 14)
    assert date(2026, 12, 29) in calendar.non_working_days()


def test_closure_days_are_audited_when_added_and_removed(personas):
    closure = calendar.closure_day_add(
        actor=personas.partnership_team, day=date(2026, 12, 29), name="Office closed"
    )
    calendar.closure_day_remove(actor=personas.partnership_team, closure=closure)

    added, removed = AuditEvent.objects.order_by("sequence").filter(
        verb__in=[Verb.CLOSURE_DAY_ADDED, Verb.CLOSURE_DAY_REMOVED]
    )
    assert (added.verb, removed.verb) == (Verb.CLOSURE_DAY_ADDED, Verb.CLOSURE_DAY_REMOVED)
    for event in (added, removed):
        assert event.actor == personas.partnership_team
        assert event.payload == {"date": "2026-12-29", "name": "Office closed"}
    assert not NonWorkingDay.objects.filter(date=date(2026, 12, 29)).exists()


def test_a_closure_day_at_a_weekend_or_on_a_bank_holiday_is_refused(personas):
    with pytest.raises(calendar.CalendarError, match="19 December 2026 is a Saturday"):
        calendar.closure_day_add(
            actor=personas.partnership_team, day=date(2026, 12, 19), name="Saturday"
        )
    with pytest.raises(
        calendar.CalendarError, match=r"already a non-working day \(Christmas Day\)"
    ):
        calendar.closure_day_add(
            actor=personas.partnership_team, day=date(2026, 12, 25), name="Again"
        )
    assert not AuditEvent.objects.filter(verb=Verb.CLOSURE_DAY_ADDED).exists()


def test_bank_holidays_cannot_be_removed_as_closure_days(personas):
    christmas = NonWorkingDay.objects.get(date=date(2026, 12, 25))
    with pytest.raises(calendar.CalendarError, match="is a bank holiday"):
        calendar.closure_day_remove(actor=personas.partnership_team, closure=christmas)
    assert NonWorkingDay.objects.filter(date=date(2026, 12, 25)).exists()


def test_years_without_bank_holidays_loaded_stop_the_count_instead_of_guessing():
    NonWorkingDay.objects.filter(date__year=2027).delete()
    with pytest.raises(calendar.CalendarNotLoadedError, match="Bank holidays for 2027"):
        calendar.add_working_days(date(2026, 12, 18), 15)
    with pytest.raises(calendar.CalendarNotLoadedError, match="--from 2027 --to 2027"):
        calendar.working_days_between(date(2026, 12, 18), date(2027, 1, 13))
    with pytest.raises(calendar.CalendarNotLoadedError):
        calendar.is_working_day(date(2041, 1, 1))
    assert calendar.add_working_days(date(2026, 12, 1), 5) == date(2026, 12, 8)


def test_inside_a_request_the_table_is_read_once(django_assert_num_queries):
    token = current_request.set(RequestContext(request_id="a" * 32))
    try:
        with django_assert_num_queries(1):
            calendar.add_working_days(date(2026, 12, 18), 15)
            calendar.working_days_between(date(2026, 12, 18), date(2027, 1, 13))
            calendar.non_working_days()
    finally:
        current_request.reset(token)


def test_a_change_in_the_same_request_is_seen_at_once(personas):
    token = current_request.set(RequestContext(request_id="b" * 32))
    try:
        assert calendar.add_working_days(date(2026, 12, 18), 15) == date(2027, 1, 13)
        calendar.closure_day_add(
            actor=personas.partnership_team, day=date(2027, 1, 4), name="Office closed"
        )
        assert calendar.add_working_days(date(2026, 12, 18), 15) == date(2027, 1, 14)
    finally:
        current_request.reset(token)


def test_the_next_request_reads_the_table_afresh(django_assert_num_queries):
    for request_id in ("c" * 32, "d" * 32):
        token = current_request.set(RequestContext(request_id=request_id))
        try:
            with django_assert_num_queries(1):
                calendar.non_working_days()
        finally:
            current_request.reset(token)


def test_outside_a_request_every_question_reads_the_table(personas):
    assert date(2027, 1, 4) not in calendar.non_working_days()
    # Another process adds a closure day: no stale copy here hides it.
    NonWorkingDay.objects.create(
        date=date(2027, 1, 4), name="Added elsewhere", kind=NonWorkingDay.Kind.CLOSURE_DAY
    )
    assert date(2027, 1, 4) in calendar.non_working_days()
