"""Forms for logging a notification and moving a review on. Messages follow the GOV.UK
Design System's error message patterns; the rules themselves live in `rules.py`."""

from datetime import date
from typing import Any

from django import forms

from rapidreview.core.forms import GovukDateField

from . import rules
from .models import (
    Child,
    FamilyMember,
    Incident,
    LegalStatus,
    LookedAfter,
    Nature,
    Relationship,
    Sex,
)
from .services import sin_reference_taken

DATE_HINT = "For example, 27 3 2026"
YES_NO = [("yes", "Yes"), ("no", "No")]


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def text(label: str, *, model, name: str, required: bool = True, **kwargs: Any) -> forms.CharField:
    limit = _max(model, name)
    messages = {
        "max_length": f"{label.removesuffix(' (optional)')} must be {limit} characters or fewer"
    }
    if required:
        messages["required"] = f"Enter the {label[:1].lower() + label[1:]}"
    return forms.CharField(
        label=label, max_length=limit, required=required, error_messages=messages, **kwargs
    )


def radios(label: str, choices, *, required_message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": required_message,
        },
        **kwargs,
    )


def date_field(label: str, *, required: bool = True, **kwargs: Any) -> GovukDateField:
    name = label.removesuffix(" (optional)")
    messages = {
        "incomplete": f"{name} must include a {{missing}}",
        "invalid": f"{name} must be a real date",
    }
    return GovukDateField(
        label=label,
        required=required,
        help_text=kwargs.pop("help_text", DATE_HINT),
        error_messages=messages | kwargs.pop("error_messages", {}),
        **kwargs,
    )


class RuleForm(forms.Form):
    """A form whose `clean` turns rule findings into messages at the fields."""

    def add_findings(self, findings: list[rules.Finding]) -> None:
        """Add each finding at its field, unless the field already has a message (a missing
        or unreal date, say): one message per question."""
        for finding in findings:
            if finding.field in self.fields and finding.field not in self.errors:
                self.add_error(finding.field, finding.message)


# --- the notification -------------------------------------------------------------------------


class AboutForm(forms.Form):
    sin_reference = text(
        "SIN reference",
        model=Incident,
        name="sin_reference",
        help_text="The reference the national notification system gave the serious incident notification",
    )
    nature = radios(
        "Nature of the incident",
        Nature.choices,
        required_message="Select the nature of the incident",
    )
    circumstances = forms.CharField(
        label="Brief circumstances",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What happened, in a few sentences",
        error_messages={
            "required": "Enter the brief circumstances",
            "max_length": "Brief circumstances must be 2,000 characters or fewer",
        },
    )
    incident_local_authority = text(
        "Local authority where the incident happened",
        model=Incident,
        name="incident_local_authority",
    )
    residence_local_authority = text(
        "Local authority where the child lived",
        model=Incident,
        name="residence_local_authority",
        help_text="If the children lived in different areas, give the one for the first child",
    )
    looked_after = radios(
        "Looked-after status",
        LookedAfter.choices,
        help_text="Whether the child, or any of the children, was looked after by a local authority",
        required_message="Select the looked-after status",
    )

    def clean_sin_reference(self) -> str:
        reference = self.cleaned_data["sin_reference"].strip()
        if sin_reference_taken(reference):
            raise forms.ValidationError(
                "A notification with this SIN reference has already been logged"
            )
        return reference


class DatesForm(RuleForm):
    incident_date = date_field("Date of the incident")
    la_aware_date = date_field("Date the local authority became aware")
    partners_aware_date = date_field("Date the safeguarding partners became aware")
    sin_submitted_date = date_field("Date the SIN was submitted")

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        names = ("incident_date", "la_aware_date", "partners_aware_date", "sin_submitted_date")
        self.add_findings(
            rules.notification_date_problems(
                **{name: data.get(name) for name in names}, today=self.today
            )
        )
        return data


