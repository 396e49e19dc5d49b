"""Forms for an agency's answers: attendance, involvement and nominations. They parse what was
typed; the rules about the answers (dates inside the scoping period, who may be nominated) are
the services' in `responses.py`, which word them for the page."""

from django import forms
from django.db.models import QuerySet

from rapidreview.accounts.models import Agency
from rapidreview.core.forms import GovukDateField
from rapidreview.reviews.models import Child, FamilyMember

from .models import Attending
from .responses import person_key

YES, NO = "yes", "no"


class AttendanceForm(forms.Form):
    attending = forms.ChoiceField(
        label="Who will attend the meeting?",
        choices=Attending.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who will attend the meeting",
            "invalid_choice": "Select who will attend the meeting",
        },
    )
    # Asked only when a colleague goes instead (revealed under that answer).
    attendee_name = forms.CharField(
        label="Full name",
        required=False,
        max_length=200,
        error_messages={"max_length": "Full name must be 200 characters or fewer"},
    )
    attendee_job_title = forms.CharField(
        label="Job title",
        required=False,
        max_length=200,
        error_messages={"max_length": "Job title must be 200 characters or fewer"},
    )
    attendee_email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )


def _escape(text: str) -> str:
    """For GovukDateField's messages, which are filled in with str.format."""
    return text.replace("{", "{{").replace("}", "}}")


def _contact_date(what: str, full_name: str) -> GovukDateField:
    name = _escape(full_name)
    return GovukDateField(
        label=f"Date of {what} contact",
        required=False,
        help_text="For example, 27 3 2025",
        error_messages={
            "incomplete": f"Date of {what} contact with {name} must include a {{missing}}",
            "invalid": f"Date of {what} contact with {name} must be a real date",
            "year": f"Year of {what} contact with {name} must include 4 numbers",
        },
    )


class InvolvementForm(forms.Form):
    """One yes/no question per named person (with contact dates under "yes"), then the systems
    searched, other agencies known to be involved, and the attestation."""

    def __init__(
        self,
        *args,
        people: list[Child | FamilyMember],
        agencies: QuerySet[Agency],
        agency_name: str,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        for person in people:
            key = person_key(person)
            self.fields[f"{key}-involved"] = forms.ChoiceField(
                label=person.full_name,
                choices=[(YES, "Yes"), (NO, "No")],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select yes if {agency_name} was involved with "
                    f"{person.full_name} during the scoping period",
                    "invalid_choice": f"Select yes if {agency_name} was involved with "
                    f"{person.full_name} during the scoping period",
                },
            )
            self.fields[f"{key}-first_contact"] = _contact_date("first", person.full_name)
            self.fields[f"{key}-last_contact"] = _contact_date("last", person.full_name)
        self.fields["systems_searched"] = forms.CharField(
            label="Which systems did you search?",
            help_text="Name each system, for example: Niche records management, command and "
            "control, PNC",
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=5000,
            error_messages={
                "required": "Enter the systems you searched",
                "max_length": "Systems searched must be 5,000 characters or fewer",
            },
        )
        self.fields["agencies_known_involved"] = forms.ModelMultipleChoiceField(
            label="Which other agencies do you know were involved with the family?",
            help_text="Select all that apply. The partnership team will see any that have not "
            "been invited yet.",
            queryset=agencies,
            to_field_name="public_id",
            widget=forms.CheckboxSelectMultiple,
            required=False,
            error_messages={
                "invalid_choice": "Select agencies from the list",
                "invalid_pk_value": "Select agencies from the list",
                "invalid_list": "Select agencies from the list",
            },
        )
        self.fields["attest"] = forms.BooleanField(
            label="I confirm that I have searched the systems listed and this declaration is "
            "accurate",
            error_messages={
                "required": "Confirm that you have searched the systems listed and this "
                "declaration is accurate"
            },
        )

    def answers(self) -> list[tuple[Child | FamilyMember, bool, object, object]]:
        """(person, involved, first contact, last contact) for each person, in order. Dates
        under a "no" are ignored, as they were hidden with that answer."""
        data = self.cleaned_data
        rows = []
        for person in self.people:
            key = person_key(person)
            involved = data[f"{key}-involved"] == YES
            rows.append(
                (
                    person,
                    involved,
                    data[f"{key}-first_contact"] if involved else None,
                    data[f"{key}-last_contact"] if involved else None,
                )
            )
        return rows


class NominationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="Your colleague's work email address",
        max_length=254,
        error_messages={
            "required": "Enter your colleague's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={
            "required": "Enter your colleague's full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "Job title must be 200 characters or fewer"},
    )
