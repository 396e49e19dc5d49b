"""The questions of the scoping return's answered sections (DOMAIN.md §5): one Django form per
section. `answers()` gives the cleaned answers as JSON-ready data (dates as ISO strings) for
`services.section_save`; `initial_from(answers)` turns saved answers back into the form's
initial values; `summary_rows(answers)` words them for "check your answers" and the printable
view.

Every section can be saved half-done ("No, I'll come back to it later"); the questions a section
needs before it can be marked completed are asked for only then.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms

from rapidreview.core.dates import long_date
from rapidreview.core.forms import GovukDateField

YES, NO, NOT_KNOWN = "yes", "no", "not_known"
YES_NO = [(YES, "Yes"), (NO, "No")]
YES_NO_NOT_KNOWN = [(YES, "Yes"), (NO, "No"), (NOT_KNOWN, "Not known")]
COMPLETED_CHOICES = [(YES, "Yes, I've completed this section"), (NO, "No, I'll come back later")]
CONTROL_FIELDS = ("base_version", "completed")
LONG_TEXT = 20_000


def _text(label: str, hint: str = "", *, long: bool = False, max_length: int = 200):
    limit = LONG_TEXT if long else max_length
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": 5}) if long else forms.TextInput,
        error_messages={"max_length": f"{label} must be {limit:,} characters or fewer"},
    )


def _radios(label: str, choices, hint: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        required=False,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": f"Select an answer for: {label}"},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return value


class SectionForm(forms.Form):
    """What every section's form has: the version it was opened at, and "completed?"."""

    section = ""
    title = ""
    # Questions to answer before the section can be marked completed: field -> message.
    needed_to_complete: dict[str, str] = {}

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10**9)
    completed = forms.ChoiceField(
        label="Have you completed this section?",
        choices=COMPLETED_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you have completed this section",
            "invalid_choice": "Select whether you have completed this section",
        },
    )

    @property
    def answer_fields(self) -> list[str]:
        return [name for name in self.fields if name not in CONTROL_FIELDS]

    def clean(self):
        data = super().clean()
        if self.has_error("base_version"):
            self.add_error(
                None, "This page was out of date. Open the section again and re-enter your answers"
            )
        if data.get("completed") == YES:
            for name, message in self.needed_to_complete.items():
                if not data.get(name) and not self.has_error(name):
                    self.add_error(name, message)
        return data

    @property
    def is_completed(self) -> bool:
        return self.cleaned_data.get("completed") == YES

    def answers(self) -> dict:
        """The cleaned answers, JSON-ready (call after is_valid)."""
        return {name: _jsonable(self.cleaned_data.get(name)) for name in self.answer_fields}

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        """Saved answers as initial values (ISO dates back to dates)."""
        initial = {}
        for name, field in cls.base_fields.items():
            if name in CONTROL_FIELDS or name not in answers:
                continue
            initial[name] = (
                _as_date(answers[name]) if isinstance(field, GovukDateField) else (answers[name])
            )
        return initial

    def summary_rows(self, answers: dict) -> list["SummaryRow"]:
        return [
            SummaryRow(str(self.fields[name].label), _words(self.fields[name], answers.get(name)))
            for name in self.answer_fields
        ]


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str
    field: str = ""  # the field to link to from "Change"


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _words(field: forms.Field, value: Any) -> str:
    if value in (None, "", []):
        return "Not answered"
    if isinstance(field, GovukDateField):
        day = _as_date(value)
        return long_date(day) if day else "Not answered"
    if isinstance(field, forms.ChoiceField):
        labels = dict(field.choices)
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(v, v)) for v in values)
    return str(value)


# --- A. Agency and author -------------------------------------------------------------------------


