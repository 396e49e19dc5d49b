"""Reading a return's history: the editor's unsaved draft of a section, the list of versions, and
a readable comparison of two versions (field by field, chronology row by row).

Queries only: writing drafts and versions is `services.draft_autosave` / `services.section_save`.

Which draft is offered back (`draft_for`): the editor's draft of the section, whenever one exists.
A draft only exists while it holds unsaved work: saving the section removes it, and so does
"Discard these unsaved answers". We do not hide a draft because the return was saved since (by a
colleague, or in another section): that is exactly when work would be lost. Instead the draft says
which version the restored form must carry (`form_base_version`): the current version if nobody
changed this section since the draft was started (so saving it is safe), or the version the
draft was typed against if they did (so the save is refused, kept, and the editor compares).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidreview.core.dates import UK_TIME, clock_time, long_date

from .models import ReturnVersion, ScopingReturn, Section, SectionDraft, VersionKind

NOT_ANSWERED = "Not answered"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ROW_FIELDS = (
    ("date", "Date"),
    ("time", "Time"),
    ("people", "People"),
    ("contact_type", "Type of contact"),
    ("practitioner_role", "Practitioner's role"),
    ("what_happened", "What happened"),
    ("action_or_outcome", "Action taken or outcome"),
    ("source_reference", "Source record reference"),
)
_SECTION_TITLES = dict(Section.choices)


# --- drafts ---------------------------------------------------------------------------------------


def draft_for(scoping_return: ScopingReturn, user: Any, section: str) -> SectionDraft | None:
    """`user`'s unsaved draft of `section` (a letter, "C:<row id>" or "C:new"), or None. The
    draft carries `form_base_version`: the base_version the restored form must send back."""
    draft = SectionDraft.objects.filter(
        scoping_return=scoping_return, user=user, section=section
    ).first()
    if draft is not None:
        changed = _section_at(scoping_return, draft.base_version, section) != _section_now(
            scoping_return, section
        )
        draft.form_base_version = draft.base_version if changed else scoping_return.version
        draft.saved_time = clock_time(draft.saved_at.astimezone(UK_TIME))
    return draft


def _section_now(scoping_return: ScopingReturn, section: str) -> Any:
    return scoping_return.answers.get(section) if len(section) == 1 else None


def _section_at(scoping_return: ScopingReturn, number: int, section: str) -> Any:
    """The section's saved answers at version `number` (None if never saved by then)."""
    if len(section) != 1:
        return None  # chronology rows are guarded by their own revision
    version = (
        scoping_return.versions.exclude(kind=VersionKind.CONFLICT)
        .filter(number__lte=number)
        .order_by("-number", "-pk")
        .first()
    )
    return version.snapshot.get("answers", {}).get(section) if version else None


# --- the list of versions --------------------------------------------------------------------------


def versions_of(scoping_return: ScopingReturn) -> list[ReturnVersion]:
    """Every version, newest first, each with `kept_index` (for a conflict: which of the refused
    saves against that number it is, 1 = first) and `previous_number` (what it is compared with:
    for a saved version the one before it, for a refused save the version it was refused
    against; None for the first)."""
    versions = list(scoping_return.versions.select_related("saved_by").order_by("saved_at", "pk"))
    kept_count: dict[int, int] = {}
    last_saved: int | None = None
    for version in versions:
        if version.kind == VersionKind.CONFLICT:
            kept_count[version.number] = kept_count.get(version.number, 0) + 1
            version.kept_index = kept_count[version.number]
            version.previous_number = version.number
        else:
            version.kept_index = None
            version.previous_number = last_saved
            last_saved = version.number
    return list(reversed(versions))


def saved_version(scoping_return: ScopingReturn, number: int) -> ReturnVersion | None:
    """The version the return had as number `number` (a save or a workflow step, not a refused
    save)."""
    return (
        scoping_return.versions.exclude(kind=VersionKind.CONFLICT)
        .filter(number=number)
        .select_related("saved_by")
        .order_by("-pk")
        .first()
    )


def kept_version(scoping_return: ScopingReturn, number: int, index: int) -> ReturnVersion | None:
    """The `index`-th (from 1) refused save kept against version `number`."""
    if index < 1:
        return None
    kept = (
        scoping_return.versions.filter(kind=VersionKind.CONFLICT, number=number)
        .select_related("saved_by")
        .order_by("saved_at", "pk")
    )
    return kept[index - 1 : index].first()


def latest_kept_index(scoping_return: ScopingReturn, number: int, user: Any) -> int | None:
    """Which refused save against `number` to show by default: `user`'s latest, else anyone's."""
    kept = list(
        scoping_return.versions.filter(kind=VersionKind.CONFLICT, number=number)
        .order_by("saved_at", "pk")
        .values_list("saved_by_id", flat=True)
    )
    if not kept:
        return None
    own = [index for index, by in enumerate(kept, start=1) if by == getattr(user, "pk", None)]
    return own[-1] if own else len(kept)


def latest_saved(scoping_return: ScopingReturn) -> ReturnVersion | None:
    return (
        scoping_return.versions.exclude(kind=VersionKind.CONFLICT)
        .select_related("saved_by")
        .order_by("-number", "-pk")
        .first()
    )


# --- comparing two snapshots -----------------------------------------------------------------------


@dataclass
class FieldDifference:
    label: str
    before: str
    after: str


@dataclass
class SectionDifference:
    letter: str
    title: str
    fields: list[FieldDifference]


