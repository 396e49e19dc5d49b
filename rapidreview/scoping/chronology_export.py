"""The chronology as an Excel workbook, and the blank CSV template for an import.

The workbook is for people inside the service who may see the return (the view checks the
policy): individuals are named as on the chronology page. Exporting is audited (what, how many
rows), never the content.
"""

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record

from .chronology import people_of, rows_of
from .chronology_import import FIELDS, PEOPLE_SEPARATOR
from .models import ScopingReturn

HEADERS = [label for _, label, _, _ in FIELDS]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells(row) -> list[Any]:
    return [
        row.occurred_on,
        row.occurred_at.strftime("%H:%M") if row.occurred_at else "",
        f"{PEOPLE_SEPARATOR} ".join(person.full_name for person in people_of(row)),
        row.get_contact_type_display(),
        row.practitioner_role,
        row.what_happened,
        row.action_or_outcome,
        row.source_reference,
    ]


def chronology_workbook(scoping_return: ScopingReturn, *, actor: Any) -> tuple[bytes, int]:
    """The workbook's bytes and its number of rows; the export is audited."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in rows_of(scoping_return):
        sheet.append(_cells(row))
        sheet.cell(row=sheet.max_row, column=1).number_format = "DD/MM/YYYY"
        count += 1
    for column, width in zip("ABCDEFGH", (12, 8, 30, 22, 24, 60, 40, 20), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        actor=actor,
        verb=Verb.EXPORTED,
        target=scoping_return,
        review_reference=scoping_return.review_agency.review.reference,
        payload={"what": "chronology", "format": "xlsx", "rows": count},
    )
    return buffer.getvalue(), count


def template_csv() -> str:
    """A blank import file: the column names and one invented example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerow(
        [
            "27/03/2026",
            "09:30",
            "Child A; Mother",
            "Home visit",
            "Health visitor",
            "Planned visit. The child was seen and spoken to alone.",
            "Next visit booked for 4 weeks",
            "HV-0001",
        ]
    )
    return out.getvalue()
