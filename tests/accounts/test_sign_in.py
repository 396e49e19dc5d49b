import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapidreview.accounts.models import Role
from rapidreview.audit.models import AuditEvent, Verb

from ..factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6):06d}"


def sign_in_with_password(client, user, password=PASSWORD):
    return client.post(reverse("accounts:sign_in"), {"email": user.email, "password": password})


def test_password_then_code_reaches_home(client):
    user = (
        make_user(Role.AGENCY_REPRESENTATIVE, agency=None) if False else make_user(Role.SCRUTINEER)
    )
    response = sign_in_with_password(client, user)
    assert response.status_code == 302
    assert response.url == reverse("accounts:sign_in_code")

    # Before the code, the home page is out of reach.
    assert client.get(reverse("core:home")).url == reverse("accounts:sign_in_code")

    response = client.post(reverse("accounts:sign_in_code"), {"code": current_code(user)})
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(actor=user, verb=Verb.PASSWORD_ACCEPTED).count() == 1
    assert AuditEvent.objects.filter(actor=user, verb=Verb.SIGNED_IN).count() == 1


def test_wrong_code_is_refused_with_a_message_and_recorded(client):
    user = make_user(Role.SCRUTINEER)
    sign_in_with_password(client, user)
    wrong = "000000" if current_code(user) != "000000" else "111111"
    response = client.post(reverse("accounts:sign_in_code"), {"code": wrong})
    assert response.status_code == 200
    assert "The security code is not correct" in response.content.decode()
    assert AuditEvent.objects.filter(actor=user, verb=Verb.CODE_FAILED).exists()
    assert client.get(reverse("core:home")).status_code == 302


def test_code_must_be_six_digits(client):
    user = make_user(Role.SCRUTINEER)
    sign_in_with_password(client, user)
    response = client.post(reverse("accounts:sign_in_code"), {"code": "12ab"})
    assert "Enter the code as 6 digits" in response.content.decode()


def test_backup_code_signs_in_once(client):
    user = make_user(Role.SCRUTINEER)
    sign_in_with_password(client, user)
    response = client.post(reverse("accounts:sign_in_backup_code"), {"code": "backup0001"})
    assert response.url == reverse("core:home")
    client.post(reverse("accounts:sign_out"))
    sign_in_with_password(client, user)
    response = client.post(reverse("accounts:sign_in_backup_code"), {"code": "backup0001"})
    assert response.status_code == 200
    assert "not correct or has been used already" in response.content.decode()


def test_wrong_password_gives_one_message_that_names_no_account(client):
    user = make_user(Role.SCRUTINEER)
    response = sign_in_with_password(client, user, password="not-the-password-at-all")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    assert AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED).count() == 1


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client):
    user = make_user(Role.SCRUTINEER)
    for _ in range(5):
        sign_in_with_password(client, user, password="wrong-password-entirely")
    response = sign_in_with_password(client, user)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302
    assert AuditEvent.objects.filter(verb=Verb.LOCKED_OUT).exists()


def test_idle_session_is_signed_out_with_a_reason(client_for, settings):
    user = make_user(Role.SCRUTINEER)
    client = client_for(user)
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    session["last_seen"] -= settings.SESSION_IDLE_TIMEOUT + 1
    session.save()
    response = client.get(reverse("core:home"))
    assert response.url == reverse("accounts:sign_in") + "?timed_out=1"
    page = client.get(response.url).content.decode()
    assert "You were signed out because you had not done anything" in page
    assert AuditEvent.objects.filter(actor=user, verb=Verb.TIMED_OUT).exists()


def test_sign_out_ends_the_session(client_for):
    user = make_user(Role.SCRUTINEER)
    client = client_for(user)
    response = client.post(reverse("accounts:sign_out"))
    assert response.url == reverse("accounts:sign_in")
    assert client.get(reverse("core:home")).status_code == 302
    assert AuditEvent.objects.filter(actor=user, verb=Verb.SIGNED_OUT).exists()


def test_deactivated_user_cannot_sign_in(client):
    user = make_user(Role.SCRUTINEER, is_active=False)
    response = sign_in_with_password(client, user)
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
