"""The security headers on real responses: a public page, a signed-in page and a static file."""

import pytest
from django.templatetags.static import static
from django.urls import reverse

from ..conftest import signed_in_client
from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in filter(None, (piece.strip() for piece in header.split(";"))):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_baseline_headers(response) -> None:
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp == EXPECTED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    permissions = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    for feature in DENIED_FEATURES:
        assert permissions[feature] == "()", feature


def test_the_sign_in_page_carries_the_security_headers(client):
    response = client.get(reverse("accounts:sign_in"))
    assert response.status_code == 200
    assert_baseline_headers(response)
    assert response["X-Frame-Options"] == "DENY"


def test_a_signed_in_page_carries_them_and_is_not_cached(personas):
    response = signed_in_client(personas.partnership_team).get(reverse("core:home"))
    assert response.status_code == 200
    assert_baseline_headers(response)
    assert response["X-Frame-Options"] == "DENY"
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"no-store", "private"}


def test_error_pages_carry_them_too(personas):
    client = signed_in_client(personas.agency_a_rep)
    refused = client.get(reverse("accounts:user_list"))
    assert refused.status_code == 403
    assert_baseline_headers(refused)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_baseline_headers(missing)


def test_static_files_carry_them(client):
    response = client.get(static("css/application.css"))
    assert response.status_code == 200
    assert_baseline_headers(response)


def test_hsts_is_sent_on_https_responses(client):
    response = client.get(reverse("accounts:sign_in"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_hsts_is_not_sent_over_plain_http(client):
    """Browsers ignore it there; sending it would only mislead."""
    assert "Strict-Transport-Security" not in client.get(reverse("accounts:sign_in"))


def test_cookies_are_secure_httponly_and_samesite_lax(client, personas):
    response = client.get(reverse("accounts:sign_in"))
    csrf = response.cookies["csrftoken"]
    assert (csrf["secure"], csrf["httponly"], csrf["samesite"]) == (True, True, "Lax")

    response = client.post(
        reverse("accounts:sign_in"),
        {"email": personas.scrutineer.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")


def test_argon2_hashes_passwords(personas):
    assert personas.scrutineer.password.startswith("argon2$")
