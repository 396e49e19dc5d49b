"""Shared fixtures: the personas of the access matrix, signed-in clients and a real SMTP sink."""

import socket
from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapidreview.accounts.models import Agency, AgencyType, Role, StatutoryPartner, User
from rapidreview.core.mailsink import start_sink

from .factories import make_user


@dataclass
class Personas:
    agency_a: Agency
    agency_b: Agency
    partner_agency: Agency
    partnership_team: User
    agency_a_rep: User
    agency_b_rep: User
    senior_leader: User
    safeguarding_partner: User
    scrutineer: User
    # A colleague of agency A's representative, nominated on the reviews that tests nominate
    # them on (tests/participation/factories.py: nominate).
    nominee: User

    def by_name(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONA_NAMES = [
    "anonymous",
    "partnership_team",
    "agency_a_rep",
    "agency_b_rep",
    "senior_leader",
    "safeguarding_partner",
    "scrutineer",
    "nominee",
]


@pytest.fixture
def personas(db) -> Personas:
    agency_a = Agency.objects.create(name="Invented Police Force", agency_type=AgencyType.POLICE)
    agency_b = Agency.objects.create(
        name="Invented Primary School", agency_type=AgencyType.EDUCATION
    )
    partner_agency = Agency.objects.create(
        name="Invented Council",
        agency_type=AgencyType.LOCAL_AUTHORITY,
        statutory_partner=StatutoryPartner.LOCAL_AUTHORITY,
    )
    return Personas(
        agency_a=agency_a,
        agency_b=agency_b,
        partner_agency=partner_agency,
        partnership_team=make_user(Role.PARTNERSHIP_TEAM, full_name="Pat Team"),
        agency_a_rep=make_user(Role.AGENCY_REPRESENTATIVE, agency_a, full_name="Alex Arep"),
        agency_b_rep=make_user(Role.AGENCY_REPRESENTATIVE, agency_b, full_name="Bea Brep"),
        senior_leader=make_user(Role.SENIOR_LEADER, agency_a, full_name="Sam Senior"),
        safeguarding_partner=make_user(
            Role.SAFEGUARDING_PARTNER, partner_agency, full_name="Pia Partner"
        ),
        scrutineer=make_user(Role.SCRUTINEER, full_name="Sid Scrutineer"),
        nominee=make_user(Role.NOMINATED_REPRESENTATIVE, agency_a, full_name="Nia Nominee"),
    )


def signed_in_client(user: User) -> Client:
    """A test client for someone who has given their password and their code."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for():
    return signed_in_client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mail_sink(settings):
    """A real SMTP server on localhost; the app's email goes to it through SMTP."""
    port = _free_port()
    controller, handler = start_sink(port=port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield handler
    controller.stop()
