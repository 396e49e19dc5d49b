"""Sign-in events go to the audit trail. Failed sign-ins name no account: the email typed may
not be anyone's, so only the fact of the failure and where it came from are kept."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record

from .models import User


@receiver(user_logged_in)
def record_sign_in(sender, request, user, **kwargs):
    # Only the code completes a sign-in; the password step is recorded as its own event.
    audit_record(actor=user, verb=Verb.PASSWORD_ACCEPTED, target=user)


@receiver(user_login_failed)
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    if getattr(request, "axes_locked_out", False):
        return  # recorded as a lockout below
    user = User.objects.filter(email__iexact=credentials.get("email", "")).first()
    audit_record(actor=None, verb=Verb.SIGN_IN_FAILED, target=user)


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    user = User.objects.filter(email__iexact=username or "").first()
    audit_record(actor=None, verb=Verb.LOCKED_OUT, target=user)


@receiver(user_logged_out)
def record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        reason = getattr(request, "sign_out_reason", "")
        verb = Verb.TIMED_OUT if reason == "idle" else Verb.SIGNED_OUT
        audit_record(actor=user, verb=verb, target=user)
