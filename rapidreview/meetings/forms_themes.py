"""The form for adding or renaming a learning theme (the service checks the name again)."""

from django import forms

from rapidreview.reviews.forms import RuleForm

from .records_learning import THEME_NAME_MAX


class ThemeForm(RuleForm):
    name = forms.CharField(
        label="Name of the theme",
        max_length=THEME_NAME_MAX,
        error_messages={
            "required": "Enter the name of the theme",
            "max_length": f"The name must be {THEME_NAME_MAX} characters or fewer",
        },
    )
