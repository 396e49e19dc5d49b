"""Forms for the partnership's documents, records secured, the private area, alerts and the
staff register. The rules are checked again by the services (`records.py`,
`records_people.py`); these give the messages at the fields."""

from django import forms
from django.conf import settings

from rapidreview.documents.forms import DocumentField
from rapidreview.reviews.forms import RuleForm, date_field, radios, text

from .models import (
    Alert,
    DocumentKind,
    PrivateRecord,
    ReviewDocument,
    StaffMember,
)
from .records_queries import Person

CONTACT_SEPARATOR = "; "


def _file_hint() -> str:
    return (
        "A PDF, Word document, Excel spreadsheet, image (PNG or JPEG), CSV or text file, "
        f"smaller than {settings.UPLOAD_MAX_MB}MB"
    )


def _long_text(label: str, *, required_message: str = "", **kwargs) -> forms.CharField:
    messages = {
        "max_length": f"{label.removesuffix(' (optional)')} must be 2000 characters or fewer"
    }
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        max_length=2000,
        required=bool(required_message),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=messages,
        **kwargs,
    )


class ReviewDocumentForm(RuleForm):
    title = text("Title", model=ReviewDocument, name="title")
    kind = radios(
        "What kind of document is it?",
        DocumentKind.choices,
        required_message="Select what kind of document it is",
    )
    file = DocumentField(label="Upload the document")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_hint()


class RecordsSecuredForm(RuleForm):
    secured_on = date_field(
        "Date the records were secured",
        error_messages={"required": "Enter the date the records were secured"},
    )
    location = _long_text(
        "Where are the records held?",
        required_message="Enter where the records are held",
        help_text="For example, a restricted folder on the case system that only named people "
        "can open",
    )
    who_may_access = _long_text(
        "Who may access them?",
        required_message="Enter who may access the records",
        help_text="The representative and the colleagues nominated for this review, by name "
        "and role",
    )


class PrivateRecordForm(RuleForm):
    description = text(
        "Description",
        model=PrivateRecord,
        name="description",
        help_text="What the record is, for example 'Call log, 3 to 5 March'",
    )
    file = DocumentField(label="Upload a copy of the record")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_hint()


class AlertForm(RuleForm):
    """Add (with the person) or change (without) one alert."""

    person = radios("Who is the alert about?", [], required_message="Select who the alert is about")
    system = text(
        "System",
        model=Alert,
        name="system",
        help_text="The case record system the alert is on",
    )
    placed_on = date_field(
        "Date placed", error_messages={"required": "Enter the date the alert was placed"}
    )
    placed_by = text(
        "Placed by",
        model=Alert,
        name="placed_by",
        help_text="Their name and role, for example 'Jo Bloggs, records officer'",
    )

    def __init__(self, *args, people: list[Person] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].choices = [(p.key, p.described) for p in people]


class AlertsReviewedForm(RuleForm):
    reviewed_on = date_field(
        "Date the alerts were reviewed",
        error_messages={"required": "Enter the date the alerts were reviewed"},
    )


class StaffMemberForm(RuleForm):
    role = text("Role", model=StaffMember, name="role", help_text="For example, response officer")
    initials = forms.CharField(
        label="Initials",
        max_length=10,
        help_text="1 to 4 letters. Do not enter their full name.",
        error_messages={
            "required": "Enter their initials",
            "max_length": "Initials must be 1 to 4 letters, not a full name",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "autocomplete": "off"}),
    )
    contact_people = forms.MultipleChoiceField(
        label="Who did they have contact with?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"invalid_choice": "Select people named on the notification"},
    )
    contact_other = forms.CharField(
        label="Anyone else they had contact with (optional)",
        required=False,
        max_length=300,
        error_messages={"max_length": "Anyone else must be 300 characters or fewer"},
    )
    informed_on = date_field("Date informed of the review (optional)", required=False)
    support_offered = _long_text("Support offered (optional)")
    information_shared_on = date_field(
        "Date the information gathered was shared with them (optional)", required=False
    )
    outcome_shared_on = date_field("Date the outcome was shared (optional)", required=False)
    completed_review_shared_on = date_field(
        "Date the completed rapid review was shared (optional)", required=False
    )

    def __init__(self, *args, people: list[Person], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.people = {p.key: p for p in people}
        self.fields["contact_people"].choices = [(p.key, p.described) for p in people]

    def clean(self):
        cleaned = super().clean()
        chosen = [self.people[key].name for key in cleaned.get("contact_people", [])]
        other = (cleaned.get("contact_other") or "").strip()
        contact = CONTACT_SEPARATOR.join([*chosen, *([other] if other else [])])
        if "contact_people" in cleaned and "contact_other" in cleaned:
            if not contact:
                self.add_error("contact_people", "Select who they had contact with")
            elif len(contact) > 300:
                self.add_error(
                    "contact_other", "Who they had contact with must be 300 characters or fewer"
                )
        cleaned["contact_with"] = contact
        return cleaned

    def service_values(self) -> dict:
        data = self.cleaned_data
        names = (
            "role",
            "initials",
            "contact_with",
            "informed_on",
            "support_offered",
            "information_shared_on",
            "outcome_shared_on",
            "completed_review_shared_on",
        )
        return {name: data.get(name) for name in names}


def staff_initial(member: StaffMember, people: list[Person]) -> dict:
    """The form's answers for an existing entry: named people ticked, the rest as free text."""
    parts = [part for part in member.contact_with.split(CONTACT_SEPARATOR) if part]
    by_name = {p.name: p.key for p in people}
    ticked = [by_name[part] for part in parts if part in by_name]
    other = [part for part in parts if part not in by_name]
    fields = [
        "role",
        "initials",
        "informed_on",
        "support_offered",
        "information_shared_on",
        "outcome_shared_on",
        "completed_review_shared_on",
    ]
    return {name: getattr(member, name) for name in fields} | {
        "contact_people": ticked,
        "contact_other": CONTACT_SEPARATOR.join(other),
    }
