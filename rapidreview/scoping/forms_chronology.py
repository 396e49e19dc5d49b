"""Forms for the chronology (section C): one row, and the two steps of an import. The rules live
in `chronology.py` (checked again by the services); these put the messages at the fields."""

import re
from datetime import time

from django import forms
from django.core.exceptions import ValidationError

from rapidreview.documents.forms import DocumentField
from rapidreview.reviews.forms import date_field, radios
from rapidreview.reviews.models import Incident

from .chronology import LIMITS, row_problems
from .chronology_import import FIELDS, FileProblem, Table, read_table
from .models import ContactType

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
IMPORT_KINDS = ("csv", "xlsx")


def _text(label: str, name: str, *, required: bool, rows: int = 0, **kwargs) -> forms.CharField:
    limit = LIMITS[name]
    shown = label.removesuffix(" (optional)")
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages={
            "required": f"Enter {shown[:1].lower() + shown[1:]}",
            "max_length": f"{shown} must be {limit} characters or fewer",
        },
        **kwargs,
    )


class ChronologyRowForm(forms.Form):
    """Add or change one row. `people` are the named individuals (children and family)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    occurred_on = date_field("Date", error_messages={"required": "Enter the date"})
    occurred_at = forms.CharField(
        label="Time (optional)",
        required=False,
        max_length=5,
        help_text="Use the 24-hour clock, for example 09:30 or 14:05",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
        error_messages={"max_length": "Enter the time like 09:30 or 14:05"},
    )
    people = forms.MultipleChoiceField(
        label="Who was this contact about?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={
            "required": "Select at least one named individual",
            "invalid_choice": "Select people named on the notification",
        },
    )
    contact_type = radios(
        "Type of contact", ContactType.choices, required_message="Select the type of contact"
    )
    practitioner_role = _text(
        "Practitioner's role",
        "practitioner_role",
        required=True,
        help_text="Their role, never their name. For example, health visitor",
    )
    what_happened = _text(
        "What happened", "what_happened", required=True, rows=4, help_text="Facts only"
    )
    action_or_outcome = _text(
        "Action taken or outcome (optional)", "action_or_outcome", required=False, rows=3
    )
    source_reference = _text(
        "Source record reference (optional)",
        "source_reference",
        required=False,
        help_text="Where the record is kept, for example a case note number",
    )

    def __init__(self, *args, people: list, incident: Incident, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.people = {person.key: person for person in people}
        self.incident = incident
        self.fields["people"].choices = [(p.key, p.described) for p in people]
        self.fields["practitioner_role"].widget.attrs["autocomplete"] = "off"

    def clean_occurred_at(self) -> time | None:
        text = self.cleaned_data.get("occurred_at", "")
        if not text.strip():
            return None
        match = _TIME.match(text)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValidationError("Enter the time like 09:30 or 14:05")
        return time(int(match.group(1)), int(match.group(2)))

    def clean(self):
        cleaned = super().clean()
        cleaned["people"] = [self.people[key].person for key in cleaned.get("people", [])]
        for problem in row_problems(self.service_values(), self.incident):
            if problem.field in self.fields and problem.field not in self.errors:
                self.add_error(problem.field, problem.message)
        return cleaned

    def service_values(self) -> dict:
        data = self.cleaned_data
        names = ("occurred_on", "occurred_at", "contact_type", "people", "practitioner_role")
        values = {name: data.get(name) for name in names}
        for name in ("what_happened", "action_or_outcome", "source_reference"):
            values[name] = data.get(name) or ""
        values["people"] = values["people"] or []
        return values


def row_initial(row, people: list) -> dict:
    by_person = {(type(p.person), p.person.pk): p.key for p in people}
    chosen = [*row.children.all(), *row.family_members.all()]
    return {
        "revision": row.revision,
        "occurred_on": row.occurred_on,
        "occurred_at": row.occurred_at.strftime("%H:%M") if row.occurred_at else "",
        "people": [by_person[(type(p), p.pk)] for p in chosen if (type(p), p.pk) in by_person],
        "contact_type": row.contact_type,
        "practitioner_role": row.practitioner_role,
        "what_happened": row.what_happened,
        "action_or_outcome": row.action_or_outcome,
        "source_reference": row.source_reference,
    }


class ImportUploadForm(forms.Form):
    file = DocumentField(
        label="Upload a file",
        help_text="A CSV file (UTF-8) or an Excel spreadsheet (.xlsx). The first row must "
        "name the columns.",
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.detected.kind not in IMPORT_KINDS:
            raise ValidationError("The selected file must be a CSV file or an Excel spreadsheet")
        uploaded.seek(0)
        try:
            self.table: Table = read_table(uploaded.read(), uploaded.detected.kind)
        except FileProblem as problem:
            raise ValidationError(str(problem)) from None
        uploaded.seek(0)
        return uploaded


class ImportMappingForm(forms.Form):
    """For each of our fields, the file's column that holds it."""

    def __init__(self, *args, headers: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        columns = [(str(index), header) for index, header in enumerate(headers)]
        for key, label, required, _ in FIELDS:
            empty = "Select a column" if required else "Not in the file"
            self.fields[key] = forms.ChoiceField(
                label=label if required else f"{label} (optional)",
                choices=[("", empty), *columns],
                required=required,
                error_messages={
                    "required": f"Select the column that holds the {label.lower()}",
                    "invalid_choice": f"Select the column that holds the {label.lower()}",
                },
            )

    def clean(self):
        cleaned = super().clean()
        chosen: dict[str, str] = {}
        for key, label, _, _ in FIELDS:
            column = cleaned.get(key)
            if column and column in chosen:
                self.add_error(key, f"{label} cannot use the same column as {chosen[column]}")
            elif column:
                chosen[column] = label.lower()
        return cleaned
