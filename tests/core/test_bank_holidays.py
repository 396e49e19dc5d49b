"""The bank holidays in the table agree with GOV.UK's England and Wales list, year by year."""

from datetime import date

import holidays
import pytest

from rapidreview.core import calendar
from rapidreview.core.models import NonWorkingDay

from .official_list import FIRST_YEAR, LAST_YEAR, OFFICIAL

pytestmark = pytest.mark.django_db

BANK_HOLIDAY = NonWorkingDay.Kind.BANK_HOLIDAY


def table_for(year: int) -> set[date]:
    return set(
        NonWorkingDay.objects.filter(kind=BANK_HOLIDAY, date__year=year).values_list(
            "date", flat=True
        )
    )


@pytest.mark.parametrize("year", range(FIRST_YEAR, LAST_YEAR + 1))
def test_the_table_loaded_at_migrate_time_matches_the_official_list(year):
    official = {day for day in OFFICIAL if day.year == year}
    assert table_for(year) == official


@pytest.mark.parametrize(
    ("day", "what"),
    [
        (date(2012, 6, 4), "Spring bank holiday moved for the Diamond Jubilee"),
        (date(2012, 6, 5), "Diamond Jubilee"),
        (date(2020, 5, 8), "Early May bank holiday moved to VE day"),
        (date(2022, 6, 2), "Spring bank holiday moved for the Platinum Jubilee"),
        (date(2022, 6, 3), "Platinum Jubilee"),
        (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Coronation of King Charles III"),
        (date(2026, 12, 28), "Boxing Day substitute"),
        (date(2027, 12, 27), "Christmas Day substitute"),
        (date(2028, 1, 3), "New Year's Day substitute"),
    ],
)
def test_one_off_holidays_and_substitute_days_are_in_the_table(day, what):
    assert NonWorkingDay.objects.filter(date=day, kind=BANK_HOLIDAY).exists(), what


@pytest.mark.parametrize(
    "day",
    [date(2012, 5, 28), date(2020, 5, 4), date(2022, 5, 30), date(2023, 5, 6)],
    ids=["2012 spring moved", "2020 early May moved", "2022 spring moved", "coronation Saturday"],
)
def test_the_days_those_holidays_moved_from_are_working_days(day):
    assert not NonWorkingDay.objects.filter(date=day).exists()


def test_names_read_the_gov_uk_way():
    names = dict(NonWorkingDay.objects.filter(date__year=2026).values_list("date", "name"))
    assert names[date(2026, 5, 4)] == "Early May bank holiday"
    assert names[date(2026, 5, 25)] == "Spring bank holiday"
    assert names[date(2026, 8, 31)] == "Summer bank holiday"
    assert names[date(2026, 12, 28)] == "Boxing Day (substitute day)"


def test_weekend_dates_are_not_loaded_because_weekends_never_count():
    assert not NonWorkingDay.objects.filter(date=date(2026, 12, 26)).exists()  # Saturday
    assert all(day.weekday() < 5 for day in NonWorkingDay.objects.values_list("date", flat=True))


def test_the_package_is_asked_for_england_explicitly():
    # The England subdivision differs from Scotland and Northern Ireland, so a missing subdivision
    # would be a silent error. "ENG" is the code this version of the package uses.
    assert "ENG" in holidays.country_holidays("GB").subdivisions
    england = calendar.bank_holidays_england_and_wales(2026, 2026)
    scotland = holidays.country_holidays("GB", subdiv="SCT", years=2026)
    assert date(2026, 1, 2) in scotland and date(2026, 1, 2) not in england


def test_loading_again_changes_nothing():
    before = list(NonWorkingDay.objects.values_list("date", "name", "kind"))
    result = calendar.load_bank_holidays(2012, 2040)
    assert (result.added, result.renamed, result.removed) == ([], [], [])
    assert list(NonWorkingDay.objects.values_list("date", "name", "kind")) == before


def test_loading_repairs_the_table_and_leaves_closure_days_alone(personas):
    NonWorkingDay.objects.filter(date=date(2026, 12, 25)).delete()
    NonWorkingDay.objects.filter(date=date(2026, 12, 28)).update(name="Wrong name")
    NonWorkingDay.objects.create(date=date(2026, 7, 1), name="Not a holiday", kind=BANK_HOLIDAY)
    NonWorkingDay.objects.filter(date=date(2026, 8, 31)).delete()
    NonWorkingDay.objects.create(
        date=date(2026, 8, 31),
        name="Our own name for it",
        kind=NonWorkingDay.Kind.CLOSURE_DAY,
        created_by=personas.partnership_team,
    )
    NonWorkingDay.objects.create(
        date=date(2026, 12, 24), name="Christmas Eve", kind=NonWorkingDay.Kind.CLOSURE_DAY
    )

    result = calendar.load_bank_holidays(2026, 2026)

    assert result.added == [date(2026, 12, 25)]
    assert result.renamed == [date(2026, 12, 28)]
    assert result.removed == [date(2026, 7, 1)]
    assert result.already_closure_days == [date(2026, 8, 31)]
    assert NonWorkingDay.objects.get(date=date(2026, 8, 31)).name == "Our own name for it"
    assert NonWorkingDay.objects.get(date=date(2026, 12, 24)).kind == "closure_day"
    assert table_for(2026) | {date(2026, 8, 31)} == {d for d in OFFICIAL if d.year == 2026}


def test_loading_a_year_range_backwards_is_refused():
    with pytest.raises(ValueError, match="after the last"):
        calendar.load_bank_holidays(2030, 2020)
