"""One agency's scoping return as a Word document (DOCX) that Word and LibreOffice open cleanly.

Built with python-docx directly (no template file to keep in step with the sections): a heading
per section A to G, tables for the involvement lines, the chronology and any repeating answers
(the single-agency actions of section E), the sign-off, and "OFFICIAL-SENSITIVE" in the header
and footer of every page.

Named individuals appear by name (the document is for the agency and the partnership team), or by
pseudonym on request; then any full name written in the free text is replaced by the person's
pseudonym too (best effort: a nickname or a first name alone is not caught). Practitioners are
named by their role only, as the chronology records them. The export is audited (EXPORTED) with
what was exported, never the people in it.
"""

import io
import re
from datetime import date

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.core.dates import clock_time, long_date, uk_datetime
from rapidreview.documents.word import CONTENT_TYPE, mark_every_page, xml_safe
from rapidreview.participation.models import InvolvementDeclaration

from .merged import People, people_on
from .models import ChronologyEntry, ScopingReturn, Section
from .sections import ACTION_STATUSES, FORMS

__all__ = ["CONTENT_TYPE", "build_document", "filename_for", "return_docx"]

TITLE = "Initial scoping and information sharing return"

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def filename_for(scoping_return: ScopingReturn) -> str:
    """RR-2026-004-Northmoor-Constabulary-scoping-return.docx: no personal data."""
    review_agency = scoping_return.review_agency
    agency = re.sub(r"[^A-Za-z0-9]+", "-", review_agency.agency.name).strip("-")
    return f"{review_agency.review.reference}-{agency}-scoping-return.docx"


class _Writer:
    """Text into the document, with names swapped for pseudonyms when asked."""

    def __init__(self, people: People, pseudonyms: bool) -> None:
        self.people = people
        self.pseudonyms = pseudonyms
        self.document = Document()

    def clean(self, value: object) -> str:
        text = xml_safe(value)
        if self.pseudonyms:
            for person in self.people.persons:
                if person.name.strip():
                    pattern = re.compile(re.escape(person.name.strip()), re.IGNORECASE)
                    text = pattern.sub(person.pseudonym, text)
        return text

    def heading(self, text: str, level: int) -> None:
        self.document.add_heading(self.clean(text), level=level)

    def paragraph(self, text: str, *, bold_label: str = "") -> None:
        paragraph = self.document.add_paragraph()
        if bold_label:
            paragraph.add_run(f"{bold_label}: ").bold = True
        paragraph.add_run(self.clean(text))

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(header).bold = True
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = self.clean(value)
        self.document.add_paragraph()


def _words(value: object) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or value == "":
        return "Not answered"
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list) and all(not isinstance(item, dict | list) for item in value):
        return ", ".join(_words(item) for item in value) or "None"
    return str(value)


def _label(key: str) -> str:
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _generic_answers(writer: _Writer, answers: dict) -> None:
    """Answers of a section with no form to word them: each key as a label."""
    for key, value in answers.items():
        writer.paragraph(_words(value), bold_label=_label(key))


def _actions(writer: _Writer, actions: list) -> None:
    statuses = dict(ACTION_STATUSES)
    rows = [
        [
            action.get("action", ""),
            action.get("owner") or "Not given",
            _words(action.get("date")) if action.get("date") else "Not given",
            statuses.get(action.get("status")) or "Not given",
        ]
        for action in actions
        if isinstance(action, dict)
    ]
    writer.paragraph("", bold_label="Single-agency actions already taken")
    writer.table(["Action", "Owner", "Date", "Status"], rows)


def _answers(writer: _Writer, letter: str, answers: dict) -> None:
    """The section's questions and answers in words, as the return's own pages word them (the
    section forms' summary rows); section E's actions as a table of their own."""
    form = FORMS.get(letter)
    if form is None:
        _generic_answers(writer, answers)
        return
    rows = [row for row in form().summary_rows(answers) if not row.field.startswith("action_")]
    if rows:
        writer.table(["Question", "Answer"], [[row.label, row.value] for row in rows])
    if answers.get("actions") and isinstance(answers["actions"], list):
        _actions(writer, answers["actions"])


