"""The involvement matrix: agencies on the review × named individuals, from the declarations."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapidreview.participation.models import InvolvementDeclaration, InvolvementLine
from rapidreview.reviews.models import ReviewAgency
from rapidreview.scoping.merged import involvement_matrix

from ..reviews.factories import make_incident, make_review
from .merged_data import more_agencies, released_return

pytestmark = pytest.mark.django_db


def declare(review, agency, by, involved_with=(), not_involved_with=()):
    declaration = InvolvementDeclaration.objects.create(
        review_agency=ReviewAgency.objects.get(review=review, agency=agency),
        systems_searched="Invented case system",
        attested_by=by,
    )
    for person, involved in [(p, True) for p in involved_with] + [
        (p, False) for p in not_involved_with
    ]:
        is_child = person._meta.model_name == "child"
        InvolvementLine.objects.create(
            declaration=declaration,
            child=person if is_child else None,
            family_member=None if is_child else person,
            involved=involved,
            first_contact=date(2025, 6, 1) if involved else None,
            last_contact=date(2026, 2, 1) if involved else None,
        )
    return declaration


@pytest.fixture
def review(personas):
    incident = make_incident(personas.partnership_team, children=("Child A",), family=("Adult 1",))
    return make_review(
        incident,
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b, personas.partner_agency),
    )


@pytest.fixture
def declared(personas, review):
    child = review.incident.children.get()
    adult = review.incident.family.get()
    declare(review, personas.agency_a, personas.agency_a_rep, [child], [adult])
    declare(review, personas.agency_b, personas.agency_b_rep, [], [child, adult])
    return child, adult


def _words(matrix):
    return {row.agency.name: [cell.words for cell in row.cells] for row in matrix.rows}


def test_each_agency_against_each_individual(personas, review, declared):
    matrix = involvement_matrix(review)
    assert [p.pseudonym for p in matrix.people] == ["Child A", "Adult 1"]
    assert _words(matrix) == {
        "Invented Council": ["Not declared", "Not declared"],
        "Invented Police Force": ["Involved", "Not involved"],
        "Invented Primary School": ["Nil return", "Nil return"],
    }
    police = next(row for row in matrix.rows if row.agency == personas.agency_a)
    assert police.declaration == "Involved"
    assert police.cells[0].first_contact == date(2025, 6, 1)


def test_someone_named_after_the_declaration_is_not_declared(personas, review, declared):
    review.incident.children.create(
        position=2,
        full_name="Invented Latecomer",
        date_of_birth=date(2020, 1, 1),
        sex="male",
        legal_status="child_in_need",
        pseudonym="Child B",
    )
    police = _words(involvement_matrix(review))["Invented Police Force"]
    assert police == ["Involved", "Not declared", "Not involved"]


def test_unshared_declarations_are_hidden(personas, review, declared):
    police = ReviewAgency.objects.get(review=review, agency=personas.agency_a)
    matrix = involvement_matrix(review, shared_with={police.pk})
    assert _words(matrix)["Invented Primary School"] == ["Not shared yet", "Not shared yet"]
    assert _words(matrix)["Invented Police Force"] == ["Involved", "Not involved"]


def test_an_agency_sees_declarations_of_released_returns_and_its_own(
    personas, review, declared, client_for
):
    url = reverse("scoping:involvement_matrix", kwargs={"reference": review.reference})
    page = client_for(personas.agency_b_rep).get(url).content.decode()
    # Its own row is shown; the police's and the council's are not (3 tags each).
    assert page.count("Not shared yet</strong>") == 6
    assert page.count("Nil return</strong>") == 3
    released_return(review, personas.agency_a, by=personas.agency_a_rep)
    page = client_for(personas.agency_b_rep).get(url).content.decode()
    assert page.count("Not shared yet</strong>") == 3  # only the council's row now
    assert page.count("Involved</strong>") == 2
    assert "Invented Childname1" not in page


def test_the_team_sees_every_declaration(personas, review, declared, client_for):
    url = reverse("scoping:involvement_matrix", kwargs={"reference": review.reference})
    response = client_for(personas.partnership_team).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not shared yet</strong>" not in page
    assert page.count("Nil return</strong>") == 3  # the declaration column and two cells


def test_query_count_is_fixed(personas):
    def build(agencies: int, children: int):
        names = tuple(f"Child {n}" for n in range(children))
        incident = make_incident(personas.partnership_team, children=names, family=("Adult 1",))
        on = tuple(more_agencies(agencies))
        review = make_review(incident, convened_by=personas.partnership_team, agencies=on)
        for agency in on:
            declare(review, agency, personas.partnership_team, list(incident.children.all()))
        return review

    counts = []
    for review in (build(2, 1), build(8, 5)):
        with CaptureQueriesContext(connection) as queries:
            involvement_matrix(review)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5
