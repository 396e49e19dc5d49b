"""The meeting's agenda: built from the released returns, with a gap for each agency that
declared involvement and has not released its return; the agenda page for everyone on the
review."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapidreview.meetings.agenda import agenda_for
from rapidreview.scoping.models import ReturnState

from ..scoping.merged_data import bulk_rows, more_agencies, released_return
from .pack_data import prepared_review, with_meeting

pytestmark = pytest.mark.django_db


def _titles(items):
    return [item.title for item in items]


def test_the_agenda_follows_the_meeting_in_order(personas):
    prepared = prepared_review(personas)
    items = agenda_for(prepared.review)
    assert _titles(items) == [
        "Welcome, introductions and apologies",
        "Purpose of the rapid review",
        "The facts of the incident",
        "Invented Police Force presents its return",
        "Invented Primary School: return not yet released",
        "The merged chronology and the involvement matrix",
        "Inter-agency challenges",
        "Immediate safeguarding actions",
        "Learning",
        "Parallel processes and the family",
        "The decision against the criteria",
        "Any other business",
    ]
    assert [item.number for item in items] == list(range(1, 13))


def test_a_released_return_is_presented_with_its_counts(personas):
    items = {item.title: item for item in agenda_for(prepared_review(personas).review)}
    police = items["Invented Police Force presents its return"]
    assert not police.gap
    assert police.agency == "Invented Police Force"
    assert police.details == (
        "2 chronology entries.",
        "Knew 2 of the 2 named individuals.",
        "Signed off by Invented Senior Leader, Head of safeguarding on 20 March 2026.",
    )
    merged = items["The merged chronology and the involvement matrix"]
    # The school's draft row is not counted: only released rows are shared with the meeting.
    assert merged.details[0] == "2 entries from 1 agency, 0 likely duplicates."


def test_a_declared_agency_without_a_released_return_shows_as_a_gap(personas):
    items = {item.title: item for item in agenda_for(prepared_review(personas).review)}
    school = items["Invented Primary School: return not yet released"]
    assert school.gap
    assert school.details == (
        "Invented Primary School declared involvement. Return status: Draft.",
    )
    # The council has not declared involvement: nothing to wait for yet.
    assert not any("Invented Council" in title for title in items)


def test_releasing_the_school_return_turns_the_gap_into_an_item(personas):
    prepared = prepared_review(personas)
    released_return(prepared.review, personas.agency_b, by=personas.agency_b_rep)
    titles = _titles(agenda_for(prepared.review))
    assert "Invented Primary School presents its return" in titles
    assert not any("not yet released" in title for title in titles)
    assert titles.index("Invented Police Force presents its return") < titles.index(
        "Invented Primary School presents its return"
    )


def test_the_decision_item_lists_the_four_criteria(personas):
    items = {item.title: item for item in agenda_for(prepared_review(personas).review)}
    details = items["The decision against the criteria"].details
    assert [line[:3] for line in details[1:5]] == ["(a)", "(b)", "(c)", "(d)"]


def test_the_agenda_reads_a_fixed_number_of_queries(personas):
    def queries(agencies: int) -> int:
        prepared = prepared_review(personas)
        for agency in more_agencies(agencies):
            prepared.review.agencies.create(agency=agency)
            scoping_return = released_return(prepared.review, agency, by=personas.agency_a_rep)
            bulk_rows(scoping_return, 5, first=prepared.police_return.created_at.date())
        with CaptureQueriesContext(connection) as captured:
            agenda_for(prepared.review)
        return len(captured)

    assert queries(1) == queries(6)


# --- the page -------------------------------------------------------------------------------------


def test_the_page_shows_the_meeting_and_the_pack_link_to_an_attendee(personas, client_for):
    prepared = prepared_review(personas)
    with_meeting(personas, prepared)
    response = client_for(personas.agency_a_rep).get(
        reverse("meetings:agenda", args=[prepared.review.reference])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Agenda – Review {prepared.review.reference} – Rapid Review" in page
    assert "16 March 2026, 10:00am to midday" in page
    assert "Room 1, Invented House" in page
    assert "Download the meeting pack (PDF)" in page
    assert reverse("meetings:pack", args=[prepared.review.reference]) in page
    assert "4. Invented Police Force presents its return" in page
    assert "Waiting for the return" in page


def test_someone_on_the_review_but_not_invited_is_told_why_there_is_no_link(personas, client_for):
    prepared = prepared_review(personas)
    with_meeting(personas, prepared)
    page = (
        client_for(personas.agency_b_rep)
        .get(reverse("meetings:agenda", args=[prepared.review.reference]))
        .content.decode()
    )
    assert "Download the meeting pack" not in page
    assert "Only the people invited to the meeting can download its pack." in page


def test_before_the_meeting_is_arranged_the_page_says_so(personas, client_for):
    prepared = prepared_review(personas)
    page = (
        client_for(personas.partnership_team)
        .get(reverse("meetings:agenda", args=[prepared.review.reference]))
        .content.decode()
    )
    assert "No meeting has been arranged yet" in page
    assert "Download the meeting pack" not in page
    assert "Invented Police Force presents its return" in page


def test_the_gap_says_where_the_return_has_got_to(personas, client_for):
    prepared = prepared_review(personas)
    url = reverse("meetings:agenda", args=[prepared.review.reference])
    client = client_for(personas.partnership_team)
    assert "Invented Primary School: return not yet released" in client.get(url).content.decode()
    type(prepared.school_return).objects.filter(pk=prepared.school_return.pk).update(
        state=ReturnState.SUBMITTED
    )
    assert "Return status: Submitted for sign-off." in client.get(url).content.decode()
