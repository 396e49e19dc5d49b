"""The list of learning themes the partnership team keeps: add, rename, retire and restore,
from the one page. Who may open it is the access matrix's job (access_records.py)."""

import pytest
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.meetings.models import LearningTheme

from .access_records import make_learning, make_records_review

THEMES = reverse("themes:list")


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def team(personas, client_for):
    return client_for(personas.partnership_team)


def test_the_team_adds_a_theme_and_a_duplicate_is_refused_beside_the_field(team):
    added = team.post(THEMES, {"do": "add", "name": "Invented  theme"})
    assert added.status_code == 302
    assert LearningTheme.objects.filter(name="Invented theme", is_active=True).exists()
    assert "Invented theme added" in team.get(THEMES).text

    refused = team.post(THEMES, {"do": "add", "name": "invented THEME"})
    assert refused.status_code == 200
    assert 'id="id_name-error"' in refused.text
    assert "There is already a theme called Invented theme" in refused.text
    assert 'value="invented THEME"' in refused.text
    assert LearningTheme.objects.filter(name__iexact="invented theme").count() == 1


def test_renaming_a_theme_renames_it_on_the_points_that_have_it(personas, team, client_for):
    review = make_records_review(personas)
    make_learning(review, personas.partnership_team, "School absence")
    theme = LearningTheme.objects.get(name="School absence")
    page = team.get(THEMES, {"rename": theme.pk}).text
    assert "Rename School absence" in page and 'value="School absence"' in page
    renamed = team.post(THEMES, {"do": "rename", "theme": theme.pk, "name": "Missing education"})
    assert renamed.status_code == 302
    points = reverse("meetings:learning", kwargs={"reference": review.reference})
    assert "Missing education" in client_for(personas.agency_a_rep).get(points).text
    assert AuditEvent.objects.filter(verb=Verb.THEME_CHANGED).latest("sequence").payload == {
        "changed": ["name"]
    }


def test_a_retired_theme_in_use_is_kept_and_can_be_restored(personas, team):
    review = make_records_review(personas)
    point = make_learning(review, personas.partnership_team, "Safer sleeping")
    theme = LearningTheme.objects.get(name="Safer sleeping")
    assert team.post(THEMES, {"do": "retire", "theme": theme.pk}).status_code == 302
    theme.refresh_from_db()
    assert not theme.is_active
    assert list(point.themes.all()) == [theme]
    page = team.get(THEMES).text
    retired = page.split("Retired (1)", 1)[1]
    assert "Safer sleeping" in retired and "Restore<span" in retired
    add = reverse("meetings:learning_add", kwargs={"reference": review.reference})
    assert "Safer sleeping" not in team.get(add).text

    assert team.post(THEMES, {"do": "restore", "theme": theme.pk}).status_code == 302
    assert "Safer sleeping" in team.get(add).text


def test_an_unknown_theme_is_not_found(team):
    assert team.post(THEMES, {"do": "retire", "theme": "99999"}).status_code == 404
    assert team.post(THEMES, {"do": "rename", "theme": "x", "name": "Y"}).status_code == 404
