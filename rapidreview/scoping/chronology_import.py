"""Reading a chronology from a CSV or Excel file: pure parsing and checking, no database writes.

1. `read_table(data, kind)`: the file's first sheet (or the CSV) as column headers and rows, each
   row with the number a person sees in a spreadsheet (the header row is row 1). A file that
   cannot be read raises `FileProblem` with the message to show beside the file field.
2. `guess_mapping(headers)`: for each of our fields, the column whose header looks like it.
3. `parse_rows(table, mapping, people, incident)`: the rows as the services take them, and a
   list of problems, each naming its row: "Row 7: the date '31/02/2026' is not a real date".

A file with any problem imports nothing (the view shows the report and asks for the file to be
fixed and uploaded again), so a chronology is never half imported.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from .chronology import row_problems
from .models import ContactType

MAX_ROWS = 1000
MAX_COLUMNS = 50
MAX_REPORTED = 100

# Our fields, in the order they are asked for: (key, label, required, header words to guess by).
FIELDS = (
    ("occurred_on", "Date", True, ("date", "day", "when")),
    ("occurred_at", "Time", False, ("time",)),
    ("people", "Individuals", True, ("person", "people", "individual", "name", "who", "child")),
    ("contact_type", "Type of contact", True, ("contact type", "type", "contact")),
    ("practitioner_role", "Practitioner role", True, ("role", "practitioner")),
    ("what_happened", "What happened", True, ("what happened", "happened", "event", "detail")),
    ("action_or_outcome", "Action taken or outcome", False, ("outcome", "action")),
    ("source_reference", "Source record reference", False, ("reference", "source", "ref")),
)
LABELS = {key: label for key, label, _, _ in FIELDS}
PEOPLE_SEPARATOR = ";"

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$")


class FileProblem(Exception):
    """The file cannot be used at all; the message says why, for the file field."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


# --- reading the file -----------------------------------------------------------------------------


def read_table(data: bytes, kind: str) -> Table:
    """The file's header row and data rows. `kind` is "csv" or "xlsx"."""
    raw_rows = _csv_rows(data) if kind == "csv" else _xlsx_rows(data)
    numbered = [(number, cells) for number, cells in raw_rows if any(_text(c) for c in cells)]
    if not numbered:
        raise FileProblem("The selected file is empty")
    (_, header_cells), *body = numbered
    headers = _headers(header_cells)
    if not any(headers):
        raise FileProblem("The first row of the file must name its columns")
    if not body:
        raise FileProblem("The selected file has no rows under its column names")
    if len(body) > MAX_ROWS:
        raise FileProblem(f"The selected file must have {MAX_ROWS} rows or fewer")
    width = len(headers)
    return Table(headers, [(number, (cells + [None] * width)[:width]) for number, cells in body])


def _csv_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem("The selected file must be a CSV file saved as UTF-8") from None
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        return [
            (n, row[:MAX_COLUMNS]) for n, row in enumerate(reader, start=1) if n <= MAX_ROWS + 50
        ]
    except csv.Error:
        raise FileProblem("The selected file could not be read as a CSV file") from None


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS + 50:
                    break
                rows.append((number, list(row[:MAX_COLUMNS])))
            return rows
        finally:
            workbook.close()
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise FileProblem("The selected file could not be read as an Excel spreadsheet") from None


def _headers(cells: list[Any]) -> list[str]:
    headers, seen = [], set()
    for index, cell in enumerate(cells, start=1):
        name = _text(cell)[:100] or f"Column {index}"
        while name.lower() in seen:
            name = f"{name} ({index})"
        seen.add(name.lower())
        headers.append(name)
    while headers and headers[-1].startswith("Column ") and not _text(cells[len(headers) - 1]):
        headers.pop()
    return headers


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- matching the columns -------------------------------------------------------------------------


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Each field's column index (as a string) whose header looks like it, else ''."""
    mapping: dict[str, str] = {}
    taken: set[int] = set()
    lowered = [header.lower() for header in headers]
    for key, label, _, words in FIELDS:
        mapping[key] = ""
        for word in (label.lower(), *words):
            index = next((i for i, h in enumerate(lowered) if i not in taken and word in h), None)
            if index is not None:
                mapping[key] = str(index)
                taken.add(index)
                break
    return mapping


# --- reading the rows -----------------------------------------------------------------------------


