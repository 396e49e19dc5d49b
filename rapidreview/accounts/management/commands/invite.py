"""Invite someone from the command line: how a new deployment gets its first partnership team
member. Everyone after that is invited from the Users page."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from rapidreview.accounts import services
from rapidreview.accounts.models import ROLES_NEEDING_AGENCY, Agency, Role, User


class Command(BaseCommand):
    help = "Invite a user by email (a one-time link to set a password and set up 2FA)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("full_name")
        parser.add_argument(
            "--role", choices=[r.value for r in Role], default=Role.PARTNERSHIP_TEAM
        )
        parser.add_argument("--agency", help="the agency's exact name, for agency roles")

    def handle(self, *args, email: str, full_name: str, role: str, agency: str | None, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not an email address") from exc
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError("There is already an account with this email address")
        agency_obj = None
        if agency:
            agency_obj = Agency.objects.filter(name=agency).first()
            if agency_obj is None:
                raise CommandError(f"No agency called {agency!r}")
        if role in ROLES_NEEDING_AGENCY and agency_obj is None:
            raise CommandError("This role needs --agency")
        services.user_invite(
            actor=None,
            email=email.lower(),
            full_name=full_name,
            job_title="",
            role=role,
            agency=agency_obj,
        )
        self.stdout.write("Invitation sent. The link in the email works once.")
