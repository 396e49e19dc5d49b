"""The audit trail pages: who may open them, the filter, the pages of results, the times, the
query budget and the CSV export."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapidreview.accounts.models import Role
from rapidreview.audit.export import csv_lines
from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.audit.queries import audit_events
from rapidreview.audit.services import audit_record
from tests.factories import AgencyFactory, make_user

pytestmark = pytest.mark.django_db

LIST = reverse("audit:event_list")
EXPORT = reverse("audit:export_csv")


def at(when: datetime, **kwargs) -> AuditEvent:
    kwargs.setdefault("actor", None)
    kwargs.setdefault("verb", Verb.PAGE_VIEWED)
    with time_machine.travel(when, tick=False):
        return audit_record(**kwargs)


def rows(response) -> list[str]:
    """The text of each row in the events table."""
    html = response.content.decode()
    body = html.split('<tbody class="govuk-table__body">', 1)[-1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("</tr>")
    ][:-1]


def download(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


# --- who may open them ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["partnership_team", "scrutineer"])
@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_the_partnership_team_and_the_scrutineer_can_open_the_audit_pages(
    personas, client_for, persona, url
):
    assert client_for(personas.by_name(persona)).get(url).status_code == 200


@pytest.mark.parametrize(
    "persona", ["agency_a_rep", "agency_b_rep", "senior_leader", "safeguarding_partner"]
)
@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_everyone_else_is_refused_the_audit_pages(personas, client_for, persona, url):
    client = client_for(personas.by_name(persona))
    before = AuditEvent.objects.count()
    response = client.get(url)
    assert response.status_code == 403
    assert "Only the partnership team and the scrutineer" in response.content.decode()
    # A refusal writes no page view or export event.
    assert AuditEvent.objects.count() == before


def test_someone_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


# --- the filter -------------------------------------------------------------------------------


@pytest.fixture
def scrutineer(personas, client_for):
    """A signed-in scrutineer. Signing in is itself the first event."""
    return client_for(personas.scrutineer)


@pytest.fixture
def varied_events(personas, scrutineer):
    """Events from different people, agencies, reviews and days, after the scrutineer's
    sign-in (which happened now, in real time)."""
    when = datetime(2025, 1, 13, 14, 30, tzinfo=UTC)
    return {
        "sign_in": AuditEvent.objects.get(verb=Verb.PASSWORD_ACCEPTED),
        "a_rep": at(
            when, actor=personas.agency_a_rep, review_reference="RR-2027-001", verb=Verb.EXPORTED
        ),
        "b_rep": at(
            when.replace(day=14), actor=personas.agency_b_rep, review_reference="RR-2027-002"
        ),
        "team": at(when.replace(day=15), actor=personas.partnership_team, verb=Verb.USER_CHANGED),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (lambda p: {"user": p.agency_b_rep.public_id}, ["b_rep"]),
        (lambda p: {"agency": p.agency_a.public_id}, ["a_rep"]),
        (lambda p: {"review": "rr-2027-002 "}, ["b_rep"]),
        (lambda p: {"verb": Verb.USER_CHANGED}, ["team"]),
        (lambda p: {"date_from": "14/1/2025", "date_to": "31/12/2025"}, ["team", "b_rep"]),
        (lambda p: {"date_to": "14 January 2025"}, ["b_rep", "a_rep"]),
        (lambda p: {"date_from": "2025-01-14", "date_to": "14/01/2025"}, ["b_rep"]),
        (lambda p: {"agency": p.agency_a.public_id, "verb": Verb.PASSWORD_ACCEPTED}, []),
        (lambda p: {}, ["team", "b_rep", "a_rep", "sign_in"]),
    ],
)
def test_the_filter_narrows_the_events(personas, scrutineer, varied_events, query, expected):
    response = scrutineer.get(LIST, query(personas))
    assert response.status_code == 200
    shown = response.context["page"].object_list if response.context["page"] else []
    assert [event.pk for event in shown] == [varied_events[name].pk for name in expected]
    if not expected:
        assert "No events match these filters." in response.content.decode()


def test_chosen_filters_are_shown_as_tags_that_remove_themselves(
    personas, client_for, varied_events
):
    response = client_for(personas.scrutineer).get(
        LIST, {"agency": personas.agency_a.public_id, "review": "RR-2027-001", "page": "1"}
    )
    html = response.content.decode()
    assert "Selected filters" in html
    assert 'href="/audit/?review=RR-2027-001"' in html  # removes the agency, keeps the review
    assert f'href="/audit/?agency={personas.agency_a.public_id}"' in html
    assert "Clear filters" in html


def test_dates_are_whole_days_in_uk_time(personas, client_for):
    # 11:30pm and 12:30am either side of midnight in British Summer Time (UTC+1).
    late = at(datetime(2027, 6, 13, 22, 30, tzinfo=UTC))
    early = at(datetime(2027, 6, 13, 23, 30, tzinfo=UTC))
    client = client_for(personas.partnership_team)

    on_13th = client.get(LIST, {"date_from": "13/6/2027", "date_to": "13/6/2027"})
    on_14th = client.get(LIST, {"date_from": "14/6/2027", "date_to": "14/6/2027"})
    assert [e.pk for e in on_13th.context["page"]] == [late.pk]
    assert [e.pk for e in on_14th.context["page"]] == [early.pk]


def test_a_to_date_before_the_from_date_is_explained_beside_it_and_answers_are_kept(
    personas, client_for, varied_events
):
    response = client_for(personas.partnership_team).get(
        LIST, {"review": "RR-2027-001", "date_from": "14/1/2027", "date_to": "13/1/2027"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Audit trail" in html
    assert "There is a problem" in html
    assert '<a href="#id_date_to">Date to must be the same as or after date from</a>' in html
    assert re.search(
        r'id="id_date_to-error" class="govuk-error-message">.*Date to must be the same as or after date from',
        html,
    )
    assert 'value="RR-2027-001"' in html
    assert 'value="14/1/2027"' in html and 'value="13/1/2027"' in html
    assert response.context["page"] is None
    assert "Correct the filter to see matching events." in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "31/2/2027"}, "Date from must be a real date, for example 13/1/2027"),
        ({"date_to": "next week"}, "Date to must be a real date, for example 13/1/2027"),
        ({"user": "not-a-person"}, "Select a user from the list"),
        ({"agency": "00000000-0000-0000-0000-000000000000"}, "Select an agency from the list"),
        ({"verb": "hacked"}, "Select what happened from the list"),
        ({"review": "R" * 31}, "Review reference must be 30 characters or fewer"),
    ],
)
def test_filter_answers_that_make_no_sense_get_a_message(personas, client_for, query, message):
    response = client_for(personas.partnership_team).get(LIST, query)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_bad_filter_on_the_export_goes_back_to_the_list_to_explain(personas, client_for):
    query = {"date_from": "14/1/2027", "date_to": "13/1/2027"}
    response = client_for(personas.partnership_team).get(EXPORT, query)
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?date_from=14%2F1%2F2027&date_to=13%2F1%2F2027"
    assert not AuditEvent.objects.filter(verb=Verb.EXPORTED).exists()


# --- pages of results and times ---------------------------------------------------------------


def test_events_come_fifty_to_a_page_with_the_filter_kept_in_the_page_links(personas, client_for):
    for minute in range(60):
        at(datetime(2027, 1, 13, 9, minute, tzinfo=UTC), review_reference="RR-2027-001")
    at(datetime(2027, 1, 13, 11, 0, tzinfo=UTC), review_reference="RR-2027-002")
    client = client_for(personas.partnership_team)

    first = client.get(LIST, {"review": "RR-2027-001"})
    html = first.content.decode()
    assert "Showing 1 to 50 of 60 events" in html
    assert '<nav class="govuk-pagination" aria-label="Pagination">' in html
    assert 'href="?review=RR-2027-001&amp;page=2" rel="next"' in html

    second = client.get(LIST, {"review": "RR-2027-001", "page": "2"})
    assert "Showing 51 to 60 of 60 events" in second.content.decode()
    assert len(second.context["page"]) == 10
    assert 'rel="prev"' in second.content.decode()


@pytest.mark.parametrize(
    ("when", "shown"),
    [
        (datetime(2027, 1, 13, 14, 30, 5, tzinfo=UTC), "13 January 2027, 2:30pm"),
        (datetime(2027, 6, 13, 13, 30, tzinfo=UTC), "13 June 2027, 2:30pm"),  # BST
        (datetime(2027, 6, 13, 8, 5, tzinfo=UTC), "13 June 2027, 9:05am"),
        (datetime(2027, 1, 13, 12, 0, tzinfo=UTC), "13 January 2027, midday"),
        (datetime(2027, 6, 12, 23, 0, tzinfo=UTC), "13 June 2027, midnight"),
    ],
)
def test_times_are_shown_in_uk_time_in_govuk_style(personas, client_for, when, shown):
    client = client_for(personas.partnership_team)
    at(when, actor=personas.agency_a_rep)
    response = client.get(LIST)
    assert rows(response)[0].startswith(f"{shown} Alex Arep Invented Police Force Page viewed")


def test_the_list_costs_the_same_queries_however_many_events_and_people(personas, client_for):
    client = client_for(personas.partnership_team)
    at(datetime(2027, 1, 13, 9, 0, tzinfo=UTC), actor=personas.agency_a_rep)
    client.get(LIST)  # warm up: the session, the device and the templates
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200

    for number in range(40):
        agency = AgencyFactory()
        person = make_user(Role.AGENCY_REPRESENTATIVE, agency)
        at(
            datetime(2027, 1, 14, 9, number, tzinfo=UTC),
            actor=person,
            review_reference=f"RR-{number}",
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["page"]) == 44  # 40 new, the first, and three page views
    assert len(many) == len(few)


# --- the CSV export ---------------------------------------------------------------------------


def test_the_export_holds_the_filtered_events_and_is_itself_audited(
    personas, scrutineer, varied_events
):
    response = scrutineer.get(
        EXPORT, {"agency": personas.agency_a.public_id, "date_to": "31/1/2025"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="audit-trail-\d{4}-\d\d-\d\d\.csv"', response["Content-Disposition"]
    )
    header, *lines = download(response)
    assert header[:4] == ["Event", "Time (UK)", "Name", "Email address"]
    assert len(lines) == 1
    row = dict(zip(header, lines[0], strict=True))
    assert row["Event"] == str(varied_events["a_rep"].sequence)
    assert row["Time (UK)"] == "2025-01-13T14:30:00+00:00"
    assert row["Name"] == "Alex Arep"
    assert row["Agency"] == "Invented Police Force"
    assert row["What happened"] == "Exported"
    assert row["Review"] == "RR-2027-001"

    exported = AuditEvent.objects.get(verb=Verb.EXPORTED, actor=personas.scrutineer)
    assert exported.payload == {
        "export": "audit trail",
        "format": "csv",
        "filters": {"agency": str(personas.agency_a.public_id), "date_to": "2025-01-31"},
        "rows": 1,
    }
    assert exported.actor_role == Role.SCRUTINEER


def test_the_export_does_not_include_its_own_event_or_later_ones(personas, client_for):
    client = client_for(personas.partnership_team)  # event 1: signed in
    at(datetime(2027, 1, 13, 9, 0, tzinfo=UTC))  # event 2
    response = client.get(EXPORT)  # event 3: exported
    at(datetime(2027, 1, 13, 10, 0, tzinfo=UTC))  # event 4, while the file is being sent
    _, *lines = download(response)
    assert [line[0] for line in lines] == ["2", "1"]
    assert AuditEvent.objects.get(verb=Verb.EXPORTED).payload["rows"] == 2


def test_the_export_reads_every_matching_event_a_batch_at_a_time(personas):
    for minute in range(7):
        at(datetime(2027, 1, 13, 9, minute, tzinfo=UTC))
    events = audit_events(viewer=personas.scrutineer)
    with CaptureQueriesContext(connection) as queries:
        lines = list(csv_lines(events, batch_size=3))
    assert [line.split(",")[0] for line in lines[1:]] == [str(n) for n in range(7, 0, -1)]
    # Batches of 3, 3 and 1, then one empty read to find the end.
    assert len(queries) == 4


@pytest.mark.parametrize(
    "dangerous", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]
)
def test_cells_a_spreadsheet_would_run_as_a_formula_are_made_text(personas, client_for, dangerous):
    person = make_user(Role.PARTNERSHIP_TEAM, full_name=dangerous)
    audit_record(actor=person, verb=Verb.USER_CHANGED, payload={"note": "x"})
    response = client_for(personas.partnership_team).get(EXPORT, {"user": person.public_id})
    header, line = download(response)
    assert dict(zip(header, line, strict=True))["Name"] == "'" + dangerous
