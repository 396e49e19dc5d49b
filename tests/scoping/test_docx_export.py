"""A return as a Word document: python-docx reads it back with the right content, LibreOffice
converts it to PDF, the export is audited, and only those who may see the return get it."""

import io
import shutil
import subprocess
from datetime import date, time

import pytest
from django.urls import reverse
from docx import Document

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.scoping.docx_export import build_document
from rapidreview.scoping.models import ContactType, ScopingReturn

from ..reviews.factories import make_incident, make_review
from .factories import make_return
from .merged_data import add_row, released_return

pytestmark = pytest.mark.django_db

ANSWERS = {
    "A": {"author_role": "Detective sergeant", "dsl_consulted": "yes"},
    "D": {"summary": "Invented summary naming Invented Childname1 in passing."},
    "E": {
        "concerns": "no",
        "actions": [
            {
                "action": "Invented action",
                "owner": "Team manager",
                "date": "2026-04-01",
                "status": "in_progress",
            },
        ],
    },
}


@pytest.fixture
def scoping_return(personas) -> ScopingReturn:
    incident = make_incident(personas.partnership_team, children=("Child A",), family=("Adult 1",))
    review = make_review(
        incident,
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b),
    )
    scoping_return = released_return(review, personas.agency_a, by=personas.agency_a_rep)
    ScopingReturn.objects.filter(pk=scoping_return.pk).update(answers=ANSWERS)
    scoping_return.refresh_from_db()
    add_row(
        scoping_return,
        on=date(2026, 2, 10),
        at=time(14, 30),
        people=[incident.children.get(), incident.family.get()],
        contact_type=ContactType.INCIDENT,
        what="Invented call-out\x0b to the home of Invented Adultname1.",
        role="Response officer",
        source="INV-123",
    )
    return scoping_return


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_document_holds_the_return(scoping_return):
    content, rows = build_document(scoping_return, pseudonyms=False)
    document = Document(io.BytesIO(content))
    text = _text(document)
    assert rows == 1
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:7] == [
        "A. Agency and author",
        "B. Involvement",
        "C. Chronology",
        "D. Summary and analysis",
        "E. Immediate safety and learning",
        "F. Records, alerts and parallel processes",
        "G. Key information for the meeting",
    ]
    reference = scoping_return.review_agency.review.reference
    assert reference in text and "Invented Police Force" in text
    # The questions as the section forms word them, the answers in words.
    assert "Author's role" in text and "Detective sergeant" in text
    assert "Was the designated safeguarding lead consulted?" in text
    assert "Brief summary of your agency's involvement" in text
    action_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Action")
    assert [c.text for c in action_table.rows[1].cells] == [
        "Invented action",
        "Team manager",
        "1 April 2026",
        "In progress",
    ]
    assert "10 February 2026" in text and "2:30pm" in text and "Response officer" in text
    assert "Invented Childname1" in text and "Invented Adultname1" in text
    assert "Invented Senior Leader" in text and "I am sighted on this return." in text
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE"


def test_pseudonymised_on_request(scoping_return):
    content, _ = build_document(scoping_return, pseudonyms=True)
    text = _text(Document(io.BytesIO(content)))
    assert "Invented Childname1" not in text and "Invented Adultname1" not in text
    assert "Child A, Adult 1" in text
    assert "naming Child A in passing" in text and "home of Adult 1" in text


def test_download_is_audited_and_named_without_personal_data(personas, scoping_return, client_for):
    review = scoping_return.review_agency.review
    url = reverse(
        "scoping:return_docx",
        kwargs={"reference": review.reference, "agency": personas.agency_a.public_id},
    )
    response = client_for(personas.agency_b_rep).get(url + "?names=pseudonyms")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{review.reference}-Invented-Police-Force-scoping-return.docx"'
    )
    assert "Invented Childname1" not in _text(Document(io.BytesIO(response.content)))
    event = AuditEvent.objects.filter(verb=Verb.EXPORTED).latest("sequence")
    assert event.review_reference == review.reference
    assert event.payload["format"] == "docx"
    assert event.payload["individuals"] == "pseudonyms"
    assert "Invented Childname1" not in str(event.payload)


def test_an_unreleased_return_is_not_found_outside_its_agency(personas, client_for):
    incident = make_incident(personas.partnership_team)
    review = make_review(
        incident,
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b),
    )
    make_return(review, personas.agency_a, by=personas.agency_a_rep)
    url = reverse(
        "scoping:return_docx",
        kwargs={"reference": review.reference, "agency": personas.agency_a.public_id},
    )
    assert client_for(personas.agency_b_rep).get(url).status_code == 404
    assert client_for(personas.agency_a_rep).get(url).status_code == 200
    assert not AuditEvent.objects.filter(verb=Verb.EXPORTED, actor=personas.agency_b_rep).exists()


def test_libreoffice_converts_it_to_pdf(scoping_return, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is not installed: run `make office`")
    content, _ = build_document(scoping_return, pseudonyms=False)
    source = tmp_path / "return.docx"
    source.write_bytes(content)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "return.pdf"
    assert pdf.exists(), result.stdout + result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_return_pages_link_to_the_word_document(personas, client_for, scoping_return):
    reference = scoping_return.review_agency.review.reference
    agency_id = scoping_return.review_agency.agency.public_id
    docx_url = reverse("scoping:return_docx", args=[reference, agency_id])
    for who, page in (
        (personas.agency_a_rep, reverse("scoping:return_overview", args=[reference])),
        (personas.agency_b_rep, reverse("scoping:agency_return", args=[reference, agency_id])),
    ):
        client = client_for(who)
        assert docx_url in client.get(page).content.decode()
        response = client.get(docx_url)
        assert response.status_code == 200
        assert Document(
            io.BytesIO(
                b"".join(response.streaming_content) if response.streaming else response.content
            )
        )
