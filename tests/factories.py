"""Factories for accounts and agencies. Every name is invented."""

import factory
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapidreview.accounts.models import Agency, AgencyType, Membership, Role, User

PASSWORD = "correct-horse-battery-staple-42"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Invented Agency {n}")
    agency_type = AgencyType.OTHER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.invalid")
    full_name = factory.Sequence(lambda n: f"Invented Person {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            Membership.objects.create(user=self, role=extracted, agency=kwargs.get("agency"))

    @factory.post_generation
    def with_2fa(self, create, extracted, **kwargs):
        if extracted is False:
            return
        TOTPDevice.objects.create(user=self, name="Test authenticator", confirmed=True)
        backup = StaticDevice.objects.create(user=self, name="Backup codes")
        StaticToken.objects.create(device=backup, token="backup0001")


def make_user(role: str | None, agency: Agency | None = None, **kwargs) -> User:
    user = UserFactory(**kwargs)
    if role:
        Membership.objects.create(user=user, role=role, agency=agency)
    return user


__all__ = ["PASSWORD", "AgencyFactory", "Role", "UserFactory", "make_user"]
