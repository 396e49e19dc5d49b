"""The participation matrix's "Scoping return" column: each agency's return state in words, a
link to the return for those who may read it, Release for the team where signed off, and the
same number of queries however many agencies and returns there are."""

import pytest
from django.urls import reverse

from rapidreview.scoping.models import ReturnState

from ..participation.test_matrix import busy_review, queries_for
from .workflow_support import declare, return_in_state, review_with_a_and_b

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def agencies_url(review) -> str:
    return reverse("participation:agencies", args=[review.reference])


def cell_of(page: str, agency_name: str) -> str:
    row = page[page.index(f"{agency_name}\n") :]
    row = row[: row.index("</tr>")]
    cells = row.split('<td class="govuk-table__cell"')
    return cells[6]  # due, invited, responded, involvement, attending, then the return


@pytest.mark.parametrize("state", list(ReturnState))
def test_the_column_says_the_state_in_words(personas, client_for, state):
    from rapidreview.participation.matrix import participation_matrix

    review = review_with_a_and_b(personas)
    return_in_state(review, personas.agency_a, state, personas)
    matrix = participation_matrix(review, today=review.convened_on)
    words = {row.agency.name: row.scoping_return.words for row in matrix.rows}
    assert words[personas.agency_a.name] == state.label
    assert words[personas.agency_b.name] == "Not started"


def test_after_a_nil_return_no_return_is_needed(personas):
    from rapidreview.participation.matrix import participation_matrix

    review = review_with_a_and_b(personas)
    declare(review, personas.agency_b, personas.agency_b_rep, involved=False)
    matrix = participation_matrix(review, today=review.convened_on)
    assert [row.scoping_return.words for row in matrix.rows] == ["Not started", "Not needed"]


def test_the_team_reads_each_return_and_releases_a_signed_off_one(personas, client_for):
    review = review_with_a_and_b(personas)
    return_in_state(review, personas.agency_a, ReturnState.SIGNED_OFF, personas)
    return_in_state(review, personas.agency_b, ReturnState.DRAFT, personas)
    page = client_for(personas.partnership_team).get(agencies_url(review)).content.decode()
    a_cell = cell_of(page, personas.agency_a.name)
    kwargs = {"reference": review.reference, "agency": personas.agency_a.public_id}
    assert ">Signed off</strong>" in a_cell
    assert reverse("scoping:agency_return", kwargs=kwargs) in a_cell
    assert reverse("scoping:return_release", kwargs=kwargs) in a_cell
    b_cell = cell_of(page, personas.agency_b.name)
    assert ">Draft</strong>" in b_cell
    assert "Read" in b_cell and "Release" not in b_cell


def test_a_partner_reads_only_released_returns_and_releases_nothing(personas, client_for):
    review = review_with_a_and_b(personas)
    return_in_state(review, personas.agency_a, ReturnState.RELEASED, personas)
    return_in_state(review, personas.agency_b, ReturnState.SIGNED_OFF, personas)
    page = client_for(personas.safeguarding_partner).get(agencies_url(review)).content.decode()
    a_cell = cell_of(page, personas.agency_a.name)
    assert ">Released to the meeting</strong>" in a_cell
    assert "Read" in a_cell
    b_cell = cell_of(page, personas.agency_b.name)
    assert ">Signed off</strong>" in b_cell
    assert "href" not in b_cell
    assert "return_release" not in page and "/release/" not in page


def with_returns(personas, review):
    """Each agency's return at a different state, cycling through them."""
    states = list(ReturnState)
    for n, review_agency in enumerate(review.agencies.select_related("agency")):
        review_agency.declaration.delete()  # return_in_state declares again
        return_in_state(review, review_agency.agency, states[n % len(states)], personas)
    return review


def test_the_matrix_with_returns_reads_as_many_queries_for_15_agencies_as_for_3(
    personas, client_for
):
    client = client_for(personas.partnership_team)
    with_3 = queries_for(client, agencies_url(with_returns(personas, busy_review(personas, 3))))
    with_15 = queries_for(client, agencies_url(with_returns(personas, busy_review(personas, 15))))
    assert with_15 == with_3
