"""The pieces the report to the National Panel is built from (`report_content.py` puts them
together): text tagged with the field it came from, the blocks a section holds, and the small
words the sections share (ages, months, the education status)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from rapidreview.accounts.models import Agency, AgencyType
from rapidreview.core.dates import MONTHS

NOT_WRITTEN = "Not written yet"
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Text:
    """Text from the review. `source` names the field in words; `area` says where it is changed
    ("report_text:case_summary", "challenge:<public id>"); `typed` is False for words the service
    chose rather than a person wrote."""

    text: str
    source: str = ""
    area: str = ""
    typed: bool = True


def said(text: str) -> Text:
    return Text(text, typed=False)


@dataclass(frozen=True)
class Subheading:
    text: Text
    kind: ClassVar[str] = "subheading"  # for templates, which cannot ask isinstance


@dataclass(frozen=True)
class Facts:
    """Label and value pairs, shown as a two-column table."""

    rows: tuple[tuple[str, Text], ...]
    kind: ClassVar[str] = "facts"


@dataclass(frozen=True)
class Prose:
    text: Text
    kind: ClassVar[str] = "prose"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]
    weights: tuple[int, ...] = ()  # relative widths of the columns, when not equal
    kind: ClassVar[str] = "table"

    def widths(self) -> list[float]:
        """Each column's share of the width, from 0 to 1."""
        weights = self.weights or (1,) * len(self.headers)
        return [weight / sum(weights) for weight in weights]


Block = Subheading | Facts | Prose | Table


@dataclass
class Section:
    heading: str
    status: str  # what the report page says of it: "Written", "Not written yet", "2 recorded"
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    reference: str
    title: str
    partnership: str
    marking: str
    sections: list[Section]

    def texts(self) -> Iterator[Text]:
        for section in self.sections:
            for block in section.blocks:
                match block:
                    case Subheading(text) | Prose(text):
                        yield text
                    case Facts(rows):
                        yield from (value for _, value in rows)
                    case Table(rows=rows):
                        yield from (cell for row in rows for cell in row)

    def own_words(self) -> list[str]:
        """What the report says in its own words: the title, headings, labels and the words the
        service chose."""
        words = [self.title, self.partnership, self.marking]
        for section in self.sections:
            words.append(section.heading)
            for block in section.blocks:
                if isinstance(block, Facts):
                    words.extend(label for label, _ in block.rows)
                elif isinstance(block, Table):
                    words.extend(block.headers)
        words.extend(text.text for text in self.texts() if not text.typed)
        return words


# --- small words -------------------------------------------------------------------------------


def age_at(born: date | None, on: date) -> str:
    """'8 years', '1 year and 3 months', '4 months', 'Under 1 month'."""
    if born is None:
        return "Not known"
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    years, months = divmod(max(months, 0), 12)
    if not years:
        return f"{months} month{'s' * (months != 1)}" if months else "Under 1 month"
    shown = f"{years} year{'s' * (years != 1)}"
    if years < 5 and months:
        shown += f" and {months} month{'s' * (months != 1)}"
    return shown


def month_and_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


_SETTINGS = (
    ("pupil referral", "Pupil referral unit"),
    ("alternative provision", "Alternative provision"),
    ("special", "Special school"),
    ("nursery", "Nursery"),
    ("pre-school", "Pre-school"),
    ("preschool", "Pre-school"),
    ("childminder", "Childminder"),
    ("primary", "Primary school"),
    ("infant", "Primary school"),
    ("junior", "Primary school"),
    ("secondary", "Secondary school"),
    ("high school", "Secondary school"),
    ("academy", "School"),
    ("sixth form", "Sixth form or college"),
    ("college", "Sixth form or college"),
    ("university", "University"),
    ("school", "School"),
)


_KINDS = frozenset(kind for _, kind in _SETTINGS)
# Words that say what kind of setting a place is, not which one.
_GENERIC = frozenset(word for key, _ in _SETTINGS for word in re.findall(r"[a-z]+", key)) | {
    "a",
    "an",
    "and",
    "of",
    "the",
    "year",
    "reception",
    "unit",
    "provision",
}


def _parts(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;/\n]+", value) if part.strip()]


def _kind_of(part: str) -> str | None:
    lowered = part.lower()
    return next((kind for key, kind in _SETTINGS if key in lowered), None)


def education_status(value: str) -> str:
    """The education setting or status as a status only: each part that names a setting
    ("Larkfield Primary School") becomes its kind ("Primary school"); the rest ("Year 3", "Not
    in education") is kept as written."""
    shown: list[str] = []
    for part in _parts(value):
        kind = _kind_of(part) or part
        if kind not in shown:
            shown.append(kind)
    return ", ".join(shown) or NOT_RECORDED


def setting_names(value: str) -> list[str]:
    """The parts of an education setting or status that name a particular setting ("Larkfield
    Primary School"), not only a kind of one ("primary school")."""
    return [
        part
        for part in _parts(value)
        if _kind_of(part) and set(re.findall(r"[^\W\d_]+", part.lower())) - _GENERIC
    ]


# Agencies whose name would say where the family lives: shown in the report by their kind.
LOCAL_SETTINGS = {
    AgencyType.EDUCATION: "School",
    AgencyType.CHILDCARE: "Childcare setting",
    AgencyType.GP: "GP practice",
}


def agency_shown(agency: Agency) -> str:
    """The agency as the report names it: "Northmoor Constabulary", but a school, a nursery or
    a GP practice by its kind ("Primary school"), never its name."""
    if agency.agency_type not in LOCAL_SETTINGS:
        return agency.name
    kind = education_status(agency.name) if agency.agency_type != AgencyType.GP else ""
    return kind if kind in _KINDS else LOCAL_SETTINGS[agency.agency_type]


def text_or(value: str, source: str, area: str, empty: str = NOT_RECORDED) -> Text:
    value = (value or "").strip()
    return Text(value, source, area) if value else said(empty)


def count_of(items: list, one: str, many: str = "") -> str:
    """'1 action', '3 actions', '2 people'; 'None recorded' when there are none."""
    if not items:
        return "None recorded"
    return f"{len(items)} {one if len(items) == 1 else many or one + 's'}"
