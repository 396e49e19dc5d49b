"""The partnership team's form for inviting agencies to a review."""

from django import forms
from django.db.models import QuerySet

from rapidreview.accounts.models import Agency

INVITE_ALL = "invite_all"


class AgencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name

    def clean(self, value):
        # Anything not offered, a malformed id included, gets the one plain message.
        try:
            return super().clean(value)
        except forms.ValidationError:
            raise forms.ValidationError("Select agencies from the list", code="invalid") from None


class InviteAgenciesForm(forms.Form):
    """Agencies chosen by their checkboxes, or every one offered ("Invite all agencies", a
    second submit button named INVITE_ALL)."""

    agencies = AgencyChoiceField(
        label="Agencies to invite",
        queryset=Agency.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )

    def __init__(self, *args, offered: QuerySet[Agency], partners_pending: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = offered
        self.partners_pending = partners_pending

    @property
    def invite_all(self) -> bool:
        return self.is_bound and INVITE_ALL in self.data

    def clean_agencies(self):
        chosen = self.cleaned_data["agencies"]
        if self.invite_all:
            offered = list(self.fields["agencies"].queryset)
            if not offered and not self.partners_pending:
                raise forms.ValidationError("Every active agency is already invited")
            return offered
        if not chosen:
            raise forms.ValidationError("Select the agencies to invite")
        return list(chosen)
