"""Sign-in, two-factor set-up and the account page."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapidreview.audit.decorators import audit_page_view
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record

from . import services
from .forms import BackupCodeForm, CodeForm, PasswordResetForm, SetPasswordForm, SignInForm
from .models import Invitation, User

_NEXT_KEY = "sign_in_next"


def _safe_next(request, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect("core:home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
        )
        if user is not None:
            next_url = _safe_next(request, request.GET.get("next"))
            login(request, user)
            if next_url:
                request.session[_NEXT_KEY] = next_url
            return redirect("accounts:sign_in_code")
        if not getattr(request, "axes_locked_out", False):
            form.add_error(None, "Enter a correct email address and password")
            form.add_error("email", "")
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "timed_out": request.GET.get("timed_out") == "1"},
    )


def _finish_sign_in(request):
    next_url = request.session.pop(_NEXT_KEY, None)
    return redirect(next_url or "core:home")


def _check_code(request, device, form, *, wrong_message: str):
    """Verify a code against a device, with django-otp's throttling; record a wrong code."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        form.add_error(
            "code", "You have entered too many wrong codes. Wait a minute, then try again"
        )
        audit_record(actor=request.user, verb=Verb.CODE_FAILED, payload={"throttled": True})
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    form.add_error("code", wrong_message)
    audit_record(
        actor=request.user,
        verb=Verb.CODE_FAILED,
        payload={"device": device.persistent_id.split("/")[0]},
    )
    return False


@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    if request.user.is_verified():
        return redirect("core:home")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _check_code(
            request,
            device,
            form,
            wrong_message="The security code is not correct. Check your authenticator app and try again",
        ):
            otp_login(request, device)
            audit_record(actor=request.user, verb=Verb.SIGNED_IN, payload={"step": "code"})
            return _finish_sign_in(request)
    return render(request, "accounts/sign_in_code.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sign_in_backup_code(request):
    if request.user.is_verified():
        return redirect("core:home")
    device = StaticDevice.objects.filter(user=request.user, confirmed=True).first()
    form = BackupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device is None:
            form.add_error("code", "You have no backup codes. Contact the partnership team")
        elif _check_code(
            request,
            device,
            form,
            wrong_message="The backup code is not correct or has been used already",
        ):
            otp_login(request, device)
            audit_record(actor=request.user, verb=Verb.BACKUP_CODE_USED)
            audit_record(actor=request.user, verb=Verb.SIGNED_IN, payload={"step": "backup code"})
            return _finish_sign_in(request)
    return render(request, "accounts/sign_in_backup_code.html", {"form": form})


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up an authenticator app: for new accounts, or after the team resets 2FA."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:sign_in_code" if not request.user.is_verified() else "core:home")
    device = services.totp_device_for_enrolment(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _check_code(
            request,
            device,
            form,
            wrong_message="The security code is not correct. Check you scanned the QR code or typed the key correctly",
        ):
            codes = services.totp_enrol_confirm(user=request.user, device=device)
            otp_login(request, device)
            request.session["new_backup_codes"] = codes
            return redirect("accounts:backup_codes_created")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code for your authenticator app", omitsize=True
    )
    key = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        },
    )


@require_GET
def backup_codes_created(request):
    codes = request.session.pop("new_backup_codes", None)
    if not codes:
        return redirect("accounts:account")
    return render(request, "accounts/backup_codes.html", {"codes": codes})


@require_POST
def backup_codes_regenerate(request):
    request.session["new_backup_codes"] = services.backup_codes_regenerate(user=request.user)
    return redirect("accounts:backup_codes_created")


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, "You have signed out")
    return redirect("accounts:sign_in")


@require_GET
@audit_page_view
def account(request):
    backup_left = 0
    device = StaticDevice.objects.filter(user=request.user).first()
    if device:
        backup_left = device.token_set.count()
    return render(request, "accounts/account.html", {"backup_left": backup_left})


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    invitation = Invitation.objects.usable().for_token(token).select_related("user").first()
    if invitation is None or not invitation.user.is_active:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.user.is_authenticated and request.user != invitation.user:
        logout(request)
    form = SetPasswordForm(request.POST or None, user=invitation.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"]
            )
        except services.ServiceError:
            raise Http404 from None
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:two_factor_setup")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitee": invitation.user}
    )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        return {
            "partnership_name": settings.PARTNERSHIP_NAME,
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }

    def form_valid(self, form):
        user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        audit_record(actor=None, verb=Verb.PASSWORD_RESET_REQUESTED, target=user)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            valid_hours=settings.PASSWORD_RESET_TIMEOUT // 3600, **kwargs
        )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(actor=None, verb=Verb.PASSWORD_SET, target=form.user, payload={"via": "reset"})
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def get_success_url(self):
        return reverse("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(actor=self.request.user, verb=Verb.PASSWORD_SET, target=self.request.user)
        messages.success(self.request, "Your password has been changed")
        return response
