"""No template may need 'unsafe-inline': no inline styles, scripts or event handlers."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapidreview.accounts.models import Role

from ..factories import make_user

ROOT = Path(__file__).resolve().parents[2] / "rapidreview"
# Rendered by WeasyPrint into PDF files, never served to a browser, so no Content-Security-Policy
# applies; their stylesheets are inlined so the renderer fetches nothing (documents/pdf.py).
PDF_ONLY = {
    ROOT / "decisions/templates/decisions/report_pdf.html",
    *(ROOT / "meetings/templates/meetings/pack").glob("*.html"),
}
TEMPLATES = sorted(set(ROOT.glob("**/templates/**/*.html")) - PDF_ONLY)

INLINE = {
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "an inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 10


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_template_has_nothing_inline(template):
    text = template.read_text(encoding="utf-8")
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{template.relative_to(ROOT)} has {', '.join(found)}"


@pytest.mark.django_db
def test_the_authenticator_qr_code_is_drawn_without_style_attributes(client):
    user = make_user(Role.SCRUTINEER, with_2fa=False)
    client.force_login(user)
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<path" in svg
    assert "style" not in svg.lower()
    assert TOTPDevice.objects.filter(user=user, confirmed=False).exists()
