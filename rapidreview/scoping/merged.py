"""Reading the returns of a review together (DOMAIN.md §5): the merged multi-agency chronology and
the involvement matrix. Queries only; nothing here writes.

The merged chronology holds the rows of RELEASED returns only, whoever reads it: a return is
shared with the meeting when the partnership team releases it, not before. Each row says which
agency it came from and is marked as a likely duplicate when another agency has a row on the same
day about at least one of the same named individuals (two agencies at the same visit, a referral
sent and received). Duplicates are found across every released row, whatever the filters show.

Both are read in a fixed number of queries, however many agencies, rows and people there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time

from django.db.models import F

from rapidreview.accounts.models import Agency
from rapidreview.core.dates import clock_time, long_date
from rapidreview.participation.models import InvolvementDeclaration, InvolvementLine
from rapidreview.reviews.models import Child, FamilyMember, RapidReview, ReviewAgency

from .models import ChronologyEntry, ReturnState

CHILD, FAMILY = "child", "family"


@dataclass(frozen=True)
class Person:
    """A named individual on the notification. `key` names them in a filter ("child-1") without
    putting their name, or a database id, in the URL."""

    kind: str
    position: int
    name: str
    pseudonym: str

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.position}"

    def shown(self, pseudonyms: bool) -> str:
        return self.pseudonym if pseudonyms else self.name


@dataclass(frozen=True)
class People:
    """Everyone named on the notification, in order, and how to find them by database id."""

    persons: list[Person]
    by_child_id: dict[int, Person]
    by_family_id: dict[int, Person]

    def find(self, *, child_id: int | None, family_member_id: int | None) -> Person:
        if child_id is not None:
            return self.by_child_id[child_id]
        return self.by_family_id[family_member_id]


def people_on(review: RapidReview) -> People:
    """The children, then the family members, on the review's notification (two queries)."""
    incident_id = review.incident_id
    children = {
        child.pk: Person(CHILD, child.position, child.full_name, child.pseudonym)
        for child in Child.objects.filter(incident_id=incident_id).order_by("position")
    }
    family = {
        member.pk: Person(FAMILY, member.position, member.full_name, member.pseudonym)
        for member in FamilyMember.objects.filter(incident_id=incident_id).order_by("position")
    }
    return People([*children.values(), *family.values()], children, family)


# --- the merged chronology ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChronologyFilters:
    """What the reader asked for; every part optional."""

    person: str = ""  # a Person.key
    agency: str = ""  # an Agency.public_id, as text
    date_from: date | None = None
    date_to: date | None = None
    contact_type: str = ""


@dataclass(frozen=True)
class MergedRow:
    entry: ChronologyEntry
    agency: Agency
    people: tuple[Person, ...]
    likely_duplicate: bool

    def names(self, pseudonyms: bool) -> list[str]:
        return [person.shown(pseudonyms) for person in self.people]

    @property
    def date_words(self) -> str:
        return long_date(self.entry.occurred_on)

    @property
    def time_words(self) -> str:
        return clock_time(self.entry.occurred_at) if self.entry.occurred_at else ""


@dataclass(frozen=True)
class MergedChronology:
    rows: list[MergedRow]
    total: int  # released rows before filtering
    people: list[Person] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return sum(1 for row in self.rows if row.likely_duplicate)


def _released_entries(review: RapidReview):
    return ChronologyEntry.objects.filter(
        scoping_return__review_agency__review=review,
        scoping_return__state=ReturnState.RELEASED,
    ).select_related("scoping_return__review_agency__agency")


def _people_of_entries(review: RapidReview, people: People) -> dict[int, list[Person]]:
    """Entry id -> the named individuals the row is about (one query per kind of person)."""
    released = {
        "chronologyentry__scoping_return__review_agency__review": review,
        "chronologyentry__scoping_return__state": ReturnState.RELEASED,
    }
    found: dict[int, list[Person]] = defaultdict(list)
    children = ChronologyEntry.children.through.objects.filter(**released)
    for entry_id, child_id in children.values_list("chronologyentry_id", "child_id"):
        found[entry_id].append(people.by_child_id[child_id])
    family = ChronologyEntry.family_members.through.objects.filter(**released)
    for entry_id, member_id in family.values_list("chronologyentry_id", "familymember_id"):
        found[entry_id].append(people.by_family_id[member_id])
    return found


def _sort_key(row: MergedRow):
    """By date, then time (rows with no time after those with one that day), then agency."""
    entry = row.entry
    untimed = entry.occurred_at is None
    return (entry.occurred_on, untimed, entry.occurred_at or time.min, row.agency.name, entry.pk)


def _mark_duplicates(rows: list[MergedRow]) -> list[MergedRow]:
    """Same day, same individual, different agencies."""
    agencies_by_day_person: dict[tuple, set[int]] = defaultdict(set)
    for row in rows:
        for person in row.people:
            agencies_by_day_person[(row.entry.occurred_on, person.key)].add(row.agency.pk)
    marked = []
    for row in rows:
        duplicate = any(
            agencies_by_day_person[(row.entry.occurred_on, person.key)] - {row.agency.pk}
            for person in row.people
        )
        marked.append(MergedRow(row.entry, row.agency, row.people, duplicate))
    return marked


