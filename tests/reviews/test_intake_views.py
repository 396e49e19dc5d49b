"""Logging a notification in the browser's place: question pages, add another, check answers.

Every invalid answer gets its message at the field and in the error summary, the other answers
stay as typed, and nothing reaches the real records until "Confirm and save"."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.reviews.models import Child, FamilyMember, Incident, IntakeDraft

from ..conftest import signed_in_client
from ..factories import make_user
from .factories import make_incident

pytestmark = pytest.mark.django_db


def day(name: str, value: date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


ABOUT = {
    "sin_reference": "SIN-2026-0042",
    "nature": "death",
    "circumstances": "An invented incident.",
    "incident_local_authority": "Invented Borough Council",
    "residence_local_authority": "Invented Borough Council",
    "looked_after": "not_looked_after",
}
DATES = (
    day("incident_date", date(2026, 3, 2))
    | day("la_aware_date", date(2026, 3, 2))
    | day("partners_aware_date", date(2026, 3, 3))
    | day("sin_submitted_date", date(2026, 3, 6))
)


def child(pseudonym: str, **overrides) -> dict[str, str]:
    return (
        {
            "full_name": f"Invented {pseudonym.split()[-1]}name Surname",
            "other_names": "",
            "sex": "female",
            "ethnicity": "",
            "disability": "",
            "legal_status": "child_in_need",
            "education": "",
            "pseudonym": pseudonym,
        }
        | day("date_of_birth", date(2021, 5, 17))
        | overrides
    )


def person(pseudonym: str, relationship: str = "mother") -> dict[str, str]:
    return {
        "full_name": f"Invented Grownup {pseudonym[-1]}",
        "other_names": "",
        "relationship": relationship,
        "relationship_detail": "",
        "address": "",
        "pseudonym": pseudonym,
    }


SCOPING = day("scoping_start", date(2025, 3, 1)) | day("scoping_end", date(2026, 3, 2))


@pytest.fixture
def team(personas, today):
    return signed_in_client(personas.partnership_team)


def start(client) -> str:
    response = client.post(reverse("reviews:intake_start"))
    assert response.status_code == 302
    return response.url.split("/")[3]


def url(name: str, draft: str, *args) -> str:
    return reverse(f"reviews:{name}", args=[draft, *args])


def fill_in(client, draft: str, *, children=2, family=4) -> None:
    assert client.post(url("intake_about", draft), ABOUT).url == url("intake_dates", draft)
    assert client.post(url("intake_dates", draft), DATES).url == url("intake_children", draft)
    first = (
        child("Baby A")
        | day("date_of_birth", date(2025, 9, 1))
        | day("date_of_death", date(2026, 3, 2))
    )
    for n in range(children):
        data = first if n == 0 else child(f"Child {'ABCD'[n]}")
        assert client.post(url("intake_child_add", draft), data).status_code == 302
    assert client.post(url("intake_children", draft), {"add_another": "no"}).url == url(
        "intake_family", draft
    )
    for n in range(family):
        assert (
            client.post(url("intake_family_add", draft), person(f"Adult {n + 1}")).status_code
            == 302
        )
    assert client.post(url("intake_family", draft), {"add_another": "no"}).url == url(
        "intake_scoping", draft
    )
    assert client.post(url("intake_scoping", draft), SCOPING).url == url("intake_check", draft)


def nothing_saved() -> bool:
    return not (
        Incident.objects.exists() or Child.objects.exists() or FamilyMember.objects.exists()
    )


def test_a_coordinator_logs_a_notification_with_two_children_and_four_family_members(
    team, personas
):
    draft = start(team)
    fill_in(team, draft)
    assert nothing_saved()

    check = team.get(url("intake_check", draft))
    page = check.content.decode()
    assert check.status_code == 200
    for answer in [
        "SIN-2026-0042",
        "Baby A",
        "Child B",
        "Adult 4",
        "6 March 2026",
        "1 March 2025 to"[:12],
    ]:
        assert answer in page
    assert "govuk-error-summary" not in page

    response = team.post(url("intake_check", draft))
    incident = Incident.objects.get()
    assert response.url == reverse("reviews:incident_detail", args=[incident.public_id])
    assert incident.children.count() == 2
    assert incident.family.count() == 4
    assert not IntakeDraft.objects.exists()
    assert AuditEvent.objects.filter(
        verb=Verb.INCIDENT_LOGGED, actor=personas.partnership_team
    ).exists()

    detail = team.get(response.url).content.decode()
    assert "Convene the rapid review" in detail
    assert "<title>Notification SIN-2026-0042 – Rapid Review</title>" in detail


def test_impossible_dates_get_their_message_and_keep_the_other_answers(team):
    draft = start(team)
    team.post(url("intake_about", draft), ABOUT)
    wrong = (
        DATES | day("sin_submitted_date", date(2026, 2, 27)) | {"partners_aware_date_month": "13"}
    )
    response = team.post(url("intake_dates", draft), wrong)
    page = response.content.decode()

    assert response.status_code == 200
    assert "<title>Error: Key dates – Log a notification – Rapid Review</title>" in page
    assert "There is a problem" in page
    assert "Date the safeguarding partners became aware must be a real date" in page
    assert (
        "The date the SIN was submitted must be the same as or after the date the local "
        "authority became aware" in page
    )
    # The answers typed stay in the boxes, right or wrong.
    assert 'name="incident_date_year" value="2026"' in page
    assert 'name="partners_aware_date_month" value="13"' in page
    assert 'name="sin_submitted_date_day" value="27"' in page
    assert "dates" not in IntakeDraft.objects.get().data
    assert nothing_saved()


def test_a_child_born_after_the_incident_or_sharing_a_pseudonym_is_refused(team):
    draft = start(team)
    team.post(url("intake_about", draft), ABOUT)
    team.post(url("intake_dates", draft), DATES)
    team.post(url("intake_child_add", draft), child("Child A"))

    response = team.post(
        url("intake_child_add", draft),
        child("child a", full_name="Invented Secondchild") | day("date_of_birth", date(2026, 3, 4)),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "child a is already the pseudonym of another child: choose another" in page
    assert (
        "Date of birth must be the same as or before the date of the incident (2 March 2026)"
        in page
    )
    assert 'value="Invented Secondchild"' in page
    assert len(IntakeDraft.objects.get().data["children"]) == 1


def test_a_family_member_cannot_take_a_childs_pseudonym(team):
    draft = start(team)
    team.post(url("intake_child_add", draft), child("Child A"))
    response = team.post(url("intake_family_add", draft), person("Child A"))
    assert (
        "Child A is already the pseudonym of a child: choose another" in response.content.decode()
    )
    assert IntakeDraft.objects.get().data.get("family", []) == []


def test_the_scoping_period_cannot_end_before_it_starts(team):
    draft = start(team)
    team.post(url("intake_dates", draft), DATES)
    response = team.post(
        url("intake_scoping", draft),
        day("scoping_start", date(2026, 1, 1)) | day("scoping_end", date(2025, 12, 31)),
    )
    assert (
        "The end of the scoping period must be the same as or after its start"
        in response.content.decode()
    )


def test_at_least_one_child_is_needed(team):
    draft = start(team)
    assert team.get(url("intake_children", draft)).url == url("intake_child_add", draft)
    response = team.post(url("intake_children", draft), {"add_another": "no"})
    assert response.status_code == 200
    assert "Add at least one child" in response.content.decode()


def test_check_answers_finds_problems_made_by_a_later_change_and_saves_nothing(team):
    draft = start(team)
    fill_in(team, draft)
    # The incident date moves before Child B was born (17 May 2021).
    team.post(
        url("intake_dates", draft) + "?return=check",
        DATES | day("incident_date", date(2021, 5, 16)) | day("la_aware_date", date(2026, 3, 2)),
    )
    check = team.get(url("intake_check", draft)).content.decode()
    item_id = IntakeDraft.objects.get().data["children"][1]["id"]
    assert (
        "Child B: Date of birth must be the same as or before the date of the incident (16 May 2021)"
        in check
    )
    assert f'href="{url("intake_child_edit", draft, item_id)}?return=check"' in check

    response = team.post(url("intake_check", draft))
    assert response.status_code == 200
    assert "<title>Error: Check your answers" in response.content.decode()
    assert nothing_saved()
    assert IntakeDraft.objects.exists()


def test_unusual_answers_are_shown_as_warnings_and_can_be_saved(team):
    draft = start(team)
    fill_in(team, draft)
    team.post(
        url("intake_dates", draft),
        DATES
        | day("partners_aware_date", date(2026, 3, 2))
        | day("la_aware_date", date(2026, 3, 3)),
    )
    check = team.get(url("intake_check", draft)).content.decode()
    assert "Check these answers" in check
    assert "before the local authority did (3 March 2026)" in check
    assert team.post(url("intake_check", draft)).status_code == 302
    assert Incident.objects.count() == 1


def test_changing_and_removing_a_child_from_check_answers_returns_there(team):
    draft = start(team)
    fill_in(team, draft)
    item_id = IntakeDraft.objects.get().data["children"][1]["id"]
    edit = url("intake_child_edit", draft, item_id) + "?return=check"
    assert 'value="Child B"' in team.get(edit).content.decode()
    response = team.post(edit, child("Child Z"))
    assert response.url == url("intake_children", draft) + "?return=check"
    remove = url("intake_child_remove", draft, item_id) + "?return=check"
    assert "Are you sure you want to remove Child Z?" in team.get(remove).content.decode()
    team.post(remove, {"add_another": "yes"})
    assert [c["pseudonym"] for c in IntakeDraft.objects.get().data["children"]] == ["Baby A"]


def test_a_sin_reference_already_logged_is_refused_on_the_first_page(team, personas):
    make_incident(personas.partnership_team, sin_reference="SIN-2026-0042")
    draft = start(team)
    response = team.post(url("intake_about", draft), ABOUT | {"sin_reference": "sin-2026-0042"})
    assert (
        "A notification with this SIN reference has already been logged"
        in response.content.decode()
    )


def test_a_draft_is_only_for_the_person_who_started_it(team, personas):
    draft = start(team)
    colleague = signed_in_client(make_user("partnership_team", full_name="Invented Colleague"))
    assert colleague.get(url("intake_about", draft)).status_code == 404
    assert colleague.post(url("intake_check", draft)).status_code == 404
    rep = signed_in_client(personas.agency_a_rep)
    assert rep.get(url("intake_about", draft)).status_code == 403
    assert rep.get(reverse("reviews:intake_start")).status_code == 403


def test_a_draft_left_alone_too_long_is_gone(team, settings):
    draft = start(team)
    IntakeDraft.objects.update(
        updated_at=timezone.now() - timedelta(days=settings.INTAKE_DRAFT_DAYS + 1)
    )
    assert team.get(url("intake_about", draft)).status_code == 404
    start(team)  # starting another clears it out
    assert IntakeDraft.objects.count() == 1


def test_cancelling_deletes_the_draft(team):
    draft = start(team)
    team.post(url("intake_about", draft), ABOUT)
    assert team.post(url("intake_cancel", draft)).url == reverse("core:home")
    assert not IntakeDraft.objects.exists()


def test_nonsense_posted_to_every_page_never_causes_an_error(team):
    draft = start(team)
    junk = {
        key: "\x00<script>"
        for key in [*ABOUT, *DATES, *child("x"), *person("x"), *SCOPING, "add_another"]
    }
    for name in [
        "intake_about",
        "intake_dates",
        "intake_children",
        "intake_child_add",
        "intake_family",
        "intake_family_add",
        "intake_scoping",
        "intake_check",
    ]:
        response = team.post(url(name, draft), junk)
        assert response.status_code in (200, 302), name
    assert team.get(url("intake_child_edit", draft, "no-such-child")).status_code == 302
    assert nothing_saved()
