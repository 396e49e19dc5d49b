"""The report to the Panel as a Word document (DOCX), rendered from `report_content.Report`.

python-docx directly, like the Word export of a return: the title and partnership, a numbered
heading per section, label and value pairs as two-column tables, lists as tables with a header
row, the narrative as paragraphs, and OFFICIAL-SENSITIVE in the header and footer of every page.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from rapidreview.documents.word import mark_every_page, xml_safe

from .report_parts import Facts, Prose, Report, Subheading, Table, Text


def _paragraphs(document, text: Text) -> None:
    """Typed text keeps its paragraphs (blank lines) and line breaks."""
    for block in xml_safe(text.text).replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in block.split("\n")]
        if not any(lines):
            continue
        paragraph = document.add_paragraph()
        for index, line in enumerate(lines):
            if index:
                paragraph.add_run().add_break()
            paragraph.add_run(line)


def _cell(cell, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(xml_safe(text).replace("\r\n", "\n").split("\n")):
        if index:
            paragraph.add_run().add_break()
        paragraph.add_run(line).bold = bold


def _repeat_header(row) -> None:
    """The header row is repeated at the top of each page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document, headers: tuple[str, ...] | None, rows, widths=None) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]) if rows else len(headers or ()))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    if headers:
        cells = table.add_row().cells
        for cell, header in zip(cells, headers, strict=True):
            _cell(cell, header, bold=True)
        _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            bold = headers is None and index == 0
            _cell(cell, value, bold=bold)
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=False):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = width
    document.add_paragraph()


def _setup(document, report: Report) -> None:
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    mark_every_page(document, report.marking)
    properties = document.core_properties
    properties.title = report.title
    properties.author = report.partnership
    properties.subject = "Rapid review report to the Child Safeguarding Practice Review Panel"
    properties.comments = ""
    properties.keywords = report.marking


def render_docx(report: Report) -> bytes:
    document = Document()
    _setup(document, report)
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.partnership)
    document.add_paragraph(
        "Report to the Child Safeguarding Practice Review Panel. Children and family members "
        "are named by pseudonym or role, practitioners by role."
    )
    for number, section in enumerate(report.sections, start=1):
        document.add_heading(f"{number}. {section.heading}", level=1)
        for block in section.blocks:
            match block:
                case Subheading(text):
                    document.add_heading(xml_safe(text.text), level=2)
                case Prose(text):
                    _paragraphs(document, text)
                case Facts(rows):
                    _table(
                        document,
                        None,
                        [(label, value.text) for label, value in rows],
                        widths=(Cm(5.5), Cm(11.5)),  # 17cm inside the margins
                    )
                case Table(headers, rows):
                    widths = [Cm(17 * share) for share in block.widths()]
                    rows = [[cell.text for cell in row] for row in rows]
                    _table(document, headers, rows, widths=widths)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_text(content: bytes) -> str:
    """Every word a reader of the Word file sees: the body's paragraphs and tables, the headers
    and footers, and the document's properties."""
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]

    def tables(items) -> None:
        for table in items:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(paragraph.text for paragraph in cell.paragraphs)
                    tables(cell.tables)

    tables(document.tables)
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(paragraph.text for paragraph in part.paragraphs)
    properties = document.core_properties
    parts += [properties.title or "", properties.author or "", properties.subject or ""]
    parts += [properties.keywords or "", properties.comments or ""]
    return "\n".join(parts)
