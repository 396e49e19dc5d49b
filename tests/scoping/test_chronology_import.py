"""Importing a chronology from CSV or Excel: the columns matched, people and contact types
recognised, every problem reported by row number, and a file with any problem importing
nothing."""

from datetime import date, datetime, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.documents.models import StoredFile
from rapidreview.scoping import chronology_import as reading
from rapidreview.scoping.models import ChronologyEntry, VersionKind

from ..participation.factories import nominate
from .chronology_support import SAMPLE_CSV, chronology_review, police_return, xlsx_bytes


@pytest.fixture
def review(personas):
    return chronology_review(personas)


@pytest.fixture
def scoping_return(personas, review):
    return police_return(personas, review)


def upload(client, review, name, content, content_type="text/csv"):
    start = reverse("scoping:chronology_import", kwargs={"reference": review.reference})
    return client.post(start, {"file": SimpleUploadedFile(name, content, content_type)})


def import_file(client, review, name, content, mapping=None):
    """Upload, then accept the guessed columns (or post `mapping`): the final response."""
    response = upload(client, review, name, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    if mapping is None:
        form = client.get(response["Location"]).context["form"]
        mapping = {key: form.initial[key] for key in form.fields}
    return client.post(response["Location"], mapping)


def sample_rows() -> list[list]:
    text = SAMPLE_CSV.read_text(encoding="utf-8-sig")
    return [line.split(",") for line in text.splitlines()]


def test_the_sample_csv_imports_ten_rows_in_one_version(
    personas, client_for, review, scoping_return
):
    client = client_for(personas.agency_a_rep)
    response = import_file(client, review, "chronology.csv", SAMPLE_CSV.read_bytes())
    assert response.status_code == 302
    rows = list(ChronologyEntry.objects.order_by("occurred_on"))
    assert len(rows) == 10
    first = rows[0]
    assert (first.occurred_on, first.occurred_at, first.contact_type) == (
        date(2025, 4, 14),
        time(9, 30),
        "home_visit",
    )
    assert first.children.count() == 1 and first.family_members.count() == 1
    assert rows[2].contact_type == "incident"  # matched by its label "Incident or call-out"
    scoping_return.refresh_from_db()
    assert scoping_return.version == 2
    assert scoping_return.versions.get().kind == VersionKind.IMPORT
    event = AuditEvent.objects.get(verb=Verb.CHRONOLOGY_IMPORTED)
    assert event.payload == {"rows": 10, "file_kind": "csv"}
    assert not StoredFile.objects.exists()  # the kept upload is gone once imported


def test_an_excel_workbook_with_real_dates_and_times_imports(
    personas, client_for, review, scoping_return
):
    rows = sample_rows()
    header, body = rows[0], rows[1:]
    cells = [header]
    for line in body:
        day, month, year = line[0].split("/") if "/" in line[0] else line[0].split("-")[::-1]
        when = datetime(int(year), int(month), int(day))
        clock = time(*map(int, line[1].split(":"))) if line[1] else None
        cells.append([when, clock, *line[2:]])
    client = client_for(personas.agency_a_rep)
    response = import_file(client, review, "chronology.xlsx", xlsx_bytes(cells))
    assert response.status_code == 302
    assert ChronologyEntry.objects.count() == 10
    assert ChronologyEntry.objects.filter(occurred_at=time(22, 15)).count() == 1
    assert AuditEvent.objects.get(verb=Verb.CHRONOLOGY_IMPORTED).payload["file_kind"] == "xlsx"


def test_a_file_with_problems_imports_nothing_and_names_each_row(
    personas, client_for, review, scoping_return
):
    rows = sample_rows()
    rows[6][0] = "31/02/2026"  # row 7 of the file
    rows[3][2] = "Child A; Uncle Bob"  # row 4
    rows[9][3] = "Chat"  # row 10
    rows[2][4] = "Dr Patel"  # row 3
    content = "\n".join(",".join(row) for row in rows).encode()
    client = client_for(personas.agency_a_rep)
    response = import_file(client, review, "chronology.csv", content)
    assert response.status_code == 200
    problems = response.context["problems"]
    assert problems == [
        "Row 3: enter the practitioner's role, not their name (for example, health visitor)",
        "Row 4: 'Uncle Bob' is not a named individual on the notification (use their full "
        "name or pseudonym; separate several with ;)",
        "Row 7: the date '31/02/2026' is not a real date",
        "Row 10: the type of contact 'Chat' is not one of: "
        + ", ".join(str(label) for label in reading.ContactType.labels),
    ]
    assert "Nothing was imported: 4 problems" in response.content.decode()
    assert not ChronologyEntry.objects.exists()
    scoping_return.refresh_from_db()
    assert scoping_return.version == 1


def test_columns_are_matched_by_their_names_and_can_be_chosen(
    personas, client_for, review, scoping_return
):
    content = (
        b"Ref,Notes,When,Who,Kind of contact,Job title\n"
        b"A1,Seen at clinic,2025-05-01,invented childname1,appointment,School nurse\n"
    )
    assert (
        reading.guess_mapping(["Ref", "Notes", "When", "Who", "Kind of contact", "Job title"])[
            "occurred_on"
        ]
        == "2"
    )
    client = client_for(personas.agency_a_rep)
    mapping = {
        "occurred_on": "2",
        "occurred_at": "",
        "people": "3",
        "contact_type": "4",
        "practitioner_role": "5",
        "what_happened": "1",
        "action_or_outcome": "",
        "source_reference": "0",
    }
    response = import_file(client, review, "mine.csv", content, mapping)
    assert response.status_code == 302
    row = ChronologyEntry.objects.get()
    assert (row.what_happened, row.source_reference, row.practitioner_role) == (
        "Seen at clinic",
        "A1",
        "School nurse",
    )
    assert row.children.get().pseudonym == "Child A"  # full name, any case


def test_a_required_column_must_be_chosen_and_used_once(
    personas, client_for, review, scoping_return
):
    client = client_for(personas.agency_a_rep)
    response = import_file(
        client,
        review,
        "chronology.csv",
        SAMPLE_CSV.read_bytes(),
        {"occurred_on": "0", "people": "0", "contact_type": "3", "practitioner_role": "4"},
    )
    page = response.content.decode()
    assert "Individuals cannot use the same column as date" in page
    assert "Select the column that holds the what happened" in page
    assert not ChronologyEntry.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"Date,Person\n", "must be a CSV file or an Excel spreadsheet"),
        ("chronology.csv", b"Date,Person\n", "has no rows under its column names"),
        ("chronology.csv", b"\xff\xfe\x00D\x00a", "must be a"),
        ("chronology.xlsx", b"PK\x03\x04 not really a workbook", "must be a"),
    ],
)
def test_files_that_cannot_be_used_are_refused_beside_the_field(
    personas, client_for, review, scoping_return, name, content, message
):
    response = upload(client_for(personas.agency_a_rep), review, name, content)
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert not StoredFile.objects.exists()


