"""The chronology pages: the agency adds, changes and removes rows through its forms; others read
it; the Excel export opens and holds the rows."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.scoping import chronology
from rapidreview.scoping.models import ChronologyEntry, ReturnState, ScopingReturn, SectionDraft
from rapidreview.scoping.services import draft_autosave

from .chronology_support import chronology_review, police_return, values


@pytest.fixture
def review(personas):
    return chronology_review(personas)


@pytest.fixture
def scoping_return(personas, review):
    return police_return(personas, review)


def url(name, review, **kwargs):
    return reverse(f"scoping:{name}", kwargs={"reference": review.reference, **kwargs})


def posted(**changes):
    return {
        "occurred_on_day": "2",
        "occurred_on_month": "6",
        "occurred_on_year": "2025",
        "occurred_at": "14:05",
        "people": ["child-1", "family-1"],
        "contact_type": "appointment",
        "practitioner_role": "GP",
        "what_happened": "Routine appointment",
        "action_or_outcome": "",
        "source_reference": "GP-1",
    } | changes


def test_the_representative_adds_a_row_and_sees_it_with_the_names(
    personas, client_for, review, scoping_return
):
    client = client_for(personas.agency_a_rep)
    form = client.get(url("chronology_add", review))
    assert b'name="revision"' in form.content
    response = client.post(url("chronology_add", review), posted())
    assert response.status_code == 302
    row = ChronologyEntry.objects.get()
    assert (row.occurred_on, row.occurred_at.hour, row.contact_type) == (
        date(2025, 6, 2),
        14,
        "appointment",
    )
    page = client.get(url("chronology", review)).content.decode()
    assert "Invented Childname1" in page and "Invented Adultname1" in page
    assert "2 June 2025" in page and "2:05pm" in page


def test_a_form_with_mistakes_keeps_the_answers_and_saves_nothing(
    personas, client_for, review, scoping_return
):
    client = client_for(personas.agency_a_rep)
    response = client.post(
        url("chronology_add", review),
        posted(people=[], occurred_at="25:00", practitioner_role="Mr Smith"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select at least one named individual" in page
    assert "Enter the time like 09:30 or 14:05" in page
    assert "role, not their name" in page
    assert "Routine appointment" in page
    assert not ChronologyEntry.objects.exists()


def test_an_edit_from_an_old_page_is_refused_and_says_so(
    personas, client_for, review, scoping_return
):
    row = chronology.row_add(
        actor=personas.agency_a_rep, scoping_return=scoping_return, values=values(review)
    )
    edit = url("chronology_edit", review, row_id=row.public_id)
    first = client_for(personas.agency_a_rep)
    assert first.post(edit, posted(revision="1", what_happened="One")).status_code == 302
    second = client_for(personas.agency_a_rep)
    response = second.post(edit, posted(revision="1", what_happened="Two"))
    assert response.status_code == 200
    assert "Your changes were not saved" in response.content.decode()
    row.refresh_from_db()
    assert row.what_happened == "One"


def test_removing_asks_first_then_removes(personas, client_for, review, scoping_return):
    row = chronology.row_add(
        actor=personas.agency_a_rep, scoping_return=scoping_return, values=values(review)
    )
    client = client_for(personas.agency_a_rep)
    remove = url("chronology_remove", review, row_id=row.public_id)
    assert "Are you sure" in client.get(remove).content.decode()
    assert ChronologyEntry.objects.exists()
    assert client.post(remove).status_code == 302
    assert not ChronologyEntry.objects.exists()


def test_a_submitted_return_is_read_only(personas, client_for, review, scoping_return):
    scoping_return.state = ReturnState.SUBMITTED
    scoping_return.save()
    client = client_for(personas.agency_a_rep)
    page = client.get(url("chronology", review)).content.decode()
    assert "cannot be changed now" in page and "Add a row" not in page
    assert client.post(url("chronology_add", review), posted()).status_code == 403


def test_the_team_reads_an_agencys_chronology_and_others_do_not_see_it(
    personas, client_for, review, scoping_return
):
    chronology.row_add(
        actor=personas.agency_a_rep, scoping_return=scoping_return, values=values(review)
    )
    agency_url = url("agency_chronology", review, agency=personas.agency_a.public_id)
    page = client_for(personas.partnership_team).get(agency_url).content.decode()
    assert "Planned visit" in page and "Change" not in page
    assert client_for(personas.agency_b_rep).get(agency_url).status_code == 404


def test_the_export_opens_in_excel_and_holds_the_rows_in_date_order(
    personas, client_for, review, scoping_return
):
    chronology.row_add(
        actor=personas.agency_a_rep,
        scoping_return=scoping_return,
        values=values(review, occurred_on=date(2025, 9, 1), what_happened="Later"),
    )
    chronology.row_add(
        actor=personas.agency_a_rep,
        scoping_return=scoping_return,
        values=values(
            review,
            occurred_at=None,
            people=[*review.incident.children.all(), *review.incident.family.all()],
        ),
    )
    response = client_for(personas.agency_a_rep).get(url("chronology_export", review))
    assert response["Content-Disposition"].endswith(f'{review.reference}-chronology.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Date", "Time", "Individuals")
    assert rows[1][0].date() == date(2025, 6, 2)
    assert rows[1][1:4] == (None, "Invented Childname1; Invented Adultname1", "Home visit")
    assert rows[2][5] == "Later"
    event = AuditEvent.objects.get(verb=Verb.EXPORTED)
    assert event.payload == {"what": "chronology", "format": "xlsx", "rows": 2}


def test_the_template_can_be_imported_as_it_is_apart_from_its_example_names(
    personas, client_for, review
):
    response = client_for(personas.agency_a_rep).get(url("chronology_template", review))
    header = response.content.decode().splitlines()[0]
    assert header.startswith("Date,Time,Individuals,Type of contact")


def test_an_autosaved_row_is_offered_back_and_saving_it_removes_the_draft(
    personas, client_for, review, scoping_return
):
    draft_autosave(
        actor=personas.agency_a_rep,
        scoping_return=scoping_return,
        section="C:new",
        data=posted(what_happened="Typed before the sign-in timed out"),
        base_version=1,
    )
    client = client_for(personas.agency_a_rep)
    page = client.get(url("chronology_add", review)).content.decode()
    assert "We kept your unsaved answers" in page
    assert "Typed before the sign-in timed out" in page
    assert "There is a problem" not in page
    assert client.post(url("chronology_add", review), posted()).status_code == 302
    assert not SectionDraft.objects.exists()


def test_reading_the_chronology_starts_no_return_and_the_first_row_does(
    personas, client_for, review
):
    client = client_for(personas.agency_a_rep)
    assert client.get(url("chronology", review)).status_code == 200
    assert not ScopingReturn.objects.exists()
    assert client.post(url("chronology_add", review), posted()).status_code == 302
    assert ScopingReturn.objects.get().chronology.count() == 1
