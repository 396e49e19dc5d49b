"""Read models for the return's pages: each section's status for the task list, and each
section's answers in words for "check your answers", the printable view and the read-only view
others see. Section B shows the agency's involvement declaration and section F the records
secured and alerts, both kept by the participation app."""

from dataclasses import dataclass, field
from typing import Any

from rapidreview.participation.models import InvolvementDeclaration, RecordsSecured
from rapidreview.participation.records_queries import PersonAlerts, alerts_by_person
from rapidreview.participation.tasks import TaskStatus
from rapidreview.reviews.models import ReviewAgency

from .models import ReturnVersion, ScopingReturn, Section, SectionDraft, VersionKind
from .sections import FORMS, SummaryRow

ORDER = [s.value for s in Section]


def declaration_of(review_agency: ReviewAgency) -> InvolvementDeclaration | None:
    return (
        InvolvementDeclaration.objects.filter(review_agency=review_agency)
        .prefetch_related("lines__child", "lines__family_member", "agencies_known_involved")
        .first()
    )


def other_agencies(declaration: InvolvementDeclaration | None, review_agency) -> list[tuple]:
    """(public_id, name) of each agency the declaration names, other than the agency itself."""
    if declaration is None:
        return []
    return [
        (str(agency.public_id), agency.name)
        for agency in sorted(declaration.agencies_known_involved.all(), key=lambda a: a.name)
        if agency.pk != review_agency.agency_id
    ]


def chronology_count(scoping_return: ScopingReturn) -> int:
    return scoping_return.chronology.count() if scoping_return.pk else 0


def section_status(scoping_return: ScopingReturn, letter: str, *, declared: bool, rows: int) -> str:
    if letter in scoping_return.completed_sections:
        return TaskStatus.COMPLETED
    started = {"B": declared or bool(scoping_return.answers.get("B")), "C": rows > 0}
    if started.get(letter, bool(scoping_return.answers.get(letter))):
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED


@dataclass
class SectionSummary:
    letter: str
    title: str
    status: str
    rows: list[SummaryRow] = field(default_factory=list)


@dataclass
class ReturnSummary:
    scoping_return: ScopingReturn
    review_agency: ReviewAgency
    declaration: InvolvementDeclaration | None
    records: RecordsSecured | None
    alerts: list[PersonAlerts]
    chronology_rows: int
    sections: list[SectionSummary]

    @property
    def completed_count(self) -> int:
        return sum(s.status == TaskStatus.COMPLETED for s in self.sections)


def return_summary(scoping_return: ScopingReturn) -> ReturnSummary:
    """Everything the return says, section by section, for reading."""
    review_agency = scoping_return.review_agency
    declaration = declaration_of(review_agency)
    rows = chronology_count(scoping_return)
    sections = []
    for letter in ORDER:
        answers = scoping_return.answers.get(letter) or {}
        form = FORMS.get(letter)
        sections.append(
            SectionSummary(
                letter=letter,
                title=Section(letter).label,
                status=section_status(
                    scoping_return, letter, declared=declaration is not None, rows=rows
                ),
                rows=form().summary_rows(answers) if form else [],
            )
        )
    return ReturnSummary(
        scoping_return=scoping_return,
        review_agency=review_agency,
        declaration=declaration,
        records=RecordsSecured.objects.filter(review_agency=review_agency).first(),
        alerts=alerts_by_person(review_agency),
        chronology_rows=rows,
        sections=sections,
    )


def next_section(letter: str) -> str | None:
    index = ORDER.index(letter)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


# --- what an editor has kept: autosaved drafts and refused saves ----------------------------------


def draft_to_show(scoping_return: ScopingReturn, user: Any, letter: str) -> SectionDraft | None:
    """The editor's autosaved, unsaved draft of the section (saving the section removes it),
    with `form_base_version`, the version the restored form must send back (the SAFETY part's
    `versions.draft_for` decides it: the draft's own when the section changed since)."""
    if not scoping_return.pk:
        return None
    from .versions import draft_for

    return draft_for(scoping_return, user, letter)


def kept_answers(scoping_return: ScopingReturn, user: Any, letter: str, number: Any) -> dict | None:
    """The answers of `user`'s refused save of the section, kept as conflict version `number`."""
    if not scoping_return.pk or not str(number).isdigit() or len(str(number)) > 9:
        return None
    kept = (
        ReturnVersion.objects.filter(
            scoping_return=scoping_return,
            kind=VersionKind.CONFLICT,
            number=int(number),
            saved_by=user,
        )
        .order_by("-saved_at")
        .first()
    )
    if kept is None:
        return None
    answers = (kept.snapshot or {}).get("answers", {}).get(letter)
    return answers if isinstance(answers, dict) else None
