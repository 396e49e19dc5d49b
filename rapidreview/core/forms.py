"""GOV.UK-styled form rendering: `{{ form }}` and `{{ field.as_field_group }}` use these templates."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates

from .dates import long_date
from .models import NonWorkingDay


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


# --- GOV.UK date input ------------------------------------------------------------------------

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_PARTS = ("day", "month", "year")


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes in a fieldset.

    Rendered by govuk/field.html (widget type "govukdate"). Posted as `<name>_day`,
    `<name>_month` and `<name>_year`; the boxes' ids are `<id>_0`, `<id>_1` and `<id>_2`.
    """

    template_name = "govuk/widgets/date.html"
    _WIDTHS = {"day": 2, "month": 2, "year": 4}

    def __init__(self, attrs=None):
        super().__init__(
            {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in _PARTS}, attrs
        )

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        # The hint and error belong to the fieldset (the field template), not to each box.
        in_error = "--error" in widget["attrs"].pop("class", "")
        widget["attrs"].pop("aria-describedby", None)
        subwidgets = widget["subwidgets"]
        empty = [not (sub["value"] or "").strip() for sub in subwidgets]
        # Only the missing boxes are marked when some are filled ("Date must include a month");
        # otherwise the whole date is wrong, so all three are.
        marked = empty if 0 < sum(empty) < len(empty) else [True] * len(empty)
        for part, sub, mark in zip(_PARTS, subwidgets, marked, strict=True):
            sub["label"] = part.capitalize()
            sub["attrs"].pop("aria-describedby", None)
            classes = f"govuk-input govuk-date-input__input govuk-input--width-{self._WIDTHS[part]}"
            if in_error and mark:
                sub["attrs"]["class"] = f"{classes} govuk-input--error"
            else:
                sub["attrs"]["class"] = classes
                sub["attrs"].pop("aria-invalid", None)
        return context


def _in_sentence(label: str) -> str:
    """'Date of birth' -> 'date of birth', but 'SIN date' stays as it is."""
    first_word = label.split(" ", 1)[0]
    return label if first_word.isupper() else label[:1].lower() + label[1:]


class GovukDateField(forms.Field):
    """A date entered in the GOV.UK date input, with the design system's error messages.

    The messages name the field by its label: "Enter the date", "Date must include a month",
    "Date must be a real date". Override any of them with `error_messages`; "{label}" and
    "{missing}" are filled in.
    """

    widget = GovukDateWidget
    default_error_messages = {
        "required": "Enter the {label_in_sentence}",
        "incomplete": "{label} must include a {missing}",
        "invalid": "{label} must be a real date",
        "year": "Year must include 4 numbers",
    }

    def _error(self, code: str, **values) -> ValidationError:
        label = str(self.label or "Date")
        message = self.error_messages[code].format(
            label=label, label_in_sentence=_in_sentence(label), **values
        )
        return ValidationError(message, code=code)

    def to_python(self, value):
        if isinstance(value, date) or value is None:
            return value
        if isinstance(value, str):  # initial data or a query string given as one ISO date
            value = value.strip()
            try:
                return date.fromisoformat(value) if value else None
            except ValueError:
                raise self._error("invalid") from None
        day, month, year = ((part or "").strip() for part in value)
        if not (day or month or year):
            return None
        missing = [name for name, text in zip(_PARTS, (day, month, year), strict=True) if not text]
        if missing:
            raise self._error("incomplete", missing=" and ".join(missing))
        month_number = _month_number(month)
        if not (day.isdigit() and year.isdigit() and month_number):
            raise self._error("invalid")
        if len(year) != 4:
            raise self._error("year")
        try:
            return date(int(year), month_number, int(day))
        except ValueError:
            raise self._error("invalid") from None

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise self._error("required")


def _month_number(text: str) -> int | None:
    """1 to 12 from '3', '03', 'Mar' or 'March'; None for anything else."""
    if text.isdigit():
        # int() refuses some digits ("²") and numbers past 4,300 digits; no month needs more
        # than two once leading zeros are gone.
        significant = text.lstrip("0")
        if not (text.isdecimal() and len(significant) <= 2):
            return None
        number = int(significant or "0")
        return number if 1 <= number <= 12 else None
    lowered = text.lower()
    if len(lowered) >= 3:
        for number, name in enumerate(_MONTH_NAMES, start=1):
            if name.startswith(lowered):
                return number
    return None


# --- the working-day calendar -----------------------------------------------------------------


class ClosureDayForm(forms.Form):
    date = GovukDateField(
        label="Date",
        help_text="For example, 24 12 2026",
        error_messages={"required": "Enter the date of the closure day"},
    )
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="For example, Office closed between Christmas and New Year",
        error_messages={
            "required": "Enter a name for the closure day",
            "max_length": "Name must be 100 characters or fewer",
        },
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day.weekday() >= 5:
            raise ValidationError(
                f"{long_date(day)} is a {day:%A}: choose a weekday, as weekends are not working days anyway"
            )
        existing = NonWorkingDay.objects.filter(date=day).first()
        if existing is not None:
            raise ValidationError(
                f"{long_date(day)} is already a {existing.get_kind_display().lower()} ({existing.name})"
            )
        return day
