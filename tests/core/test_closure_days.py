"""The partnership team's page for bank holidays and closure days."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.core.models import NonWorkingDay

from ..conftest import signed_in_client

pytestmark = pytest.mark.django_db

LIST = reverse("core:closure_days")
ADD = reverse("core:closure_day_add")


def remove_url(day: date) -> str:
    return reverse("core:closure_day_remove", kwargs={"day": day.isoformat()})


def add_form(day="24", month="12", year="2026", name="Office closed"):
    return {"date_day": day, "date_month": month, "date_year": year, "name": name}


@pytest.fixture
def team(personas):
    return signed_in_client(personas.partnership_team)


def test_the_home_page_links_the_team_to_the_calendar(team, personas):
    assert LIST in team.get(reverse("core:home")).content.decode()
    other = signed_in_client(personas.agency_a_rep)
    assert LIST not in other.get(reverse("core:home")).content.decode()


@time_machine.travel("2026-11-26 10:00 +0000", tick=False)
def test_the_page_shows_this_years_bank_holidays_with_substitute_days(team):
    page = team.get(LIST).content.decode()
    assert "Bank holidays in 2026" in page
    assert "Monday 28 December 2026" in page
    assert "Boxing Day (substitute day)" in page
    assert "There are no closure days." in page


def test_another_year_is_one_link_away(team):
    page = team.get(LIST, {"year": "2022"}).content.decode()
    assert "Bank holidays in 2022" in page
    assert "Monday 19 September 2022" in page
    assert "State Funeral of Queen Elizabeth II" in page
    assert 'href="?year=2021"' in page
    assert 'href="?year=2023"' in page


def test_a_year_with_nothing_loaded_says_how_to_load_it(team):
    page = team.get(LIST, {"year": "2077"}).content.decode()
    assert "No bank holidays are loaded for 2077" in page


def test_adding_a_closure_day_saves_it_audits_it_and_shows_it(team, personas):
    response = team.post(ADD, add_form())
    assert response.status_code == 302
    assert response.url == LIST

    closure = NonWorkingDay.objects.get(date=date(2026, 12, 24))
    assert (closure.kind, closure.name) == ("closure_day", "Office closed")
    assert closure.created_by == personas.partnership_team
    event = AuditEvent.objects.get(verb=Verb.CLOSURE_DAY_ADDED)
    assert event.actor == personas.partnership_team
    assert event.payload == {"date": "2026-12-24", "name": "Office closed"}

    page = team.get(LIST).content.decode()
    assert "Closure day added: 24 December 2026" in page
    assert "Thursday 24 December 2026" in page
    assert "Pat Team" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (add_form(day="", month="", year=""), "Enter the date of the closure day"),
        (add_form(month=""), "Date must include a month"),
        (add_form(day="31", month="2"), "Date must be a real date"),
        (add_form(year="26"), "Year must include 4 numbers"),
        (
            add_form(day="26"),
            "26 December 2026 is a Saturday: choose a weekday, as weekends are not working days anyway",
        ),
        (add_form(day="25"), "25 December 2026 is already a bank holiday (Christmas Day)"),
        (add_form(name=""), "Enter a name for the closure day"),
        (add_form(name="x" * 101), "Name must be 100 characters or fewer"),
    ],
)
def test_bad_input_is_explained_and_the_other_answers_are_kept(team, data, message):
    response = team.post(ADD, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count(message) == 2  # in the error summary and at the field
    assert "<title>Error: Add a closure day" in page
    if data["name"] and len(data["name"]) <= 100:
        assert f'value="{data["name"]}"' in page
    if data["date_year"]:
        assert f'name="date_year" value="{data["date_year"]}"' in page
    assert not NonWorkingDay.objects.filter(kind="closure_day").exists()
    assert not AuditEvent.objects.filter(verb=Verb.CLOSURE_DAY_ADDED).exists()


def test_the_same_closure_day_cannot_be_added_twice(team):
    team.post(ADD, add_form())
    page = team.post(ADD, add_form(name="Again")).content.decode()
    assert "24 December 2026 is already a closure day (Office closed)" in page
    assert NonWorkingDay.objects.filter(date=date(2026, 12, 24)).count() == 1


def test_removing_a_closure_day_deletes_it_and_audits_it(team, personas):
    team.post(ADD, add_form())
    response = team.post(remove_url(date(2026, 12, 24)))
    assert response.status_code == 302
    assert response.url == LIST
    assert not NonWorkingDay.objects.filter(date=date(2026, 12, 24)).exists()
    event = AuditEvent.objects.get(verb=Verb.CLOSURE_DAY_REMOVED)
    assert event.actor == personas.partnership_team
    assert event.payload == {"date": "2026-12-24", "name": "Office closed"}
    assert "Closure day removed: 24 December 2026" in team.get(LIST).content.decode()


@pytest.mark.parametrize("day", ["2026-12-25", "2026-12-23", "not-a-date", "2026-02-30"])
def test_only_closure_days_can_be_removed_and_anything_else_is_not_found(team, day):
    response = team.post(reverse("core:closure_day_remove", kwargs={"day": day}))
    assert response.status_code == 404
    assert NonWorkingDay.objects.filter(date=date(2026, 12, 25)).exists()
    assert not AuditEvent.objects.filter(verb=Verb.CLOSURE_DAY_REMOVED).exists()


def test_removing_needs_a_post(team):
    team.post(ADD, add_form())
    assert team.get(remove_url(date(2026, 12, 24))).status_code == 405
    assert NonWorkingDay.objects.filter(date=date(2026, 12, 24)).exists()


@pytest.mark.parametrize(
    "persona",
    ["agency_a_rep", "agency_b_rep", "senior_leader", "safeguarding_partner", "scrutineer"],
)
def test_only_the_partnership_team_may_change_the_calendar(personas, persona):
    client = signed_in_client(getattr(personas, persona))
    assert client.get(LIST).status_code == 403
    assert client.post(ADD, add_form()).status_code == 403
    NonWorkingDay.objects.create(date=date(2026, 12, 24), name="Kept", kind="closure_day")
    assert client.post(remove_url(date(2026, 12, 24))).status_code == 403
    assert NonWorkingDay.objects.filter(kind="closure_day").count() == 1


def test_the_list_makes_the_same_number_of_queries_however_many_closure_days(
    team, personas, django_assert_max_num_queries
):
    def add_closures(year: int, count: int) -> None:
        weekdays = [
            d
            for d in (date.fromordinal(date(year, 7, 1).toordinal() + i) for i in range(31))
            if d.weekday() < 5
        ]
        for day in weekdays[:count]:
            NonWorkingDay.objects.create(
                date=day, name="Closed", kind="closure_day", created_by=personas.partnership_team
            )

    add_closures(2031, 1)
    team.get(LIST)  # warm the session
    with CaptureQueriesContext(connection) as one:
        team.get(LIST)
    add_closures(2032, 20)
    with django_assert_max_num_queries(len(one.captured_queries)):
        team.get(LIST)
