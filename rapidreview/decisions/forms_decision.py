"""The forms of the decision and sign-off pages. The rules live in the services
(`decision.answer_problems`, `signoff.sign_off_problems`); the forms ask them, so a page and a
service can never disagree about what is allowed."""

from django import forms

from .decision import answer_problems, decision_values
from .models import CRITERIA, AlternativeRoute, Assessment, NationalView, Outcome
from .signoff import COMMENT_MAX, ROLE_MAX, sign_off_problems


class _Text(forms.CharField):
    """Free text, with NUL characters (which no one types) dropped rather than refused."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


def _text(label: str, *, help_text: str = "", rows: int = 5):
    # Required-ness and length are the service's rules (checked in `clean`), so the messages
    # are the same whichever way the answers arrive.
    return _Text(
        label=label,
        help_text=help_text,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _radios(label: str, choices, *, help_text: str = ""):
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select one of the options"},
    )


class DecisionForm(forms.Form):
    """Every answer of the decision on one page. `base_version` is the version of the decision
    the page was shown at (0 for a new one), carried through to the check page."""

    base_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for letter, words in CRITERIA.items():
            self.fields[f"criterion_{letter}"] = _radios(
                f"Is criterion ({letter}) met?", Assessment.choices, help_text=words
            )
            self.fields[f"criterion_{letter}_reasoning"] = _text(
                f"Your reasoning for criterion ({letter})"
            )
        self.fields["outcome"] = _radios("Outcome", Outcome.choices)
        self.fields["rationale"] = _text(
            "Rationale for the decision",
            help_text="Why the partners reached this decision. The Panel reads this: use "
            "pseudonyms and roles, not names.",
            rows=8,
        )
        self.fields["alternative_route"] = _radios(
            "Alternative learning route",
            AlternativeRoute.choices,
            help_text="Only if the outcome is an alternative learning route. Leave it blank "
            "for any other outcome.",
        )
        self.fields["alternative_detail"] = _text(
            "About the alternative learning route (optional)",
            help_text="Who will lead it and when. Only if the outcome is an alternative "
            "learning route.",
            rows=3,
        )
        self.fields["national_view"] = _radios(
            "The partners' view on a national review", NationalView.choices
        )
        self.fields["national_view_reasoning"] = _text(
            "Reasoning for the view on a national review (optional)", rows=3
        )

    def criteria(self):
        """(letter, the radios, the reasoning) for each criterion, for the template."""
        return [
            (letter, self[f"criterion_{letter}"], self[f"criterion_{letter}_reasoning"])
            for letter in CRITERIA
        ]

    def clean(self):
        cleaned = super().clean()
        for name, message in answer_problems(decision_values(cleaned)).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def answers(self) -> dict[str, str]:
        """The answers as typed (kept between the pages), not yet trimmed for saving."""
        return {
            name: str(self.cleaned_data.get(name) or "").replace("\x00", "")
            for name in self.fields
            if name != "base_version"
        }

    def base(self) -> int:
        return parse_version(self.cleaned_data.get("base_version"))


def parse_version(value) -> int:
    """A version number from a hidden field; -1 for anything else, which no decision has, so a
    tampered or missing version is refused as stale rather than saved over someone's work."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else -1
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else -1


class SignOffForm(forms.Form):
    decision_version = forms.CharField(widget=forms.HiddenInput, required=False)
    agrees = _radios(
        "Do you agree with the decision?",
        [("yes", "I agree with the decision"), ("no", "I do not agree")],
    )
    comment = _Text(
        label="Comment",
        help_text="Needed if you do not agree: say why. The Panel reads it with the report, so "
        "use pseudonyms and roles, not names.",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    role = _Text(
        label="Your role",
        help_text="For example, Director of Children's Services, or their delegate.",
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    declaration = forms.BooleanField(required=False)

    def __init__(self, *args, partner_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "declaration"
        ].label = f"I confirm I am the safeguarding partner, or their delegate, for {partner_name}"

    def clean(self):
        cleaned = super().clean()
        problems = sign_off_problems(
            agrees=self.agreement(),
            comment=_clean(cleaned.get("comment")),
            role=_clean(cleaned.get("role")),
        )
        if not cleaned.get("declaration"):
            problems["declaration"] = (
                "Confirm that you are the safeguarding partner or their delegate"
            )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def agreement(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("agrees") or "")


def _clean(text) -> str:
    return str(text or "").replace("\x00", "").strip()


__all__ = ["COMMENT_MAX", "ROLE_MAX", "DecisionForm", "SignOffForm", "parse_version"]
