"""The merged multi-agency chronology: released rows only, filters, likely duplicates, the names
switch, and a query count that does not grow with the data."""

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.scoping.merged import ChronologyFilters, merged_chronology
from rapidreview.scoping.models import ContactType, ReturnState

from ..reviews.factories import make_incident, make_review
from .factories import make_return
from .merged_data import add_row, bulk_rows, more_agencies, released_return

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(personas):
    incident = make_incident(
        personas.partnership_team, children=("Child A", "Child B"), family=("Adult 1",)
    )
    return make_review(
        incident,
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b, personas.partner_agency),
    )


@pytest.fixture
def people(review):
    children = list(review.incident.children.order_by("position"))
    return {"A": children[0], "B": children[1], "adult": review.incident.family.get()}


@pytest.fixture
def rows(personas, review, people):
    """Police and school released; the council's return is still a draft."""
    police = released_return(review, personas.agency_a, by=personas.agency_a_rep)
    school = released_return(review, personas.agency_b, by=personas.agency_b_rep)
    draft = make_return(review, personas.partner_agency, by=personas.partnership_team)
    return {
        "police_visit": add_row(
            police, on=date(2026, 2, 10), at=time(9, 30), people=[people["A"], people["adult"]]
        ),
        "school_same_day": add_row(
            school,
            on=date(2026, 2, 10),
            people=[people["A"]],
            contact_type=ContactType.ATTENDANCE,
            what="Invented: absent from school.",
        ),
        "police_other_child": add_row(
            police, on=date(2026, 2, 11), people=[people["B"]], contact_type=ContactType.REFERRAL
        ),
        "school_later": add_row(school, on=date(2026, 3, 1), people=[people["B"]]),
        "draft_row": add_row(draft, on=date(2026, 2, 10), people=[people["A"]]),
    }


def _entries(chronology):
    return [row.entry for row in chronology.rows]


def test_only_released_rows_in_date_order_with_their_agency(personas, review, rows):
    chronology = merged_chronology(review)
    assert _entries(chronology) == [
        rows["police_visit"],
        rows["school_same_day"],
        rows["police_other_child"],
        rows["school_later"],
    ]
    assert chronology.total == 4
    assert [row.agency for row in chronology.rows] == [
        personas.agency_a,
        personas.agency_b,
        personas.agency_a,
        personas.agency_b,
    ]


def test_same_day_same_individual_different_agencies_is_a_likely_duplicate(review, rows):
    marked = {row.entry: row.likely_duplicate for row in merged_chronology(review).rows}
    assert marked[rows["police_visit"]] is True
    assert marked[rows["school_same_day"]] is True
    # Another child the next day, and a later row: not duplicates. Nor does the council's
    # unreleased row on 10 February make one.
    assert marked[rows["police_other_child"]] is False
    assert marked[rows["school_later"]] is False


def test_two_rows_of_one_agency_on_the_same_day_are_not_duplicates(personas, review, people):
    police = released_return(review, personas.agency_a, by=personas.agency_a_rep)
    add_row(police, on=date(2026, 2, 10), people=[people["A"]])
    add_row(police, on=date(2026, 2, 10), people=[people["A"]])
    assert not any(row.likely_duplicate for row in merged_chronology(review).rows)


def test_duplicates_are_found_across_all_rows_whatever_the_filter(personas, review, rows):
    only_police = ChronologyFilters(agency=str(personas.agency_a.public_id))
    chronology = merged_chronology(review, filters=only_police)
    assert _entries(chronology) == [rows["police_visit"], rows["police_other_child"]]
    assert chronology.rows[0].likely_duplicate


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ChronologyFilters(person="child-2"), ["police_other_child", "school_later"]),
        (ChronologyFilters(person="family-1"), ["police_visit"]),
        (ChronologyFilters(date_from=date(2026, 2, 11)), ["police_other_child", "school_later"]),
        (ChronologyFilters(date_to=date(2026, 2, 10)), ["police_visit", "school_same_day"]),
        (
            ChronologyFilters(date_from=date(2026, 2, 11), date_to=date(2026, 2, 11)),
            ["police_other_child"],
        ),
        (ChronologyFilters(contact_type=ContactType.REFERRAL), ["police_other_child"]),
        (
            ChronologyFilters(person="child-1", date_to=date(2026, 2, 28)),
            ["police_visit", "school_same_day"],
        ),
    ],
)
def test_filters(review, rows, filters, expected):
    assert _entries(merged_chronology(review, filters=filters)) == [rows[n] for n in expected]


