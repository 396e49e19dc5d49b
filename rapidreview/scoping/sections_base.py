"""What every section form of the scoping return shares: the version it was opened at, "Have
you completed this section?", the questions needed to complete it, JSON-ready answers, and the
answers in words for reading (see `sections.py` for the sections themselves)."""

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


def text_question(label: str, hint: str = "", *, long: bool = False, max_length: int = 200):
    limit = LONG_TEXT if long else max_length
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": 5}) if long else forms.TextInput,
        error_messages={"max_length": f"{label} must be {limit:,} characters or fewer"},
    )


def radio_question(label: str, choices, hint: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        required=False,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": f"Select an answer for: {label}"},
    )


def jsonable(value: Any) -> Any:
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
        return {name: jsonable(self.cleaned_data.get(name)) for name in self.answer_fields}

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        """Saved answers as initial values (ISO dates back to dates)."""
        initial = {}
        for name, field in cls.base_fields.items():
            if name in CONTROL_FIELDS or name not in answers:
                continue
            initial[name] = (
                as_date(answers[name]) if isinstance(field, GovukDateField) else (answers[name])
            )
        return initial

    def summary_rows(self, answers: dict) -> list["SummaryRow"]:
        return [
            SummaryRow(
                str(self.fields[name].label), answer_in_words(self.fields[name], answers.get(name))
            )
            for name in self.answer_fields
        ]


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str
    field: str = ""  # the field to link to from "Change"


def as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def answer_in_words(field: forms.Field, value: Any) -> str:
    if value in (None, "", []):
        return "Not answered"
    if isinstance(field, GovukDateField):
        day = as_date(value)
        return long_date(day) if day else "Not answered"
    if isinstance(field, forms.ChoiceField):
        labels = dict(field.choices)
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(v, v)) for v in values)
    return str(value)
