"""Small, real files of each kind, built here so no binary fixtures live in the repository.

Each carries MARKER in its content, so a test can show the bytes on disk do not contain it.
"""

import io
import struct
import zipfile
import zlib
from pathlib import Path

MARKER = "INVENTED-CHILD-CASE-NOTE-7731"


def pdf() -> bytes:
    body = (
        "%PDF-1.4\n"
        f"% {MARKER}\n"
        "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
        "trailer << /Root 1 0 R >>\n"
        "%%EOF\n"
    )
    return body.encode()


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + MARKER.encode())
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    comment = MARKER.encode()
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xfe"
        + struct.pack(">H", len(comment) + 2)
        + comment
        + b"\xff\xd9"
    )


def _ooxml(main_part: str, main_type: str, extra_parts: dict[str, str] | None = None) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        f'Target="{main_part}"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr(main_part, f"<document><!-- {MARKER} --></document>")
        for name, text in (extra_parts or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def docx() -> bytes:
    return _ooxml("word/document.xml", WORD_MAIN)


def xlsx() -> bytes:
    return _ooxml("xl/workbook.xml", EXCEL_MAIN)


def docm() -> bytes:
    """A macro-enabled Word document (its name would say .docm)."""
    return _ooxml("word/document.xml", WORD_MACRO_MAIN, {"word/vbaProject.bin": "macros"})


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", MARKER)
    return buffer.getvalue()


def csv() -> bytes:
    return (
        f"agency,note\nInvented Police Force,{MARKER}\nInvented School,Café – “quoted”\n".encode()
    )


def text() -> bytes:
    return f"Notes from the meeting.\n{MARKER}\n".encode()


def elf() -> bytes:
    """A real Linux executable."""
    return Path("/bin/true").read_bytes()


def pe() -> bytes:
    """The start of a Windows executable: MZ header, DOS stub, PE signature."""
    dos_header = b"MZ" + b"\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44
    dos_header += struct.pack("<I", 0x80)
    stub = b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$"
    stub = stub.ljust(0x80 - len(dos_header), b"\x00")
    return dos_header + stub + b"PE\x00\x00" + b"\x4c\x01" + b"\x00" * 200
