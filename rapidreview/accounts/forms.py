from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from rapidreview.notifications.models import Purpose
from rapidreview.notifications.services import email_queue

from .models import ROLES_NEEDING_AGENCY, Agency, AgencyType, Role, StatutoryPartner, User


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=200,
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in the authenticator app on your phone",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6 and code.isascii()):
            raise ValidationError("Enter the code as 6 digits, like 123456")
        return code


class BackupCodeForm(forms.Form):
    code = forms.CharField(
        label="Backup code",
        help_text="One of the backup codes you saved when you set up your account. Each works once.",
        max_length=40,
        error_messages={"required": "Enter a backup code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "class": "govuk-input--width-10", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 12 characters. A few random words together make a strong password.",
        max_length=200,
        strip=False,
        error_messages={"required": "Enter a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirm your password",
        max_length=200,
        strip=False,
        error_messages={"required": "Enter your password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password1(self) -> str:
        password = self.cleaned_data["password1"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") is not None:
            if cleaned["password1"] != cleaned["password2"]:
                self.add_error("password2", "The passwords do not match")
        return cleaned


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "agency_type", "statutory_partner"]
        labels = {
            "name": "Agency name",
            "agency_type": "Type of agency",
            "statutory_partner": "Is this agency one of the three safeguarding partners?",
        }
        error_messages = {
            "name": {
                "required": "Enter the agency's name",
                "unique": "An agency with this name already exists",
                "max_length": "Agency name must be 200 characters or fewer",
            },
            "agency_type": {
                "required": "Select the type of agency",
                "invalid_choice": "Select the type of agency",
            },
            "statutory_partner": {
                "invalid_choice": "Select whether this is a safeguarding partner"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency_type"].choices = [("", "Select a type"), *AgencyType.choices]
        self.fields["statutory_partner"].choices = [
            ("", "No, not a safeguarding partner"),
            *StatutoryPartner.choices,
        ]
        self.fields["statutory_partner"].widget = forms.RadioSelect(
            choices=self.fields["statutory_partner"].choices
        )
        self.fields["statutory_partner"].required = False

    def clean_statutory_partner(self) -> str:
        partner = self.cleaned_data.get("statutory_partner") or ""
        if partner:
            clash = Agency.objects.filter(statutory_partner=partner)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError(
                    "Another agency is already recorded as this safeguarding partner"
                )
        return partner


class _RoleFields(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        help_text="Required for agency representatives, senior leaders and safeguarding partners",
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        empty_label="Select an agency",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in ROLES_NEEDING_AGENCY and not cleaned.get("agency"):
            if "agency" not in self.errors:
                self.add_error("agency", "Select the agency this person works for")
        if role == Role.SAFEGUARDING_PARTNER and cleaned.get("agency"):
            if not cleaned["agency"].is_statutory_partner:
                self.add_error(
                    "agency",
                    "A safeguarding partner must belong to one of the three safeguarding partner agencies",
                )
        return cleaned


class InviteUserForm(_RoleFields):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        error_messages={
            "required": "Enter the person's work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    job_title = forms.CharField(label="Job title", max_length=200, required=False)

    field_order = ["full_name", "email", "job_title", "role", "agency"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError("There is already an account with this email address")
        return email


class ChangeRoleForm(_RoleFields):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, with the email sent through the outbox like every other."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        email_queue(
            actor=None,
            recipients=[to_email],
            subject=subject,
            body=render_to_string(email_template_name, context),
            purpose=Purpose.ACCOUNT,
        )
