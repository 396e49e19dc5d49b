"""The audit trail's filter: who, which agency, which review, what happened, and when."""

import uuid
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from rapidreview.accounts.models import Agency, User
from rapidreview.core.dates import long_date

from .models import Verb

# Day/month/year as people type it, and ISO dates for links built by the service itself.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"]
DATE_EXAMPLE = "For example, 13/1/2027"


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=DATE_EXAMPLE,
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": f"{label} must be a real date, for example 13/1/2027"},
    )


class ChoiceByPublicId(forms.ModelChoiceField):
    """A choice of one object, named by its public id. Anything that is not a public id gets
    the field's own "select from the list" message, not a message about UUIDs."""

    def __init__(self, **kwargs) -> None:
        super().__init__(to_field_name="public_id", required=False, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            uuid.UUID(str(value))
        except ValueError as exc:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from exc
        return super().to_python(value)


class AuditFilterForm(forms.Form):
    """Bound to the query string. Every field is optional; an empty form matches everything."""

    user = ChoiceByPublicId(
        label="User",
        queryset=User.objects.order_by("full_name", "email"),
        empty_label="Anyone",
        error_messages={"invalid_choice": "Select a user from the list"},
    )
    agency = ChoiceByPublicId(
        label="Agency",
        queryset=Agency.objects.order_by("name"),
        empty_label="Any agency",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    review = forms.CharField(
        label="Review reference",
        required=False,
        max_length=30,
        help_text="For example, RR-2026-004",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"max_length": "Review reference must be 30 characters or fewer"},
    )
    verb = forms.ChoiceField(
        label="What happened",
        choices=[("", "Anything"), *Verb.choices],
        required=False,
        error_messages={"invalid_choice": "Select what happened from the list"},
    )
    date_from = _date_field("Date from")
    date_to = _date_field("Date to")

    def clean_review(self) -> str:
        # References are stored in capitals (RR-2026-004); match however they were typed.
        return self.cleaned_data["review"].strip().upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "Date to must be the same as or after date from")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The valid filters, as keyword arguments for `queries.audit_events`."""
        data = self.cleaned_data
        return {
            "actor": data.get("user"),
            "agency": data.get("agency"),
            "review_reference": data.get("review", ""),
            "verb": data.get("verb", ""),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }

    def filters_for_record(self) -> dict[str, str]:
        """The filters in use, by public identifier, for an export's audit event."""
        data = self.cleaned_data
        record = {
            "user": str(data["user"].public_id) if data.get("user") else "",
            "agency": str(data["agency"].public_id) if data.get("agency") else "",
            "review": data.get("review", ""),
            "verb": data.get("verb", ""),
            "date_from": _iso(data.get("date_from")),
            "date_to": _iso(data.get("date_to")),
        }
        return {key: value for key, value in record.items() if value}

    def selected(self) -> list[dict[str, str]]:
        """The filters in use, for the MoJ filter's "Selected filters" tags."""
        data = self.cleaned_data
        chosen = [
            ("user", "User", data.get("user") and data["user"].full_name),
            ("agency", "Agency", data.get("agency") and data["agency"].name),
            ("review", "Review", data.get("review")),
            ("verb", "What happened", data.get("verb") and Verb(data["verb"]).label),
            ("date_from", "Date from", long_date(data.get("date_from"))),
            ("date_to", "Date to", long_date(data.get("date_to"))),
        ]
        return [
            {"field": field, "heading": heading, "text": text}
            for field, heading, text in chosen
            if text
        ]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""
