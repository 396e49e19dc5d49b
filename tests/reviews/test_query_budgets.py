"""The dashboard and the review page read a fixed number of queries, however many reviews,
children, family members and agencies there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapidreview.accounts.models import Agency, AgencyType

from ..conftest import signed_in_client
from .factories import make_incident, make_review

pytestmark = pytest.mark.django_db


def add_reviews(personas, count: int, *, agencies=()) -> list:
    return [
        make_review(
            make_incident(personas.partnership_team, children=("Child A", "Child B")),
            convened_by=personas.partnership_team,
            agencies=agencies,
        )
        for _ in range(count)
    ]


def queries_for(client, url: str) -> int:
    client.get(url)  # sessions, caches and the like settle on the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["partnership_team", "agency_a_rep"])
def test_the_dashboard_reads_as_many_queries_for_500_reviews_as_for_10(personas, today, persona):
    client = signed_in_client(getattr(personas, persona))
    add_reviews(personas, 10, agencies=(personas.agency_a,))
    make_incident(personas.partnership_team)  # one waiting to be convened
    with_10 = queries_for(client, reverse("core:home"))
    add_reviews(personas, 490, agencies=(personas.agency_a,))
    with_500 = queries_for(client, reverse("core:home"))
    assert with_500 == with_10
    page = client.get(reverse("core:home")).content.decode()
    assert page.count('class="govuk-table__row"') == 501  # the heading row and 500 reviews


def test_the_review_page_reads_as_many_queries_however_big_the_review(personas, today):
    team = signed_in_client(personas.partnership_team)
    small = make_review(
        make_incident(personas.partnership_team, children=("Child A",)),
        convened_by=personas.partnership_team,
    )
    add_reviews(personas, 10)
    with_10 = queries_for(team, reverse("reviews:review_detail", args=[small.reference]))

    agencies = [
        Agency.objects.create(name=f"Invented Agency {n}", agency_type=AgencyType.OTHER)
        for n in range(12)
    ]
    big = make_review(
        make_incident(
            personas.partnership_team,
            children=("Child A", "Child B", "Child C", "Child D"),
            family=tuple(f"Adult {n}" for n in range(8)),
        ),
        convened_by=personas.partnership_team,
        agencies=tuple(agencies),
    )
    add_reviews(personas, 490)
    with_500 = queries_for(team, reverse("reviews:review_detail", args=[big.reference]))
    assert with_500 == with_10