class ChildForm(RuleForm):
    full_name = text("Full name", model=Child, name="full_name")
    other_names = text(
        "Other names (optional)",
        model=Child,
        name="other_names",
        required=False,
        help_text="Any other names the child is or was known by",
    )
    date_of_birth = date_field("Date of birth", help_text="For example, 14 6 2019")
    sex = radios("Sex", Sex.choices, required_message="Select the child's sex")
    ethnicity = text("Ethnicity (optional)", model=Child, name="ethnicity", required=False)
    disability = text(
        "Disability (optional)",
        model=Child,
        name="disability",
        required=False,
        help_text="Leave this blank if none is known",
    )
    legal_status = radios(
        "Legal status", LegalStatus.choices, required_message="Select the child's legal status"
    )
    education = text(
        "Education setting or status (optional)",
        model=Child,
        name="education",
        required=False,
        help_text="For example, Year 3 at a primary school, nursery, or not in education",
    )
    date_of_death = date_field(
        "Date of death (optional)",
        required=False,
        help_text="Only if the child has died. For example, 2 3 2026",
    )
    pseudonym = text(
        "Pseudonym",
        model=Child,
        name="pseudonym",
        help_text="How documents name the child, for example Child A or Baby B. It must not include the child's name.",
    )

    def __init__(
        self,
        *args: Any,
        incident_date: date | None,
        taken: list[tuple[str, str]],
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.incident_date, self.taken, self.today = incident_date, taken, today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        findings = _pseudonym_findings(data, self.taken)
        if data.get("date_of_birth"):
            findings += rules.child_problems(
                full_name=data.get("full_name", ""),
                other_names=data.get("other_names", ""),
                date_of_birth=data["date_of_birth"],
                date_of_death=data.get("date_of_death"),
                pseudonym=data.get("pseudonym", ""),
                incident_date=self.incident_date,
                today=self.today,
            )
        self.add_findings(findings)
        return data


class FamilyMemberForm(RuleForm):
    full_name = text("Full name", model=FamilyMember, name="full_name")
    other_names = text(
        "Other names (optional)",
        model=FamilyMember,
        name="other_names",
        required=False,
        help_text="Any other names the person is or was known by",
    )
    relationship = radios(
        "Relationship to the child",
        Relationship.choices,
        required_message="Select the person's relationship to the child",
    )
    relationship_detail = text(
        "Describe the relationship (optional)",
        model=FamilyMember,
        name="relationship_detail",
        required=False,
        help_text="For example, mother's partner, or maternal grandmother. Say which child, if there are several.",
    )
    date_of_birth = date_field(
        "Date of birth (optional)",
        required=False,
        help_text="Leave this blank if it is not known. For example, 4 11 1994",
    )
    address = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Address must be 500 characters or fewer"},
    )
    pseudonym = text(
        "Pseudonym",
        model=FamilyMember,
        name="pseudonym",
        help_text="How documents name the person, for example Mother, Father or Sibling 1. It must not include their name.",
    )

    def __init__(
        self, *args: Any, taken: list[tuple[str, str]], today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.taken, self.today = taken, today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        findings = _pseudonym_findings(data, self.taken)
        findings += rules.family_problems(
            full_name=data.get("full_name", ""),
            other_names=data.get("other_names", ""),
            date_of_birth=data.get("date_of_birth"),
            pseudonym=data.get("pseudonym", ""),
            today=self.today,
        )
        self.add_findings(findings)
        return data


def _pseudonym_findings(data: dict[str, Any], taken: list[tuple[str, str]]) -> list[rules.Finding]:
    pseudonym = data.get("pseudonym")
    duplicate = rules.duplicate_pseudonym(pseudonym, taken) if pseudonym else None
    return [duplicate] if duplicate else []


class AddAnotherForm(forms.Form):
    add_another = forms.ChoiceField(widget=forms.RadioSelect, choices=YES_NO)

    def __init__(self, *args: Any, question: str, required_message: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["add_another"]
        field.label = question
        field.error_messages = {"required": required_message, "invalid_choice": required_message}


class ConfirmRemoveForm(AddAnotherForm):
    pass


class ScopingForm(RuleForm):
    scoping_start = date_field("Start of the scoping period", help_text="For example, 1 3 2025")
    scoping_end = date_field("End of the scoping period", help_text="For example, 1 3 2026")

    def __init__(self, *args: Any, incident_date: date | None, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.incident_date, self.today = incident_date, today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("scoping_start") and data.get("scoping_end"):
            self.add_findings(
                rules.scoping_problems(
                    scoping_start=data["scoping_start"],
                    scoping_end=data["scoping_end"],
                    incident_date=self.incident_date,
                    today=self.today,
                )
            )
        return data


# --- the review --------------------------------------------------------------------------------


class AgenciesAskedForm(forms.Form):
    agencies_asked_on = date_field("Date agencies were asked")


class ReadyForMeetingForm(forms.Form):
    involvement_complete_on = date_field(
        "Date the last agency said whether it was involved",
        help_text="Including nil returns. For example, 4 3 2026",
    )
    returns_complete_on = date_field("Date the last agency return came in")


class MeetingHeldForm(forms.Form):
    held_on = date_field("Date the meeting was held")


class SentToPanelForm(forms.Form):
    signed_off_on = date_field("Date the safeguarding partners signed off")
    sent_on = date_field("Date it was sent to the Panel")


class PanelResponseForm(forms.Form):
    responded_on = date_field("Date the Panel responded")


class StopForm(forms.Form):
    reason = forms.CharField(
        label="Why is this not a serious incident?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The partners' reasons, as they will be recorded",
        error_messages={
            "required": "Enter why this is not a serious incident",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


class NoFieldsForm(forms.Form):
    """A step that needs only a button."""
