"""The merged chronology's filter, bound to the query string (GET): every part optional."""

from django import forms

from rapidreview.core.forms import GovukDateField
from rapidreview.reviews.models import ReviewAgency

from .merged import ChronologyFilters, Person
from .models import ContactType


class ChronologyFilterForm(forms.Form):
    person = forms.ChoiceField(
        label="Individual",
        required=False,
        error_messages={"invalid_choice": "Select an individual from the list"},
    )
    agency = forms.ChoiceField(
        label="Agency",
        required=False,
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    date_from = GovukDateField(label="From", required=False, help_text="For example, 27 3 2026")
    date_to = GovukDateField(label="To", required=False, help_text="For example, 31 3 2026")
    contact_type = forms.ChoiceField(
        label="Contact type",
        required=False,
        choices=[("", "Any contact type"), *ContactType.choices],
        error_messages={"invalid_choice": "Select a contact type from the list"},
    )

    def __init__(
        self,
        data,
        *,
        people: list[Person],
        review_agencies: list[ReviewAgency],
        pseudonyms: bool,
    ) -> None:
        super().__init__(data)
        self.fields["person"].choices = [
            ("", "Anyone"),
            *((person.key, person.shown(pseudonyms)) for person in people),
        ]
        self.fields["agency"].choices = [
            ("", "Any agency"),
            *((str(ra.agency.public_id), ra.agency.name) for ra in review_agencies),
        ]

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "The ‘To’ date must be the same as or after the ‘From’ date")
        return cleaned

    def filters(self) -> ChronologyFilters:
        data = self.cleaned_data
        return ChronologyFilters(
            person=data.get("person") or "",
            agency=data.get("agency") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            contact_type=data.get("contact_type") or "",
        )

    @property
    def used(self) -> bool:
        """Whether any filter was given (to offer "Clear filters")."""
        boxes = [f"{name}_{part}" for name in ("date_from", "date_to") for part in _DATE_PARTS]
        return any(self.data.get(name) for name in [*self.fields, *boxes])


_DATE_PARTS = ("day", "month", "year")
