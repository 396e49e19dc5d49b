"""The form for the narrative sections of the report to the Panel. The service
(`report_text.py`) checks the length and the version again."""

from django import forms

from .models import NARRATIVE_SECTIONS
from .report_text import MAX_LENGTH

NEVER_NAMES = "Use pseudonyms and roles, never names."

HINTS = {
    "case_summary": "What happened and the family's circumstances, in a few paragraphs.",
    "key_practice_episodes": "The moments where practice made, or could have made, a "
    "difference, each with its month and year.",
    "lived_experience": "What daily life was like for the child, and what they said, showed or "
    "wanted.",
    "context_equality_identity": "Culture, faith, language, disability, poverty, housing and "
    "any other context that shaped the child's experience or the help offered.",
    "went_well": "Practice that helped the child, by agency.",
    "must_improve": "Practice that must improve, by agency.",
    "multi_agency_working": "How the agencies worked together: information sharing, referrals, "
    "escalation.",
    "immediate_learning": "What has been learned already and what each agency has done about it.",
}


class ReportTextForm(forms.Form):
    # The version of the text the page was shown at (0 before anything is written). The page
    # writes the hidden input itself, so a refused save can carry the current version.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, heading in NARRATIVE_SECTIONS.items():
            self.fields[name] = forms.CharField(
                label=heading,
                required=False,
                max_length=MAX_LENGTH,
                strip=False,
                help_text=f"{HINTS[name]} {NEVER_NAMES}",
                widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
                error_messages={
                    "max_length": f"{heading} must be {MAX_LENGTH:,} characters or fewer"
                },
            )

    def sections(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in NARRATIVE_SECTIONS}
