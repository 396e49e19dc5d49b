"""The questions of the scoping return's answered sections (DOMAIN.md §5): one Django form per
section. `answers()` gives the cleaned answers as JSON-ready data (dates as ISO strings) for
`services.section_save`; `initial_from(answers)` turns saved answers back into the form's
initial values; `summary_rows(answers)` words them for "check your answers" and the printable
view.

Every section can be saved half-done ("No, I'll come back to it later"); the questions a section
needs before it can be marked completed are asked for only then.
"""

from django import forms

from rapidreview.core.dates import long_date
from rapidreview.core.forms import GovukDateField

from .sections_base import (
    NO,
    NOT_KNOWN,
    YES,
    YES_NO,
    YES_NO_NOT_KNOWN,
    SectionForm,
    SummaryRow,
    answer_in_words,
    as_date,
    jsonable,
    radio_question,
    text_question,
)

__all__ = ["NO", "NOT_KNOWN", "YES", "FORMS", "SectionForm", "SummaryRow"]


# --- A. Agency and author -------------------------------------------------------------------------


class SectionAForm(SectionForm):
    section, title = "A", "Agency and author"
    agency = text_question("Agency")
    service_or_team = text_question("Service or team")
    author_name = text_question("Author's full name")
    author_role = text_question("Author's role")
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
    contact_phone = text_question("Contact telephone number", max_length=40)
    dsl_consulted = radio_question("Was the designated safeguarding lead consulted?", YES_NO)
    dsl_name = text_question(
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
            self.fields[key] = radio_question(
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
    summary = text_question(
        "Brief summary of your agency's involvement",
        "Who your agency worked with, when and why. Keep it short: the detail is in the chronology",
        long=True,
    )
    key_episodes = text_question(
        "Analysis of key practice episodes",
        "The moments that mattered, what was decided and why",
        long=True,
    )
    seen_and_heard = text_question(
        "Was the child seen and heard?",
        "Whether practitioners saw the child, spoke with them alone, and how their wishes and "
        "feelings were recorded",
        long=True,
    )
    daily_life = text_question("What was life like for the child?", long=True)
    equality = text_question(
        "Race, culture, disability and other equality considerations",
        "How these shaped the child's experience and the help offered",
        long=True,
    )
    went_well = text_question("What went well?", long=True)
    done_differently = text_question("What could have been done differently?", long=True)
    practitioners_views = text_question(
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
    concerns = text_question(
        "Are there concerns about the safety of this child or any other child?",
        "Say who the concerns are about, using their role in the family, not their name",
        long=True,
    )
    concerns_action = text_question("What was done about the concerns?", long=True)
    immediate_learning = text_question(
        "Immediate learning", "What your agency has learned already", long=True
    )
    needed_to_complete = {"concerns": "Say whether there are concerns about any child's safety"}

    def __init__(self, *args, rows: int = MIN_ACTION_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = max(MIN_ACTION_ROWS, min(rows, MAX_ACTION_ROWS))
        for i in range(self.rows):
            self._add_action_row(i, i + 1)

    def _add_action_row(self, i: int, n: int) -> None:
        """One action's fields, labelled inside the row's "Action n" fieldset; the messages
        name the action, as the error summary shows them without the fieldset."""
        self.fields[f"action_{i}"] = forms.CharField(
            label="What was done",
            required=False,
            max_length=1000,
            error_messages={"max_length": f"Action {n} must be 1,000 characters or fewer"},
        )
        self.fields[f"owner_{i}"] = forms.CharField(
            label="Owner's role",
            required=False,
            max_length=200,
            error_messages={
                "max_length": f"Owner's role for action {n} must be 200 characters or fewer"
            },
        )
        self.fields[f"date_{i}"] = GovukDateField(
            label="Date",
            help_text="For example, 27 3 2027",
            required=False,
            error_messages={
                "incomplete": f"Date of action {n} must include a {{missing}}",
                "invalid": f"Date of action {n} must be a real date",
                "year": f"Year of action {n} must include 4 numbers",
            },
        )
        self.fields[f"status_{i}"] = forms.ChoiceField(
            label="Status",
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
            {part: jsonable(data.get(f"{part}_{i}")) for part in ACTION_PARTS}
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
                initial[f"date_{i}"] = as_date(row.get("date"))
        return initial

    def summary_rows(self, answers: dict) -> list[SummaryRow]:
        rows = [
            SummaryRow(
                str(self.fields[n].label), answer_in_words(self.fields[n], answers.get(n)), n
            )
            for n in ("concerns", "concerns_action", "immediate_learning")
        ]
        statuses = dict(ACTION_STATUSES)
        for i, action in enumerate(answers.get("actions", [])):
            if not isinstance(action, dict):
                continue
            day = as_date(action.get("date"))
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
    parallel_detail = text_question(
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
    key_information = text_question(
        "Key information for the meeting",
        "Anything the meeting must know that is not in the other sections",
        long=True,
    )
    needed_to_complete = {"key_information": "Enter the key information for the meeting"}


FORMS: dict[str, type[SectionForm]] = {
    form.section: form
    for form in (SectionAForm, SectionBForm, SectionDForm, SectionEForm, SectionFForm, SectionGForm)
}
