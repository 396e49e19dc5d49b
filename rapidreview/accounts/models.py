"""Users, agencies and the role each user holds."""

import hashlib
import secrets
import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone


class AgencyType(models.TextChoices):
    """The kinds of agency a rapid review invites (DOMAIN.md §4)."""

    POLICE = "police", "Police"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    EARLY_HELP = "early_help", "Early help"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    ICB = "icb", "Integrated care board (ICB)"
    HOSPITAL_TRUST = "hospital_trust", "Hospital NHS trust"
    COMMUNITY_TRUST = "community_trust", "Community NHS trust"
    GP = "gp", "GP practice"
    AMBULANCE = "ambulance", "Ambulance service"
    MENTAL_HEALTH = "mental_health", "Mental health and CAMHS"
    HEALTH_VISITING = "health_visiting", "Health visiting and school nursing"
    EDUCATION = "education", "School or education"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse service"
    CAFCASS = "cafcass", "Cafcass"
    VOLUNTARY = "voluntary", "Voluntary sector"
    CHILDCARE = "childcare", "Designated childcare or education agency"
    OTHER = "other", "Other"


class StatutoryPartner(models.TextChoices):
    """The three safeguarding partners (Children Act 2004 s16E)."""

    LOCAL_AUTHORITY = "local_authority", "Local authority"
    ICB = "icb", "Integrated care board"
    POLICE = "police", "Chief officer of police"


class Agency(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    agency_type = models.CharField(max_length=40, choices=AgencyType.choices)
    statutory_partner = models.CharField(
        max_length=20,
        choices=StatutoryPartner.choices,
        blank=True,
        default="",
        help_text="Which of the three safeguarding partners this agency is, if any",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["statutory_partner"],
                condition=~models.Q(statutory_partner=""),
                name="one_agency_per_statutory_partner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory_partner(self) -> bool:
        return bool(self.statutory_partner)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address, a password and a code."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True, default="")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def role(self) -> str | None:
        membership = getattr(self, "membership", None)
        return membership.role if membership else None

    @property
    def agency(self) -> "Agency | None":
        membership = getattr(self, "membership", None)
        return membership.agency if membership else None


class Role(models.TextChoices):
    PARTNERSHIP_TEAM = "partnership_team", "Partnership team"
    AGENCY_REPRESENTATIVE = "agency_representative", "Agency representative"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    SAFEGUARDING_PARTNER = "safeguarding_partner", "Safeguarding partner"
    SCRUTINEER = "scrutineer", "Scrutineer"
    # A colleague an agency representative names for one review; sees only the reviews they are
    # nominated on, and only while those reviews are open.
    NOMINATED_REPRESENTATIVE = "nominated_representative", "Nominated representative"


# Roles that act for one agency, so must name it.
ROLES_NEEDING_AGENCY = frozenset(
    {
        Role.AGENCY_REPRESENTATIVE.value,
        Role.SENIOR_LEADER.value,
        Role.SAFEGUARDING_PARTNER.value,
        Role.NOMINATED_REPRESENTATIVE.value,
    }
)


class Membership(models.Model):
    """The role a user holds, and the agency they hold it for."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField(max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(ROLES_NEEDING_AGENCY), agency__isnull=True),
                name="agency_roles_name_an_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.agency or 'partnership'})"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> "InvitationQuerySet":
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())

    def for_token(self, token: str) -> "InvitationQuerySet":
        return self.filter(token_hash=_hash_token(token))


class Invitation(models.Model):
    """A one-time link to set a password and enrol 2FA. Only the token's hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="invitations_sent", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Invitation {self.pk}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)
