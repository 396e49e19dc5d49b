import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

# Pages a person who has given their password but not yet their code may open.
_PRE_2FA_URL_NAMES = {
    "accounts:sign_in_code",
    "accounts:sign_in_backup_code",
    "accounts:two_factor_setup",
    "accounts:backup_codes_created",
    "accounts:sign_out",
}


class IdleTimeoutMiddleware:
    """Signs a person out after SESSION_IDLE_TIMEOUT seconds with nothing done, and says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get("last_seen")
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                request.sign_out_reason = "idle"
                logout(request)
                return redirect(reverse("accounts:sign_in") + "?timed_out=1")
            request.session["last_seen"] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """After the password, nothing but the code page (or setting up an app) until verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if getattr(view_func, "login_required", True) is False:
            return None  # public pages
        match = request.resolver_match
        if match and match.view_name in _PRE_2FA_URL_NAMES:
            return None
        from django_otp import devices_for_user

        if any(True for _ in devices_for_user(user, confirmed=True)):
            return redirect("accounts:sign_in_code")
        return redirect("accounts:two_factor_setup")