def parse_rows(
    table: Table, mapping: dict[str, str], people: list[Any], incident: Any
) -> tuple[list[dict], list[str]]:
    """The rows' values (for `chronology.rows_import`) and every problem found, by row number."""
    by_name: dict[str, Any] = {}
    for person in people:
        by_name[person.full_name.strip().lower()] = person
        by_name[person.pseudonym.strip().lower()] = person
    parsed, problems = [], []
    for number, cells in table.rows:
        cell = {key: _cell(cells, mapping.get(key, "")) for key in LABELS}
        values, found = _row(cell, by_name)
        failed = {key for key, _ in found}
        found += [(p.field, p.message) for p in row_problems(values, incident)
                  if p.field not in failed]  # fmt: skip
        problems += [f"Row {number}: {_sentence(message)}" for _, message in found]
        parsed.append(values)
    return parsed, problems


def _cell(cells: list[Any], index: str) -> Any:
    if not index.isdigit() or int(index) >= len(cells):
        return None
    return cells[int(index)]


def _row(cell: dict[str, Any], by_name: dict[str, Any]) -> tuple[dict, list[tuple[str, str]]]:
    """One row's values and its problems as (field, message)."""
    results = {
        "occurred_on": parse_date(cell["occurred_on"]),
        "occurred_at": parse_time(cell["occurred_at"], cell["occurred_on"]),
        "people": match_people(_text(cell["people"]), by_name),
        "contact_type": match_contact_type(_text(cell["contact_type"])),
    }
    values = {key: value for key, (value, _) in results.items()}
    found = [(key, message) for key, (_, message) in results.items() if message]
    for key in ("practitioner_role", "what_happened", "action_or_outcome", "source_reference"):
        values[key] = _text(cell[key])
    return values, found


def _sentence(message: str) -> str:
    return message[:1].lower() + message[1:] if not message[:2].isupper() else message


def parse_date(value: Any) -> tuple[date | None, str]:
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_date(value)
    text = _text(value)
    if not text:
        return None, "Enter the date"
    match = _DMY.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if not parts and (match := _YMD.match(text)):
        parts = match.groups()
    if not parts:
        return None, f"The date '{text[:40]}' must be written like 27/03/2026 or 2026-03-27"
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])), ""
    except ValueError:
        return None, f"The date '{text[:40]}' is not a real date"


def _excel_date(serial: float) -> tuple[date | None, str]:
    from openpyxl.utils.datetime import from_excel

    try:
        if not 1 <= serial <= 2958465:
            raise ValueError
        return from_excel(serial).date(), ""
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None, f"The date '{_text(serial)}' is not a real date"


def parse_time(value: Any, date_value: Any = None) -> tuple[time | None, str]:
    if value is None or _text(value) == "":
        if isinstance(date_value, datetime) and date_value.time() != time(0, 0):
            return date_value.time().replace(second=0, microsecond=0), ""
        return None, ""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0), ""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0), ""
    if isinstance(value, float) and 0 <= value < 1:  # an Excel time: a fraction of a day
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60), ""
    text = _text(value)
    match = _TIME.match(text)
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return time(int(match.group(1)), int(match.group(2))), ""
    return None, f"The time '{text[:20]}' must be written like 09:30 or 14:05"


def match_people(text: str, by_name: dict[str, Any]) -> tuple[list[Any], str]:
    names = [name.strip() for name in text.split(PEOPLE_SEPARATOR) if name.strip()]
    if not names:
        return [], "Enter at least one named individual"
    unknown = [name for name in names if name.lower() not in by_name]
    if unknown:
        quoted = ", ".join(f"'{name[:60]}'" for name in unknown[:3])
        return [], (
            f"{quoted} is not a named individual on the notification "
            "(use their full name or pseudonym; separate several with ;)"
        )
    people = []
    for name in names:
        person = by_name[name.lower()]
        if person not in people:
            people.append(person)
    return people, ""


def match_contact_type(text: str) -> tuple[str, str]:
    if not text:
        return "", "Enter the type of contact"
    wanted = text.strip().lower().replace("_", " ")
    for value, label in ContactType.choices:
        if wanted in (label.lower(), value.replace("_", " ")):
            return value, ""
    return "", (
        f"The type of contact '{text[:40]}' is not one of: "
        + ", ".join(str(label) for label in ContactType.labels)
    )
