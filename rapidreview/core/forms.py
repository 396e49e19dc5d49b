"""GOV.UK-styled form rendering: `{{ form }}` and `{{ field.as_field_group }}` use these templates."""

from django.forms.renderers import DjangoTemplates


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"
