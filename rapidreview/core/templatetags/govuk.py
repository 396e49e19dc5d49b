"""Small helpers for GOV.UK Frontend markup in Django templates."""

from django import template
from django.forms import BoundField

register = template.Library()

_WIDGET_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "password": "govuk-input",
    "number": "govuk-input",
    "url": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


def describedby(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if error_text(field):
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def error_text(field: BoundField) -> str:
    """The field's error messages as one sentence. A blank error (added only to mark the field
    as part of a form-wide problem, like a wrong password) has no message here or in the summary."""
    return " ".join(str(error) for error in field.errors if str(error).strip())


@register.simple_tag
def govuk_widget(field: BoundField, extra_classes: str = ""):
    """Render a field's widget with the GOV.UK classes, error state and hint/error ids."""
    base = _WIDGET_CLASSES.get(field.widget_type, "govuk-input")
    classes = [base]
    if field.errors:
        classes.append(f"{base}--error")
    classes.extend(extra_classes.split())
    classes.extend(field.field.widget.attrs.get("class", "").split())
    attrs = {"class": " ".join(dict.fromkeys(classes))}
    if aria := describedby(field):
        attrs["aria-describedby"] = aria
    return field.as_widget(attrs=attrs)


@register.filter
def field_describedby(field: BoundField) -> str:
    return describedby(field)


@register.filter
def first_input_id(field: BoundField) -> str:
    """Where the error summary should send focus for this field."""
    if field.widget_type in {"radioselect", "checkboxselectmultiple"}:
        return f"{field.auto_id}_0"
    if field.widget_type == "govukdate":
        return f"{field.auto_id}_0"
    return field.auto_id