@dataclass
class RowDifference:
    label: str
    status: str  # "Added", "Removed" or "Changed"
    fields: list[FieldDifference]


@dataclass
class Comparison:
    sections: list[SectionDifference] = field(default_factory=list)
    rows: list[RowDifference] = field(default_factory=list)
    other: list[FieldDifference] = field(default_factory=list)  # state, sections completed

    @property
    def is_empty(self) -> bool:
        return not (self.sections or self.rows or self.other)


def compare(before: dict, after: dict) -> Comparison:
    """What differs between two snapshots (`services.snapshot` shape), in words: each answered
    section's changed questions, each chronology row added, removed or changed, and the state
    and completed sections."""
    return Comparison(
        sections=_compare_answers(before.get("answers") or {}, after.get("answers") or {}),
        rows=_compare_rows(before.get("chronology") or [], after.get("chronology") or []),
        other=_compare_other(before, after),
    )


def _compare_answers(before: dict, after: dict) -> list[SectionDifference]:
    differences = []
    for letter in sorted({*before, *after}):
        old, new = before.get(letter) or {}, after.get(letter) or {}
        if not isinstance(old, dict) or not isinstance(new, dict):
            old, new = {"answer": old}, {"answer": new}
        questions = questions_of(letter)
        fields = [
            FieldDifference(
                questions[key].label if key in questions else humanise(key),
                _answer_words(questions.get(key), old.get(key)),
                _answer_words(questions.get(key), new.get(key)),
            )
            for key in _ordered_keys(old, new, questions)
            if old.get(key) != new.get(key)
        ]
        if fields:
            title = _SECTION_TITLES.get(letter, "")
            differences.append(SectionDifference(letter, title, fields))
    return differences


def _ordered_keys(old: dict, new: dict, labels: dict) -> list[str]:
    """The questions in the form's order, then any others alphabetically."""
    keys = {*old, *new}
    known = [key for key in labels if key in keys]
    return known + sorted(keys - set(known))


def _compare_rows(before: list, after: list) -> list[RowDifference]:
    old_rows = {row.get("id"): row for row in before if isinstance(row, dict)}
    new_rows = {row.get("id"): row for row in after if isinstance(row, dict)}
    differences = []
    for row in after:
        if not isinstance(row, dict):
            continue
        old = old_rows.get(row.get("id"))
        if old is None:
            differences.append(RowDifference(row_label(row), "Added", _row_fields({}, row)))
        elif old != row:
            differences.append(RowDifference(row_label(row), "Changed", _row_fields(old, row)))
    for row in before:
        if isinstance(row, dict) and row.get("id") not in new_rows:
            differences.append(RowDifference(row_label(row), "Removed", _row_fields(row, {})))
    return differences


def _row_fields(old: dict, new: dict) -> list[FieldDifference]:
    return [
        FieldDifference(label, readable(old.get(key)), readable(new.get(key)))
        for key, label in _ROW_FIELDS
        if old.get(key) != new.get(key)
    ]


def row_label(row: dict) -> str:
    """ "13 January 2026, Home visit": how a chronology row is named in a comparison."""
    from .models import ContactType

    when = readable(row.get("date"))
    kind = dict(ContactType.choices).get(row.get("contact_type"), row.get("contact_type") or "")
    return ", ".join(part for part in (when, kind) if part and part != NOT_ANSWERED) or "A row"


def _compare_other(before: dict, after: dict) -> list[FieldDifference]:
    from .models import ReturnState

    states = dict(ReturnState.choices)
    differences = []
    if before.get("state") != after.get("state"):
        differences.append(
            FieldDifference(
                "State",
                readable(states.get(before.get("state"), before.get("state"))),
                readable(states.get(after.get("state"), after.get("state"))),
            )
        )
    old_done, new_done = (
        before.get("completed_sections") or [],
        after.get("completed_sections") or [],
    )
    if sorted(old_done) != sorted(new_done):
        differences.append(
            FieldDifference(
                "Sections marked as completed",
                ", ".join(sorted(old_done)) or "None",
                ", ".join(sorted(new_done)) or "None",
            )
        )
    return differences


def readable(value: Any) -> str:
    """An answer as words: Yes/No, dates as "13 January 2027", lists one per line."""
    if value is None or value == "" or value == [] or value == {}:
        return NOT_ANSWERED
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return "\n".join(readable(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{humanise(key)}: {readable(item)}" for key, item in value.items())
    return str(value)


def humanise(key: str) -> str:
    """ "author_name" -> "Author name"."""
    words = str(key).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Question:
    label: str
    choices: dict


def questions_of(letter: str) -> dict[str, Question]:
    """The section form's questions by field name, in the form's order, with the words for each
    choice, if the section forms (`sections.FORMS`) have one for `letter`; else none (field names
    are then humanised)."""
    try:
        from . import sections
    except ImportError:
        return {}
    forms = getattr(sections, "FORMS", None)
    form_class = forms.get(letter) if isinstance(forms, dict) else None
    base_fields = getattr(form_class, "base_fields", None) or {}
    return {
        name: Question(
            str(form_field.label or humanise(name)),
            {str(value): str(words) for value, words in getattr(form_field, "choices", ())},
        )
        for name, form_field in base_fields.items()
    }


def _answer_words(question: Question | None, value: Any) -> str:
    if question is None or not question.choices:
        return readable(value)
    if isinstance(value, list):
        return readable([question.choices.get(str(item), item) for item in value])
    if isinstance(value, str):
        return readable(question.choices.get(value, value))
    return readable(value)
