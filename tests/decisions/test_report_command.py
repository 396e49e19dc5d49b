"""`rapidreview report RR-… --format docx|pdf --output PATH`: exit 0 and the file, or a non-zero
exit with the reason on stderr and no file written. Run through `run_from_argv`, as the console
script runs it, so the exit code and stderr are the real ones."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.decisions.management.commands.report import Command
from rapidreview.decisions.report_docx import docx_text

from .report_data import FORBIDDEN, report_review, write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_database_open(monkeypatch):
    """`run_from_argv` closes every database connection when the command ends, as it should in
    a process of its own; here the test's database lives in the connection the test goes on
    using (on PostgreSQL, closing it ends the test's transaction)."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


def run(*args: str, capsys) -> tuple[int, str, str]:
    try:
        Command().run_from_argv(["rapidreview", "report", *args])
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def data(personas):
    return report_review(personas)


def test_writes_the_word_file_and_says_so(data, tmp_path, capsys):
    output = tmp_path / "report.docx"
    code, out, err = run(
        data.review.reference, "--format", "docx", "--output", str(output), capsys=capsys
    )
    assert (code, err) == (0, "")
    size = output.stat().st_size
    kb = max(1, round(size / 1024))
    assert out == f"Wrote {data.review.reference} report (Word, {kb} KB) to {output}\n"
    text = docx_text(output.read_bytes())
    assert f"Rapid review: {data.review.reference}" in text
    for forbidden in FORBIDDEN:
        assert forbidden.lower() not in text.lower()
    assert Document(io.BytesIO(output.read_bytes()))
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]  # no temporary file left
    event = AuditEvent.objects.filter(verb=Verb.REPORT_GENERATED).latest("sequence")
    assert event.actor is None
    assert event.payload == {"format": "docx", "bytes": size, "via": "command line"}


def test_writes_the_pdf(data, tmp_path, capsys):
    output = tmp_path / "report.pdf"
    code, out, _ = run(
        data.review.reference.lower(), "--format", "pdf", "--output", str(output), capsys=capsys
    )
    assert code == 0 and "(PDF, " in out
    assert len(PdfReader(output).pages) > 1


def test_a_leak_exits_non_zero_naming_the_field_and_writes_nothing(data, tmp_path, capsys):
    write(data.review, case_summary="Fennimore was seen by the school nurse.")
    output = tmp_path / "report.docx"
    code, out, err = run(
        data.review.reference, "--format", "docx", "--output", str(output), capsys=capsys
    )
    assert code == 1 and out == ""
    assert "Refused: the report on" in err
    assert "Case summary holds the first name of Child A" in err
    assert "Fennimore" not in err
    assert list(tmp_path.iterdir()) == []
    event = AuditEvent.objects.filter(verb=Verb.REPORT_REFUSED).latest("sequence")
    assert event.payload == {"format": "docx", "fields": ["Case summary"], "via": "command line"}


def test_an_existing_file_is_left_alone_when_refused(data, tmp_path, capsys):
    output = tmp_path / "report.docx"
    output.write_bytes(b"an earlier report")
    write(data.review, went_well="Peonia Quillbrook was supported.")
    code, _, err = run(
        data.review.reference, "--format", "docx", "--output", str(output), capsys=capsys
    )
    assert code == 1 and "What went well holds the full name of Mother" in err
    assert output.read_bytes() == b"an earlier report"


def test_an_unknown_reference_exits_non_zero(db, tmp_path, capsys):
    output = tmp_path / "report.docx"
    code, _, err = run("RR-2026-999", "--format", "docx", "--output", str(output), capsys=capsys)
    assert code == 1 and "No rapid review with the reference RR-2026-999" in err
    assert not output.exists()


def test_a_review_with_no_decision_exits_non_zero(data, tmp_path, capsys):
    data.review.decision.delete()
    output = tmp_path / "report.pdf"
    code, _, err = run(
        data.review.reference, "--format", "pdf", "--output", str(output), capsys=capsys
    )
    assert code == 1 and "has no decision yet" in err
    assert not output.exists()


def test_a_missing_folder_or_an_unknown_format_exits_non_zero(data, tmp_path, capsys):
    missing = tmp_path / "nowhere" / "report.docx"
    code, _, err = run(
        data.review.reference, "--format", "docx", "--output", str(missing), capsys=capsys
    )
    assert code == 1 and "does not exist" in err
    code, _, err = run(
        data.review.reference, "--format", "xls", "--output", str(tmp_path / "r"), capsys=capsys
    )
    assert code == 2 and "invalid choice: 'xls'" in err
