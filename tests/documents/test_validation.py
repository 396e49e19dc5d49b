"""The allow-list: decided by content, and the name must agree with it."""

import pytest
from django.core.exceptions import ValidationError

from rapidreview.documents.validation import EMPTY, WRONG_TYPE, FileKind, check_upload

from . import samples


def check(name: str, data: bytes):
    return check_upload(name=name, size=len(data), data=data)


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("Terms of reference.pdf", samples.pdf, FileKind.PDF),
        ("scan.PNG", samples.png, FileKind.PNG),
        ("photo.jpg", samples.jpeg, FileKind.JPEG),
        ("photo.jpeg", samples.jpeg, FileKind.JPEG),
        ("chronology.docx", samples.docx, FileKind.WORD),
        ("actions.xlsx", samples.xlsx, FileKind.EXCEL),
        ("agencies.csv", samples.csv, FileKind.CSV),
        ("notes.txt", samples.text, FileKind.TEXT),
    ],
)
def test_each_allowed_kind_is_recognised_by_its_content(name, make, kind):
    assert check(name, make()).kind == kind


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("report.pdf", samples.elf),  # a Linux executable named as a PDF
        ("report.pdf", samples.pe),  # a Windows executable named as a PDF
        ("report.pdf", samples.png),  # an allowed type, but not the one the name says
        ("scan.png", samples.pdf),
        ("chronology.docx", samples.xlsx),
        ("chronology.docx", samples.plain_zip),
        ("chronology.docx", samples.docm),  # macros
        ("agencies.csv", samples.pdf),
        ("agencies.csv", samples.elf),
        ("notes.txt", samples.pe),
        ("program.exe", samples.pe),
        ("report", samples.pdf),  # no extension
        ("report.pdf.exe", samples.pdf),
        ("archive.zip", samples.plain_zip),
    ],
)
def test_content_that_is_not_what_an_allowed_name_says_is_refused(name, make):
    with pytest.raises(ValidationError) as refused:
        check(name, make())
    assert refused.value.messages == [WRONG_TYPE]


@pytest.mark.parametrize(
    "data",
    [
        b"name,note\nInvented\x00Person,x\n",  # a NUL byte
        b"name,note\n\xff\xfe\xfa,x\n",  # not UTF-8
        b"name,note\n\x1b[31mred\x1b[0m\n",  # terminal escape codes
    ],
)
def test_csv_must_be_utf8_text_without_control_characters(data):
    with pytest.raises(ValidationError):
        check("agencies.csv", data)


def test_csv_with_a_byte_order_mark_and_windows_line_endings_is_accepted():
    data = "\ufeffagency,note\r\nInvented Police Force,Seen\r\n".encode()
    assert check("from-excel.csv", data).kind == FileKind.CSV


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        check("empty.pdf", b"")
    assert refused.value.messages == [EMPTY]


def test_a_file_over_the_limit_is_refused_before_its_content_is_looked_at(settings):
    settings.UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError) as refused:
        check_upload(name="big.pdf", size=1024 * 1024 + 1, data=samples.pdf())
    assert refused.value.messages == ["The selected file must be smaller than 1MB"]
