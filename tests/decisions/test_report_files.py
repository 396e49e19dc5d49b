"""The report as Word and PDF files: python-docx and pypdf read back every section and no name of
anyone on the review, LibreOffice converts the Word file, each page is marked OFFICIAL-SENSITIVE,
and a report that names someone is refused and recorded, the fields named, the names not."""

import io
import shutil
import subprocess

import pytest
from docx import Document
from pypdf import PdfReader

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.decisions import reporting
from rapidreview.decisions.report_docx import docx_text
from rapidreview.documents.pdf import pdf_text

from .report_data import FORBIDDEN, report_review, write
from .test_report_content import SECTIONS

pytestmark = pytest.mark.django_db

HEADINGS = [f"{number}. {heading}" for number, heading in enumerate(SECTIONS, start=1)]


@pytest.fixture
def data(personas):
    return report_review(personas)


def _assert_anonymous(text: str) -> None:
    for forbidden in FORBIDDEN:
        assert forbidden.lower() not in text.lower(), forbidden


def test_the_word_file_holds_every_section_and_no_name(data):
    content = reporting.generate(data.review, "docx", actor=data.review.convened_by)
    document = Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == HEADINGS
    assert document.paragraphs[0].text == f"Rapid review: {data.review.reference}"
    text = docx_text(content)
    assert "Example Safeguarding Children Partnership" in text
    assert "Child A and Child B lived with Mother and Mother's partner." in text
    assert "Why was the absence in January not referred?" in text
    assert "Delegated safeguarding partner" in text and "8 years" in text
    _assert_anonymous(text)
    for section in document.sections:
        assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
        assert section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    event = AuditEvent.objects.filter(verb=Verb.REPORT_GENERATED).latest("sequence")
    assert event.review_reference == data.review.reference
    assert event.payload == {"format": "docx", "bytes": len(content)}


def test_libreoffice_converts_the_word_file_to_pdf(data, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is not installed: run `make office`")
    source = tmp_path / "report.docx"
    source.write_bytes(reporting.generate(data.review, "docx", actor=None))
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
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    converted = (tmp_path / "out" / "report.pdf").read_bytes()
    text = pdf_text(converted)
    for heading in HEADINGS:
        assert heading in text
    _assert_anonymous(text)


def test_the_pdf_holds_every_section_and_no_name_with_the_marking_on_every_page(data):
    content = reporting.generate(data.review, "pdf", actor=data.review.convened_by)
    reader = PdfReader(io.BytesIO(content))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") == 2, number
        assert f"Page {number} of {len(pages)}" in page
    text = "\n".join(pages)
    for heading in HEADINGS:
        assert heading in " ".join(text.split())
    assert f"Rapid review: {data.review.reference}" in text
    _assert_anonymous(pdf_text(content))
    assert reader.metadata.title == f"Rapid review: {data.review.reference}"


def test_a_childs_first_name_in_the_case_summary_is_refused_and_recorded_without_it(data):
    write(data.review, case_summary="Fennimore was seen by the school nurse.")
    for fmt in ("docx", "pdf"):
        with pytest.raises(reporting.ReportRefused) as refused:
            reporting.generate(data.review, fmt, actor=data.review.convened_by)
        assert str(refused.value) == (
            "The report names someone on the review. Case summary holds the first name of Child A."
        )
        event = AuditEvent.objects.filter(verb=Verb.REPORT_REFUSED).latest("sequence")
        assert event.payload == {"format": fmt, "fields": ["Case summary"]}
    assert not AuditEvent.objects.filter(verb=Verb.REPORT_GENERATED).exists()
    assert reporting.report_refusal(data.review) == str(refused.value)


def test_a_report_that_passes_has_no_refusal(data):
    assert reporting.report_refusal(data.review) is None


def test_no_report_before_the_decision(data):
    data.review.decision.delete()
    with pytest.raises(reporting.ReportNotReady, match="has no decision yet"):
        reporting.generate(data.review, "docx", actor=None)


def test_typed_text_keeps_its_paragraphs_and_loses_characters_word_cannot_hold(data):
    write(data.review, case_summary="First paragraph.\n\nSecond\x0b paragraph,\nsecond line.")
    content = reporting.generate(data.review, "docx", actor=None)
    paragraphs = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    start = paragraphs.index("First paragraph.")
    assert paragraphs[start + 1] == "Second paragraph,\nsecond line."


def test_the_pdf_fetches_nothing_from_outside(data, caplog):
    write(data.review, case_summary='<img src="http://example.invalid/x.png"> <b>bold</b>')
    content = reporting.generate(data.review, "pdf", actor=None)
    # Typed markup is shown as text, never fetched or obeyed.
    assert '<img src="http://example.invalid/x.png">' in pdf_text(content)
    assert "example.invalid" not in caplog.text