class SectionAForm(SectionForm):
    section, title = "A", "Agency and author"
    agency = _text("Agency")
    service_or_team = _text("Service or team")
    author_name = _text("Author's full name")
    author_role = _text("Author's role")
    contact_email = forms.EmailField(
        label="Secure contact email address",
        help_text="A secure email address the partnership team can use to reach you",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    contact_phone = _text("Contact telephone number", max_length=40)
    dsl_consulted = _radios("Was the designated safeguarding lead consulted?", YES_NO)
    dsl_name = _text(
        "Who did you consult?", "Their name and role, if the safeguarding lead was consulted"
    )
    needed_to_complete = {
        "agency": "Enter the agency",
        "author_name": "Enter the author's full name",
        "author_role": "Enter the author's role",
        "contact_email": "Enter a secure contact email address",
        "dsl_consulted": "Select whether the designated safeguarding lead was consulted",
    }

    def clean(self):
        data = super().clean()
        if data.get("dsl_consulted") == YES and not data.get("dsl_name"):
            self.add_error("dsl_name", "Enter who you consulted")
        return data


# --- B. Involvement: the extra answer about each other agency the declaration names -------------


class SectionBForm(SectionForm):
    section, title = "B", "Involvement"

    def __init__(self, *args, agencies=(), **kwargs):
        """`agencies`: (public_id, name) of each other agency the declaration names."""
        super().__init__(*args, **kwargs)
        self.agency_names = {}
        for public_id, name in agencies:
            key = f"still_involved_{public_id}"
            self.agency_names[key] = name
            self.fields[key] = _radios(
                f"Is {name} still involved with the family?", YES_NO_NOT_KNOWN
            )

    def answers(self) -> dict:
        return {
            "still_involved": [
                {
                    "agency": key.removeprefix("still_involved_"),
                    "name": name,
                    "answer": self.cleaned_data.get(key) or "",
                }
                for key, name in self.agency_names.items()
            ]
        }

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return {
            f"still_involved_{row.get('agency')}": row.get("answer", "")
            for row in answers.get("still_involved", [])
            if isinstance(row, dict)
        }

    def summary_rows(self, answers: dict) -> list[SummaryRow]:
        words = dict(YES_NO_NOT_KNOWN)
        return [
            SummaryRow(
                f"Is {row.get('name', 'this agency')} still involved?",
                str(words.get(row.get("answer"), "Not answered")),
                f"still_involved_{row.get('agency')}",
            )
            for row in answers.get("still_involved", [])
            if isinstance(row, dict)
        ]


# --- D. Summary and analysis ----------------------------------------------------------------------


class SectionDForm(SectionForm):
    section, title = "D", "Summary and analysis"
    summary = _text(
        "Brief summary of your agency's involvement",
        "Who your agency worked with, when and why. Keep it short: the detail is in the chronology",
        long=True,
    )
    key_episodes = _text(
        "Analysis of key practice episodes",
        "The moments that mattered, what was decided and why",
        long=True,
    )
    seen_and_heard = _text(
        "Was the child seen and heard?",
        "Whether practitioners saw the child, spoke with them alone, and how their wishes and "
        "feelings were recorded",
        long=True,
    )
    daily_life = _text("What was life like for the child?", long=True)
    equality = _text(
        "Race, culture, disability and other equality considerations",
        "How these shaped the child's experience and the help offered",
        long=True,
    )
    went_well = _text("What went well?", long=True)
    done_differently = _text("What could have been done differently?", long=True)
    practitioners_views = _text(
        "What do practitioners who knew the family say?",
        "About opportunities to work better together",
        long=True,
    )
    needed_to_complete = {"summary": "Enter a brief summary of your agency's involvement"}


# --- E. Immediate safety and learning -------------------------------------------------------------

ACTION_STATUSES = [
    ("", "Choose a status"),
    ("planned", "Planned"),
    ("in_progress", "In progress"),
    ("done", "Done"),
]
MIN_ACTION_ROWS, MAX_ACTION_ROWS = 3, 20
ACTION_PARTS = ("action", "owner", "date", "status")


class SectionEForm(SectionForm):
    section, title = "E", "Immediate safety and learning"
    concerns = _text(
        "Are there concerns about the safety of this child or any other child?",
        "Say who the concerns are about, using their role in the family, not their name",
        long=True,
    )
    concerns_action = _text("What was done about the concerns?", long=True)
    immediate_learning = _text(
        "Immediate learning", "What your agency has learned already", long=True
    )
    needed_to_complete = {"concerns": "Say whether there are concerns about any child's safety"}

    def __init__(self, *args, rows: int = MIN_ACTION_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = max(MIN_ACTION_ROWS, min(rows, MAX_ACTION_ROWS))
        for i in range(self.rows):
            n = i + 1
            self.fields[f"action_{i}"] = _text(f"Action {n}", long=False, max_length=1000)
            self.fields[f"owner_{i}"] = _text(f"Action {n}: owner's role")
            self.fields[f"date_{i}"] = GovukDateField(
                label=f"Action {n}: date", help_text="For example, 27 3 2027", required=False
            )
            self.fields[f"status_{i}"] = forms.ChoiceField(
                label=f"Action {n}: status",
                choices=ACTION_STATUSES,
                required=False,
                error_messages={"invalid_choice": f"Select the status of action {n}"},
            )

    @property
    def action_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"{part}_{i}"] for part in ACTION_PARTS] for i in range(self.rows)]

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("concerns", "concerns_action", "immediate_learning")]

    def clean(self):
        data = super().clean()
        for i in range(self.rows):
            others = [data.get(f"{part}_{i}") for part in ("owner", "date", "status")]
            if any(others) and not data.get(f"action_{i}") and not self.has_error(f"action_{i}"):
                self.add_error(f"action_{i}", f"Enter action {i + 1}, or clear its other answers")
        return data

    def answers(self) -> dict:
        data = self.cleaned_data
        actions = [
            {part: _jsonable(data.get(f"{part}_{i}")) for part in ACTION_PARTS}
            for i in range(self.rows)
            if data.get(f"action_{i}")
        ]
        return {
            "concerns": data.get("concerns", ""),
            "concerns_action": data.get("concerns_action", ""),
            "immediate_learning": data.get("immediate_learning", ""),
            "actions": actions,
        }

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        initial = super().initial_from(answers)
        for i, row in enumerate(answers.get("actions", [])[:MAX_ACTION_ROWS]):
            if isinstance(row, dict):
                initial |= {f"{part}_{i}": row.get(part, "") for part in ACTION_PARTS}
                initial[f"date_{i}"] = _as_date(row.get("date"))
        return initial

    def summary_rows(self, answers: dict) -> list[SummaryRow]:
        rows = [
            SummaryRow(str(self.fields[n].label), _words(self.fields[n], answers.get(n)), n)
            for n in ("concerns", "concerns_action", "immediate_learning")
        ]
        statuses = dict(ACTION_STATUSES)
        for i, action in enumerate(answers.get("actions", [])):
            if not isinstance(action, dict):
                continue
            day = _as_date(action.get("date"))
            details = [
                action.get("action", ""),
                f"Owner: {action.get('owner') or 'not given'}",
                f"Date: {long_date(day) if day else 'not given'}",
                f"Status: {statuses.get(action.get('status')) or 'not given'}",
            ]
            rows.append(SummaryRow(f"Action {i + 1}", "\n".join(details), f"action_{i}"))
        if not answers.get("actions"):
            rows.append(SummaryRow("Single-agency actions already taken", "None recorded"))
        return rows


