"""What every Word document the service writes shares: the protective marking in the header and
footer of every page, and text made safe for the document's XML."""

import re

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKING = "OFFICIAL-SENSITIVE"

# Characters XML 1.0 does not allow (python-docx refuses them): dropped from anything typed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def mark_every_page(document: Document, marking: str = MARKING) -> None:
    """The marking, bold and centred, in the header and footer of every section's pages."""
    for section in document.sections:
        for part in (section.header, section.footer):
            paragraph = part.paragraphs[0]
            paragraph.text = ""
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(marking).bold = True
