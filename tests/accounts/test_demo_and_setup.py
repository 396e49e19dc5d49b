import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapidreview.accounts.models import Agency, Role, User
from rapidreview.audit.models import AuditEvent, Verb

from ..factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_demo_refuses_unless_demo_mode_is_on(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("demo")
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("demo-code", "coordinator@demo.rapidreview.invalid")


def test_demo_loads_every_role_and_a_code_signs_in(settings, client):
    settings.DEMO_MODE = True
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # a second run changes nothing
    assert Agency.objects.filter(statutory_partner__gt="").count() == 3
    assert Agency.objects.filter(statutory_partner="").count() >= 8
    roles = set(User.objects.values_list("membership__role", flat=True))
    assert roles == {role.value for role in Role}
    reps = User.objects.filter(membership__role=Role.AGENCY_REPRESENTATIVE)
    assert reps.values("membership__agency").distinct().count() >= 2

    email = "police.rep@demo.rapidreview.invalid"
    out = StringIO()
    call_command("demo-code", email, stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    client.post(reverse("accounts:sign_in"), {"email": email, "password": "rapid-review-demo-2026"})
    response = client.post(reverse("accounts:sign_in_code"), {"code": code})
    assert response.url == reverse("core:home")
    page = client.get(reverse("core:home")).content.decode()
    assert "Northmoor Constabulary" in page
    assert "Demonstration only" in page


def test_new_account_sets_up_an_authenticator_and_gets_backup_codes(client):
    user = make_user(Role.SCRUTINEER, with_2fa=False)
    client.post(reverse("accounts:sign_in"), {"email": user.email, "password": PASSWORD})
    response = client.get(reverse("core:home"))
    assert response.url == reverse("accounts:two_factor_setup")
    page = client.get(response.url).content.decode()
    assert "<svg" in page  # the QR code
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=6).token()

    response = client.post(
        reverse("accounts:two_factor_setup"), {"code": f"{code:06d}"}, follow=True
    )
    page = response.content.decode()
    assert "Save your backup codes" in page
    assert len(re.findall(r"<li>[a-z0-9]{8}</li>", page)) == 10
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(actor=user, verb=Verb.TWO_FACTOR_ENROLLED).exists()
    # The codes are shown once only.
    assert client.get(reverse("accounts:backup_codes_created")).url == reverse("accounts:account")


def test_a_wrong_code_at_set_up_is_explained_and_nothing_is_confirmed(client):
    user = make_user(Role.SCRUTINEER, with_2fa=False)
    client.post(reverse("accounts:sign_in"), {"email": user.email, "password": PASSWORD})
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    right = f"{TOTP(device.bin_key, step=device.step, t0=device.t0, digits=6).token():06d}"
    wrong = "000000" if right != "000000" else "111111"
    response = client.post(reverse("accounts:two_factor_setup"), {"code": wrong})
    assert "The security code is not correct" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(reverse("core:home")).url == reverse("accounts:two_factor_setup")


def test_invite_command_creates_the_first_partnership_team_member(
    mail_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invite", "first@example.invalid", "First Person", stdout=StringIO())
    user = User.objects.get(email="first@example.invalid")
    assert user.membership.role == Role.PARTNERSHIP_TEAM
    assert "/invitation/" in mail_sink.messages[0].get_content()
    with pytest.raises(CommandError, match="needs --agency"):
        call_command("invite", "rep@example.invalid", "Rep", "--role", "agency_representative")