def action_rows_wanted(answers: dict) -> int:
    """Rows to show: the saved actions plus one blank, at least the minimum."""
    return len(answers.get("actions", [])) + 1


# --- F. Records, alerts and parallel processes ---------------------------------------------------

PARALLEL_PROCESSES = [
    ("police_investigation", "Police investigation"),
    ("coroner", "Coroner's inquest or investigation"),
    ("internal_review", "Internal review"),
    ("nhs_patient_safety", "NHS patient safety review"),
    ("disciplinary", "Disciplinary process"),
    ("lado", "Referral to the LADO"),
    ("other", "Other"),
]


class SectionFForm(SectionForm):
    section, title = "F", "Records, alerts and parallel processes"
    parallel_processes = forms.MultipleChoiceField(
        label="Which parallel processes does your agency know of?",
        help_text="Select all that apply",
        choices=PARALLEL_PROCESSES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select the parallel processes from the list"},
    )
    parallel_detail = _text(
        "Details of the parallel processes",
        "Who leads each one, its reference and what stage it has reached",
        long=True,
    )

    def clean(self):
        data = super().clean()
        if "other" in (data.get("parallel_processes") or []) and not data.get("parallel_detail"):
            self.add_error("parallel_detail", "Say what the other process is")
        return data


# --- G. Key information ---------------------------------------------------------------------------


class SectionGForm(SectionForm):
    section, title = "G", "Key information for the meeting"
    key_information = _text(
        "Key information for the meeting",
        "Anything the meeting must know that is not in the other sections",
        long=True,
    )
    needed_to_complete = {"key_information": "Enter the key information for the meeting"}


FORMS: dict[str, type[SectionForm]] = {
    form.section: form
    for form in (SectionAForm, SectionBForm, SectionDForm, SectionEForm, SectionFForm, SectionGForm)
}