def _matches(row: MergedRow, filters: ChronologyFilters) -> bool:
    entry = row.entry
    return (
        (not filters.person or any(p.key == filters.person for p in row.people))
        and (not filters.agency or str(row.agency.public_id) == filters.agency)
        and (filters.date_from is None or entry.occurred_on >= filters.date_from)
        and (filters.date_to is None or entry.occurred_on <= filters.date_to)
        and (not filters.contact_type or entry.contact_type == filters.contact_type)
    )


def merged_chronology(
    review: RapidReview, *, filters: ChronologyFilters | None = None, people: People | None = None
) -> MergedChronology:
    """Every released row of the review, in date order, with its agency, its people and whether
    it is a likely duplicate; then filtered. Five queries, whatever the size (three when the
    caller has already read `people_on(review)`)."""
    filters = filters or ChronologyFilters()
    people = people or people_on(review)
    people_of = _people_of_entries(review, people)
    rows = [
        MergedRow(
            entry=entry,
            agency=entry.scoping_return.review_agency.agency,
            people=tuple(sorted(people_of.get(entry.pk, ()), key=_person_order)),
            likely_duplicate=False,
        )
        for entry in _released_entries(review)
    ]
    rows = _mark_duplicates(rows)
    rows.sort(key=_sort_key)
    return MergedChronology(
        rows=[row for row in rows if _matches(row, filters)], total=len(rows), people=people.persons
    )


def _person_order(person: Person) -> tuple[int, int]:
    return (0 if person.kind == CHILD else 1, person.position)


# --- the involvement matrix ---------------------------------------------------------------------

INVOLVED = "Involved"
NOT_INVOLVED = "Not involved"
NOT_DECLARED = "Not declared"
NIL_RETURN = "Nil return"
NOT_SHARED = "Not shared yet"

TAG_COLOURS = {
    INVOLVED: "govuk-tag--green",
    NOT_INVOLVED: "govuk-tag--grey",
    NIL_RETURN: "govuk-tag--grey",
    NOT_DECLARED: "govuk-tag--yellow",
    NOT_SHARED: "govuk-tag--grey",
}


@dataclass(frozen=True)
class MatrixCell:
    words: str
    first_contact: date | None = None
    last_contact: date | None = None

    @property
    def tag_class(self) -> str:
        return TAG_COLOURS[self.words]


@dataclass(frozen=True)
class MatrixRow:
    review_agency: ReviewAgency
    declaration: str  # Involved / Nil return / Not declared / Not shared yet
    cells: list[MatrixCell]

    @property
    def agency(self) -> Agency:
        return self.review_agency.agency

    @property
    def declaration_tag_class(self) -> str:
        return TAG_COLOURS[self.declaration]


@dataclass(frozen=True)
class InvolvementMatrix:
    people: list[Person]
    rows: list[MatrixRow]


def involvement_matrix(
    review: RapidReview, *, shared_with: set[int] | None = None
) -> InvolvementMatrix:
    """Agencies on the review × named individuals, from the involvement declarations. Only the
    declarations of review agencies whose ids are in `shared_with` are shown (None: all); the
    others say "Not shared yet". Five queries, whatever the size."""
    people = people_on(review)
    review_agencies = ReviewAgency.objects.filter(review=review).select_related("agency")
    declared = set(
        InvolvementDeclaration.objects.filter(review_agency__review=review).values_list(
            "review_agency_id", flat=True
        )
    )
    lines_of: dict[int, dict[str, InvolvementLine]] = defaultdict(dict)
    lines = InvolvementLine.objects.filter(declaration__review_agency__review=review).annotate(
        review_agency_id=F("declaration__review_agency_id")
    )
    for line in lines:
        person = people.find(child_id=line.child_id, family_member_id=line.family_member_id)
        lines_of[line.review_agency_id][person.key] = line
    rows = []
    for review_agency in review_agencies.order_by("agency__name"):
        if shared_with is not None and review_agency.pk not in shared_with:
            words, cells = NOT_SHARED, [MatrixCell(NOT_SHARED) for _ in people.persons]
        else:
            words, cells = _row_cells(
                review_agency.pk in declared, lines_of[review_agency.pk], people.persons
            )
        rows.append(MatrixRow(review_agency, words, cells))
    return InvolvementMatrix(people=people.persons, rows=rows)


def _row_cells(
    has_declared: bool, lines: dict[str, InvolvementLine], people: list[Person]
) -> tuple[str, list[MatrixCell]]:
    if not has_declared:
        return NOT_DECLARED, [MatrixCell(NOT_DECLARED) for _ in people]
    if not any(line.involved for line in lines.values()):
        return NIL_RETURN, [MatrixCell(NIL_RETURN) for _ in people]
    cells = []
    for person in people:
        line = lines.get(person.key)
        if line is None:  # named on the notification after the agency declared
            cells.append(MatrixCell(NOT_DECLARED))
        elif line.involved:
            cells.append(MatrixCell(INVOLVED, line.first_contact, line.last_contact))
        else:
            cells.append(MatrixCell(NOT_INVOLVED))
    return INVOLVED, cells
