"""What may be uploaded: an allow-list of types, decided by the file's content, not its name.

A file is accepted only when (1) its content is one of the allowed types, (2) its extension
names that same type, and (3) it is no larger than UPLOAD_MAX_MB. So an executable renamed
`.pdf`, or a PNG renamed `.pdf`, is refused.

How content is recognised:
- PDF, PNG, JPEG: their signatures (the `filetype` package);
- Word and Excel (.docx, .xlsx): a ZIP archive whose parts say it is a Word document or a
  workbook, without macros (the signature alone cannot tell these from any other ZIP);
- CSV and plain text: no known binary signature, valid UTF-8 and no control characters other
  than tab, line feed, carriage return and form feed (so no NUL bytes).
"""

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    WORD = "docx", "Word document"
    EXCEL = "xlsx", "Excel spreadsheet"
    PNG = "png", "PNG image"
    JPEG = "jpeg", "JPEG image"
    CSV = "csv", "CSV"
    TEXT = "text", "Plain text"


CONTENT_TYPES: dict[str, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.WORD: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.EXCEL: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.CSV: "text/csv",
    FileKind.TEXT: "text/plain",
}

EXTENSIONS: dict[str, FileKind] = {
    ".pdf": FileKind.PDF,
    ".docx": FileKind.WORD,
    ".xlsx": FileKind.EXCEL,
    ".png": FileKind.PNG,
    ".jpg": FileKind.JPEG,
    ".jpeg": FileKind.JPEG,
    ".csv": FileKind.CSV,
    ".txt": FileKind.TEXT,
}

WRONG_TYPE = (
    "The selected file must be a PDF, Word document, Excel spreadsheet, image (PNG or JPEG), "
    "CSV or text file"
)
EMPTY = "The selected file is empty"
REQUIRED = "Select a file"


def too_large_message() -> str:
    return f"The selected file must be smaller than {settings.UPLOAD_MAX_MB}MB"


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


@dataclass(frozen=True)
class DetectedType:
    kind: FileKind
    content_type: str


_SIGNATURE_KINDS = {
    "application/pdf": FileKind.PDF,
    "image/png": FileKind.PNG,
    "image/jpeg": FileKind.JPEG,
}

# OOXML main parts. Macro-enabled documents (.docm, .xlsm) have other content types and are
# refused, as is anything carrying a VBA project.
_OOXML_MAIN_PARTS = {
    FileKind.WORD: (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    FileKind.EXCEL: (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
_CONTENT_TYPES_LIMIT = 1024 * 1024  # [Content_Types].xml is a few KB; do not inflate more.
# Control characters other than tab, line feed, form feed and carriage return (UTF-8 never uses
# these bytes inside a multi-byte character, so the raw bytes can be searched).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _ooxml_kind(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_LIMIT:
                return None
            content_types = archive.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError, RuntimeError):
        return None
    for kind, (main_part, main_type) in _OOXML_MAIN_PARTS.items():
        if main_part in names and main_type in content_types:
            return kind
    return None


def _is_text(data: bytes) -> bool:
    if _CONTROL_BYTES.search(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def detect_kind(data: bytes) -> FileKind | None:
    """The allowed kind the content is, or None. Text may be CSV or plain: the name decides."""
    guess = filetype.guess(data)
    if guess is not None and guess.mime in _SIGNATURE_KINDS:
        return _SIGNATURE_KINDS[guess.mime]
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_kind(data)
    if _is_text(data):
        return FileKind.TEXT
    return None


def kind_for_name(name: str) -> FileKind | None:
    return EXTENSIONS.get(PurePath(name).suffix.lower())


def check_upload(*, name: str, size: int, data: bytes) -> DetectedType:
    """Decide whether a file may be stored. Raises ValidationError with a GOV.UK message."""
    if size > max_upload_bytes():
        raise ValidationError(too_large_message(), code="too_large")
    if size == 0 or not data:
        raise ValidationError(EMPTY, code="empty")
    named = kind_for_name(name)
    if named is None:
        raise ValidationError(WRONG_TYPE, code="wrong_type")
    content = detect_kind(data)
    if content == FileKind.TEXT and named in {FileKind.CSV, FileKind.TEXT}:
        content = named
    if content is None or content != named:
        raise ValidationError(WRONG_TYPE, code="wrong_type")
    return DetectedType(kind=content, content_type=CONTENT_TYPES[content])


def validate_uploaded_file(uploaded_file) -> DetectedType:
    """`check_upload` for a Django UploadedFile (reads it whole: the size limit keeps it small)."""
    if uploaded_file.size > max_upload_bytes():
        raise ValidationError(too_large_message(), code="too_large")
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    return check_upload(name=uploaded_file.name or "", size=uploaded_file.size, data=data)