def _involvement(writer: _Writer, scoping_return: ScopingReturn) -> None:
    declaration = (
        InvolvementDeclaration.objects.filter(review_agency=scoping_return.review_agency)
        .prefetch_related("lines")
        .first()
    )
    if declaration is None:
        writer.paragraph("The agency has not declared its involvement yet.")
        return
    writer.paragraph(declaration.systems_searched, bold_label="Systems searched")
    if declaration.is_nil_return:
        writer.paragraph("Nil return: the agency knew none of the named individuals.")
    rows = []
    for line in declaration.lines.all():
        person = writer.people.find(child_id=line.child_id, family_member_id=line.family_member_id)
        rows.append(
            [
                person.shown(writer.pseudonyms),
                "Involved" if line.involved else "Not involved",
                long_date(line.first_contact) or "–",
                long_date(line.last_contact) or "–",
            ]
        )
    writer.table(["Individual", "Involvement", "First contact", "Last contact"], rows)


def _chronology(writer: _Writer, scoping_return: ScopingReturn) -> int:
    entries = list(
        ChronologyEntry.objects.filter(scoping_return=scoping_return).prefetch_related(
            "children", "family_members"
        )
    )
    if not entries:
        writer.paragraph("No chronology rows.")
        return 0
    rows = []
    for entry in entries:
        people = [
            *(writer.people.by_child_id[c.pk] for c in entry.children.all()),
            *(writer.people.by_family_id[f.pk] for f in entry.family_members.all()),
        ]
        rows.append(
            [
                long_date(entry.occurred_on),
                clock_time(entry.occurred_at) if entry.occurred_at else "",
                ", ".join(p.shown(writer.pseudonyms) for p in people),
                entry.get_contact_type_display(),
                entry.practitioner_role,
                entry.what_happened,
                entry.action_or_outcome,
                entry.source_reference,
            ]
        )
    headers = ["Date", "Time", "Individuals", "Contact type", "Practitioner role"]
    writer.table([*headers, "What happened", "Action or outcome", "Source reference"], rows)
    return len(entries)


def _sign_off(writer: _Writer, scoping_return: ScopingReturn) -> None:
    writer.heading("Sign-off", 1)
    writer.paragraph(scoping_return.get_state_display(), bold_label="State")
    if scoping_return.signed_off_on:
        writer.paragraph("I am sighted on this return.")
        writer.paragraph(scoping_return.signed_off_name or "–", bold_label="Signed off by")
        writer.paragraph(scoping_return.signed_off_role or "–", bold_label="Role")
        writer.paragraph(long_date(scoping_return.signed_off_on), bold_label="Date")
    else:
        writer.paragraph("Not signed off yet.")
    if scoping_return.released_at:
        writer.paragraph(uk_datetime(scoping_return.released_at), bold_label="Released")


def _setup(writer: _Writer) -> None:
    document = writer.document
    document.styles["Normal"].font.size = Pt(10)
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    mark_every_page(document)


def build_document(scoping_return: ScopingReturn, *, pseudonyms: bool) -> tuple[bytes, int]:
    """The document's bytes and how many chronology rows it holds."""
    review_agency = scoping_return.review_agency
    writer = _Writer(people_on(review_agency.review), pseudonyms)
    _setup(writer)
    writer.document.core_properties.title = f"{review_agency.review.reference} {TITLE}"
    writer.heading(TITLE, 0)
    writer.paragraph(review_agency.review.reference, bold_label="Rapid review")
    writer.paragraph(review_agency.agency.name, bold_label="Agency")
    writer.paragraph(uk_datetime(timezone.now()), bold_label="Exported")
    writer.paragraph(
        "Pseudonyms" if pseudonyms else "Full names", bold_label="Individuals named by"
    )
    rows = 0
    for section in Section:
        writer.heading(f"{section.value}. {section.label}", 1)
        if section == Section.C:
            rows = _chronology(writer, scoping_return)
            continue
        if section == Section.B:
            _involvement(writer, scoping_return)
        _answers(writer, section.value, scoping_return.answers.get(section.value) or {})
    _sign_off(writer, scoping_return)
    buffer = io.BytesIO()
    writer.document.save(buffer)
    return buffer.getvalue(), rows


def return_docx(scoping_return: ScopingReturn, *, actor, pseudonyms: bool) -> bytes:
    """The return as a Word document, the export recorded in the audit trail."""
    content, rows = build_document(scoping_return, pseudonyms=pseudonyms)
    review_agency = scoping_return.review_agency
    audit_record(
        actor=actor,
        verb=Verb.EXPORTED,
        target=scoping_return,
        review_reference=review_agency.review.reference,
        payload={
            "export": "scoping return",
            "format": "docx",
            "agency": review_agency.agency.name,
            "state": scoping_return.state,
            "individuals": "pseudonyms" if pseudonyms else "full names",
            "chronology_rows": rows,
        },
    )
    return content
