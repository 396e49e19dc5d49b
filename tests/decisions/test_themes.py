"""Earlier reviews that share a learning theme with this one, shown beside criterion (b)."""

from datetime import date

import pytest

from rapidreview.decisions.models import Outcome
from rapidreview.decisions.themes import earlier_reviews_sharing_themes, review_themes
from rapidreview.meetings.models import LearningPoint, LearningTheme
from rapidreview.reviews.models import State

from ..reviews.factories import make_incident, make_review
from .factories import make_decision


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def themes(db):
    return {
        name: LearningTheme.objects.get_or_create(name=name)[0]
        for name in ("Neglect", "Information sharing", "Safer sleeping", "School absence")
    }


def review_with(personas, convened_on, *theme_list, agencies=None, **fields):
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        convened_on=convened_on,
        agencies=agencies if agencies is not None else (personas.agency_a,),
        **fields,
    )
    if theme_list:
        point = LearningPoint.objects.create(
            review=review, text="Invented learning.", recorded_by=personas.partnership_team
        )
        point.themes.set(theme_list)
    return review


def test_earlier_reviews_with_a_shared_theme_are_listed_with_the_themes_they_share(
    personas, themes
):
    sharing = review_with(personas, date(2025, 6, 2), themes["Neglect"], themes["Safer sleeping"])
    make_decision(sharing, by=personas.partnership_team, outcome=Outcome.LCSPR)
    not_sharing = review_with(personas, date(2025, 7, 1), themes["School absence"])
    this = review_with(personas, date(2026, 3, 6), themes["Neglect"], themes["Information sharing"])

    found = earlier_reviews_sharing_themes(this, personas.partnership_team)

    assert [r.reference for r in found] == [sharing.reference]
    assert found[0].themes == ("Neglect",)
    assert found[0].outcome == Outcome.LCSPR.label
    assert not_sharing.reference not in [r.reference for r in found]


def test_a_review_convened_later_is_not_earlier(personas, themes):
    this = review_with(personas, date(2026, 3, 6), themes["Neglect"])
    review_with(personas, date(2026, 4, 1), themes["Neglect"])
    assert earlier_reviews_sharing_themes(this, personas.partnership_team) == []


def test_an_earlier_review_the_person_cannot_see_is_not_listed(personas, themes):
    this = review_with(personas, date(2026, 3, 6), themes["Neglect"])
    of_agency_a = review_with(personas, date(2025, 5, 1), themes["Neglect"])
    of_agency_b = review_with(
        personas, date(2025, 9, 1), themes["Neglect"], agencies=(personas.agency_b,)
    )

    team_sees = earlier_reviews_sharing_themes(this, personas.partnership_team)
    agency_a_sees = earlier_reviews_sharing_themes(this, personas.agency_a_rep)

    assert [r.reference for r in team_sees] == [of_agency_b.reference, of_agency_a.reference]
    assert [r.reference for r in agency_a_sees] == [of_agency_a.reference]


def test_an_undecided_earlier_review_says_so(personas, themes):
    earlier = review_with(
        personas,
        date(2025, 5, 1),
        themes["Neglect"],
        state=State.STOPPED,
        stopped_on=date(2025, 5, 9),
        stopped_reason="Invented reason.",
    )
    this = review_with(personas, date(2026, 3, 6), themes["Neglect"])
    (found,) = earlier_reviews_sharing_themes(this, personas.partnership_team)
    assert found.reference == earlier.reference
    assert found.outcome == "" and found.state == State.STOPPED.label


def test_a_review_with_no_learning_points_has_no_themes_and_no_earlier_reviews(personas, themes):
    review_with(personas, date(2025, 5, 1), themes["Neglect"])
    this = review_with(personas, date(2026, 3, 6))
    assert review_themes(this) == []
    assert earlier_reviews_sharing_themes(this, personas.partnership_team) == []


def test_a_retired_theme_still_links_reviews(personas, themes):
    earlier = review_with(personas, date(2025, 5, 1), themes["Safer sleeping"])
    this = review_with(personas, date(2026, 3, 6), themes["Safer sleeping"])
    themes["Safer sleeping"].is_active = False
    themes["Safer sleeping"].save()
    found = earlier_reviews_sharing_themes(this, personas.partnership_team)
    assert [r.reference for r in found] == [earlier.reference]


def test_the_query_count_does_not_grow_with_the_reviews(
    personas, themes, django_assert_max_num_queries
):
    for day in range(1, 9):
        review_with(personas, date(2025, 5, day), themes["Neglect"], themes["Safer sleeping"])
    this = review_with(personas, date(2026, 3, 6), themes["Neglect"], themes["Safer sleeping"])
    with django_assert_max_num_queries(3):
        found = earlier_reviews_sharing_themes(this, personas.partnership_team)
    assert len(found) == 8
    assert all(r.themes == ("Neglect", "Safer sleeping") for r in found)
