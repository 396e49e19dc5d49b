"""Account and agency use cases. Each runs in one transaction and writes its audit event."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record, changes_between
from rapidreview.notifications.models import Purpose
from rapidreview.notifications.services import email_queue

from .models import Agency, Invitation, Membership, User

BACKUP_CODE_COUNT = 10


class ServiceError(Exception):
    """A use case refused for a reason the person can act on."""


def _agency_snapshot(agency: Agency) -> dict:
    return {
        "name": agency.name,
        "agency_type": agency.agency_type,
        "statutory_partner": agency.statutory_partner,
        "is_active": agency.is_active,
    }


def agency_create(*, actor: User, name: str, agency_type: str, statutory_partner: str) -> Agency:
    with transaction.atomic():
        agency = Agency(name=name, agency_type=agency_type, statutory_partner=statutory_partner)
        agency.full_clean()
        agency.save()
        audit_record(
            actor=actor,
            verb=Verb.AGENCY_CREATED,
            target=agency,
            payload=changes_between({}, _agency_snapshot(agency)),
        )
    return agency


def agency_update(*, actor: User, agency: Agency, **fields) -> Agency:
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        before = _agency_snapshot(agency)
        for name, value in fields.items():
            setattr(agency, name, value)
        agency.full_clean()
        changes = changes_between(before, _agency_snapshot(agency))
        if changes:
            agency.save(update_fields=list(changes))
            audit_record(actor=actor, verb=Verb.AGENCY_CHANGED, target=agency, payload=changes)
    return agency


def _queue_invitation_email(*, actor: User | None, email: str, token: str) -> None:
    link = settings.SITE_URL + reverse("accounts:invitation_accept", args=[token])
    body = render_to_string(
        "accounts/email/invitation.txt",
        {
            "link": link,
            "partnership_name": settings.PARTNERSHIP_NAME,
            "valid_days": settings.INVITATION_VALID_DAYS,
            "contacts": settings.PARTNERSHIP_CONTACTS,
        },
    )
    email_queue(
        actor=actor,
        recipients=[email],
        subject="You have been invited to use Rapid Review",
        body=body,
        purpose=Purpose.ACCOUNT,
    )


def user_invite(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    job_title: str,
    role: str,
    agency: Agency | None,
) -> User:
    """Create an account with no usable password, and email a one-time link to set it up."""
    with transaction.atomic():
        user = User.objects.create_user(email=email, full_name=full_name, job_title=job_title)
        Membership.objects.create(user=user, role=role, agency=agency)
        token, token_hash = Invitation.new_token()
        Invitation.objects.create(
            user=user,
            token_hash=token_hash,
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        audit_record(
            actor=actor,
            verb=Verb.USER_INVITED,
            target=user,
            payload={"role": role, "agency": str(agency.public_id) if agency else None},
        )
        _queue_invitation_email(actor=actor, email=user.email, token=token)
    return user


def invitation_accept(*, invitation: Invitation, password: str) -> User:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at is not None or invitation.expires_at <= timezone.now():
            raise ServiceError("This invitation link has already been used or has expired")
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        # Any other unused invitations for this person stop working too.
        Invitation.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
        audit_record(actor=user, verb=Verb.INVITATION_ACCEPTED, target=user)
        audit_record(actor=user, verb=Verb.PASSWORD_SET, target=user)
    return user


def user_change_role(*, actor: User, user: User, role: str, agency: Agency | None) -> User:
    with transaction.atomic():
        membership, _ = Membership.objects.select_for_update().get_or_create(
            user=user, defaults={"role": role, "agency": agency}
        )
        before = {"role": membership.role, "agency": membership.agency_id}
        membership.role = role
        membership.agency = agency
        changes = changes_between(before, {"role": role, "agency": agency.pk if agency else None})
        if changes:
            membership.save(update_fields=["role", "agency"])
            audit_record(actor=actor, verb=Verb.USER_CHANGED, target=user, payload=changes)
    return user


def user_set_active(*, actor: User, user: User, active: bool) -> User:
    if user.pk == actor.pk and not active:
        raise ServiceError("You cannot deactivate your own account")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            return user
        user.is_active = active
        user.save(update_fields=["is_active"])
        # Open sessions end too: the auth backend refuses inactive users on every request.
        audit_record(
            actor=actor,
            verb=Verb.USER_REACTIVATED if active else Verb.USER_DEACTIVATED,
            target=user,
            payload={"is_active": {"old": not active, "new": active}},
        )
    return user


def totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (made once, so a reload shows the same key)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def _new_backup_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Backup codes"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def totp_enrol_confirm(*, user: User, device: TOTPDevice) -> list[str]:
    """Confirm the authenticator (its code already checked) and issue backup codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
        audit_record(actor=user, verb=Verb.TWO_FACTOR_ENROLLED, target=user)
        audit_record(actor=user, verb=Verb.BACKUP_CODES_CREATED, target=user)
    return codes


def backup_codes_regenerate(*, user: User) -> list[str]:
    with transaction.atomic():
        codes = _new_backup_codes(user)
        audit_record(actor=user, verb=Verb.BACKUP_CODES_CREATED, target=user)
    return codes
