"""The append-only, hash-chained audit trail.

Each event stores the hash of the one before it and a hash over its own content, so editing,
deleting, inserting or reordering a row breaks the chain (`rapidreview audit verify`). The code
has no update or delete path; on PostgreSQL a trigger refuses both outright.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone

GENESIS_HASH = "0" * 64


class Verb(models.TextChoices):
    # Sign-in and account security
    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    CODE_FAILED = "code_failed", "Wrong security code"
    LOCKED_OUT = "locked_out", "Locked out"
    SIGNED_OUT = "signed_out", "Signed out"
    TIMED_OUT = "timed_out", "Signed out after being idle"
    PASSWORD_SET = "password_set", "Password set"
    PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", "Two-factor authentication set up"
    BACKUP_CODES_CREATED = "backup_codes_created", "Backup codes created"
    BACKUP_CODE_USED = "backup_code_used", "Backup code used"
    # Administration
    USER_INVITED = "user_invited", "User invited"
    INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
    USER_CHANGED = "user_changed", "User changed"
    USER_DEACTIVATED = "user_deactivated", "User deactivated"
    USER_REACTIVATED = "user_reactivated", "User reactivated"
    AGENCY_CREATED = "agency_created", "Agency added"
    AGENCY_CHANGED = "agency_changed", "Agency changed"
    # Reading and exporting
    PAGE_VIEWED = "page_viewed", "Page viewed"
    EXPORTED = "exported", "Exported"
    FILE_UPLOADED = "file_uploaded", "File uploaded"
    FILE_DOWNLOADED = "file_downloaded", "File downloaded"


class AuditEvent(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_role = models.CharField(max_length=30, blank=True, default="")
    verb = models.CharField(max_length=40, choices=Verb.choices, db_index=True)
    target_type = models.CharField(max_length=60, blank=True, default="")
    target_id = models.CharField(max_length=64, blank=True, default="")
    review_reference = models.CharField(max_length=30, blank=True, default="", db_index=True)
    ip_address = models.GenericIPAddressField(null=True)
    user_agent = models.CharField(max_length=300, blank=True, default="")
    request_id = models.CharField(max_length=32, blank=True, default="")
    payload = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["actor", "occurred_at"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.verb}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only")

    def content(self) -> dict:
        """Everything the hash covers, in a stable shape."""
        return {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.isoformat(),
            "actor": self.actor_id,
            "actor_agency": self.actor_agency_id,
            "actor_role": self.actor_role,
            "verb": self.verb,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "review_reference": self.review_reference,
            "ip_address": self.ip_address,
            "user_agent": self.user_agent,
            "request_id": self.request_id,
            "payload": self.payload,
            "previous_hash": self.previous_hash,
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(self.content(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()