def test_only_the_uploader_can_continue_an_import(personas, client_for, review, scoping_return):
    response = upload(client_for(personas.agency_a_rep), review, "c.csv", SAMPLE_CSV.read_bytes())
    step_two = response["Location"]
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    assert client_for(personas.nominee).get(step_two).status_code == 404  # a colleague's upload
    assert client_for(personas.senior_leader).get(step_two).status_code == 403  # cannot edit
    assert client_for(personas.agency_b_rep).get(step_two).status_code == 404


def test_dates_times_and_people_are_read_in_the_usual_forms():
    assert reading.parse_date("2025-03-04") == (date(2025, 3, 4), "")
    assert reading.parse_date("4/3/2025") == (date(2025, 3, 4), "")
    assert reading.parse_date(45748.0) == (date(2025, 4, 1), "")
    assert reading.parse_date("March 4")[1].startswith("The date 'March 4' must be written")
    assert reading.parse_time(0.5) == (time(12, 0), "")
    assert reading.parse_time("9.05") == (time(9, 5), "")
    assert reading.parse_time("", datetime(2025, 3, 4, 22, 10)) == (time(22, 10), "")
    people = {"child a": "A", "invented childname1": "A", "mother": "M"}
    assert reading.match_people("Child A; MOTHER; child a", people) == (["A", "M"], "")


def test_a_fixed_file_uploaded_again_replaces_the_one_that_was_not_imported(
    personas, client_for, review, scoping_return
):
    client = client_for(personas.agency_a_rep)
    first = upload(client, review, "c.csv", SAMPLE_CSV.read_bytes())
    second = upload(client, review, "c.csv", SAMPLE_CSV.read_bytes())
    assert first["Location"] != second["Location"]
    assert StoredFile.objects.count() == 1
    assert client.get(first["Location"]).status_code == 404
    assert client.get(second["Location"]).status_code == 200
