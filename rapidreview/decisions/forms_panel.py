"""Forms for sending the rapid review to the Panel, the Panel's response and sharing the outcome
with the agencies. The services check every rule again; these give the message at the field."""

from typing import Any

from django import forms

from rapidreview.reviews.forms import date_field, radios
from rapidreview.reviews.models import ReviewAgency

from .models import PanelResponseKind
from .panel import RESPONSE_TEXT_MAX, TEXT_REQUIRED


def _clean_text(value: str) -> str:
    return value.replace("\x00", "").strip()


class SentForm(forms.Form):
    sent_on = date_field("Date it was sent to the Panel")

    def __init__(self, *args: Any, dissent: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if dissent:
            # Shown only when a partner disagreed: the sender confirms they have seen it.
            self.fields["dissent_seen"] = forms.BooleanField(
                label="I have seen the partner's disagreement and the comment the report records",
                error_messages={
                    "required": "Confirm that you have seen the partner's disagreement"
                },
            )


class ResponseForm(forms.Form):
    response = radios(
        "The Panel's response",
        PanelResponseKind.choices,
        required_message="Select the Panel's response",
    )
    responded_on = date_field("Date of the Panel's response")
    response_text = forms.CharField(
        label="What the Panel said",
        required=False,
        max_length=RESPONSE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Needed if the Panel disagrees or asks for more information. Use pseudonyms "
        "and roles, as the report does.",
        error_messages={
            "max_length": f"What the Panel said must be {RESPONSE_TEXT_MAX:,} characters or fewer"
        },
    )
    # The response the page was shown with: a save after a colleague's is refused.
    shown_response = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_response_text(self) -> str:
        return _clean_text(self.cleaned_data.get("response_text", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        response = data.get("response")
        if (
            response in TEXT_REQUIRED
            and not data.get("response_text")
            and ("response_text" not in self.errors)
        ):
            what = (
                "why the Panel disagrees"
                if response == PanelResponseKind.DISAGREES
                else "what more information the Panel asked for"
            )
            self.add_error("response_text", f"Enter {what}")
        return data


class ShareForm(forms.Form):
    agencies = forms.MultipleChoiceField(
        label="Agencies to share it with",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Each agency's representatives are emailed a link.",
        error_messages={
            "required": "Select the agencies to share the completed rapid review with",
            "invalid_choice": "Select agencies from the list",
        },
    )

    def __init__(self, *args: Any, choices: list[ReviewAgency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = [
            (str(review_agency.agency.public_id), review_agency.agency.name)
            for review_agency in choices
        ]


class StaffToldForm(forms.Form):
    told_on = date_field("Date your staff were told")