def test_page_filters_keep_their_values_and_default_to_pseudonyms(
    personas, review, rows, client_for
):
    url = reverse("scoping:merged_chronology", kwargs={"reference": review.reference})
    query = "?person=child-1&date_from_day=10&date_from_month=2&date_from_year=2026"
    response = client_for(personas.agency_b_rep).get(url + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Showing 2 of 4 rows" in page
    assert '<option value="child-1" selected>Child A</option>' in page
    assert 'name="date_from_day" value="10"' in page
    assert "Invented Childname1" not in page and "Invented Adultname1" not in page
    assert page.count("Likely duplicate</strong>") == 2
    assert "Invented: absent from school." in page
    assert "Show names" in page
    # Word downloads of the released returns only (not the council's draft).
    police, school = personas.agency_a.public_id, personas.agency_b.public_id
    assert f"/returns/{police}/return.docx?names=pseudonyms" in page
    assert f"/returns/{school}/return.docx?names=pseudonyms" in page
    assert f"/returns/{personas.partner_agency.public_id}/return.docx" not in page


def test_the_names_switch_shows_full_names(personas, review, rows, client_for):
    url = reverse("scoping:merged_chronology", kwargs={"reference": review.reference})
    response = client_for(personas.partnership_team).get(url + "?names=full")
    page = response.content.decode()
    assert "Invented Childname1" in page and "Invented Adultname1" in page
    assert "Show pseudonyms" in page
    # Filtering keeps the choice.
    assert 'type="hidden" name="names" value="full"' in page


def test_the_page_view_is_audited_without_the_filters(personas, review, rows, client_for):
    url = reverse("scoping:merged_chronology", kwargs={"reference": review.reference})
    client_for(personas.partnership_team).get(url + "?person=child-1&names=full")
    event = AuditEvent.objects.filter(verb=Verb.PAGE_VIEWED).latest("sequence")
    assert event.review_reference == review.reference
    assert event.payload["page"] == "scoping:merged_chronology"
    assert "child-1" not in str(event.payload)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?date_from_day=31&date_from_month=2&date_from_year=2026", "From must be a real date"),
        ("?date_to_day=1&date_to_year=2026", "To must include a month"),
        (
            "?date_from_day=2&date_from_month=3&date_from_year=2026"
            "&date_to_day=1&date_to_month=3&date_to_year=2026",
            "The ‘To’ date must be the same as or after the ‘From’ date",
        ),
        ("?person=child-99", "Select an individual from the list"),
        ("?agency=not-an-agency", "Select an agency from the list"),
        ("?contact_type=gossip", "Select a contact type from the list"),
    ],
)
def test_bad_filters_are_explained_beside_the_field(
    personas, review, rows, client_for, query, message
):
    url = reverse("scoping:merged_chronology", kwargs={"reference": review.reference})
    response = client_for(personas.partnership_team).get(url + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert page.count(message) == 2  # in the summary and beside the field
    assert "Correct the filter to see matching rows" in page
    assert "merged-chronology-caption" not in page


def test_no_released_returns_says_so(personas, review, client_for):
    make_return(review, personas.agency_a, by=personas.agency_a_rep, state=ReturnState.DRAFT)
    url = reverse("scoping:merged_chronology", kwargs={"reference": review.reference})
    page = client_for(personas.partnership_team).get(url).content.decode()
    assert "No returns have been released to the meeting yet" in page


def _build(personas, agencies_count: int, rows_each: int):
    incident = make_incident(personas.partnership_team, children=("Child A",), family=("Adult 1",))
    agencies = more_agencies(agencies_count)
    review = make_review(incident, convened_by=personas.partnership_team, agencies=tuple(agencies))
    people = [*incident.children.all(), *incident.family.all()]
    for agency in agencies:
        scoping_return = released_return(review, agency, by=personas.partnership_team)
        bulk_rows(scoping_return, rows_each, first=date(2025, 4, 1), people=people)
    return review


def _queries(personas, client_for, review) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as direct:
        chronology = merged_chronology(review, filters=ChronologyFilters(person="child-1"))
        assert all(row.likely_duplicate for row in chronology.rows)
    client = client_for(personas.partnership_team)
    url = reverse("scoping:merged_chronology", kwargs={"reference": review.reference})
    with CaptureQueriesContext(connection) as page:
        assert client.get(url + "?names=full").status_code == 200
    return len(direct), len(page)


def test_the_query_count_does_not_grow_with_agencies_or_rows(personas, client_for):
    small = _queries(personas, client_for, _build(personas, 2, 10))
    large_review = _build(personas, 8, 200)
    assert len(merged_chronology(large_review).rows) == 1600
    large = _queries(personas, client_for, large_review)
    assert small == large
    assert small[0] <= 5
