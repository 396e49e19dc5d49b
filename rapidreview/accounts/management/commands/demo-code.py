"""Print the current 6-digit sign-in code for a demo account, so the demo needs no phone."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current sign-in code for a demo account (demo mode only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if not settings.DEMO_MODE:
            raise CommandError("demo-code only works when DEMO_MODE is on.")
        device = TOTPDevice.objects.filter(
            user__email__iexact=email.strip(), confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"No account with an authenticator for {email}.")
        code = totp(
            device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
        )
        self.stdout.write(f"{code:0{device.digits}d}")
