"""The append-only, hash-chained audit trail.

Each event stores the hash of the one before it and a hash over its own content (which includes
its place in the sequence), so editing, deleting, inserting or reordering a row breaks the chain
and `rapidreview audit verify` names the first event that no longer fits. The code has no update
or delete path: the model and its queryset refuse both, and on PostgreSQL a trigger refuses them
outright (migration 0002). docs/adr/0001-audit-trail.md says why it is built this way.
"""

import hashlib
import ipaddress
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

GENESIS_HASH = "0" * 64

# The stored fields the hash covers, by the names `QuerySet.values()` uses. Verification reads
# exactly these, so it can stream rows without building model instances.
HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_agency_id",
    "actor_role",
    "verb",
    "target_type",
    "target_id",
    "review_reference",
    "ip_address",
    "user_agent",
    "request_id",
    "payload",
    "previous_hash",
)


class AppendOnlyError(RuntimeError):
    """Raised by any attempt to change or remove an audit event through the ORM."""

    def __init__(self, operation: str) -> None:
        super().__init__(f"Audit events are append-only: {operation} refused")


class Verb(models.TextChoices):
    # Sign-in and account security
    PASSWORD_ACCEPTED = "password_accepted", "Password accepted, code not yet given"
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
    CLOSURE_DAY_ADDED = "closure_day_added", "Closure day added"
    CLOSURE_DAY_REMOVED = "closure_day_removed", "Closure day removed"
    # Reading and exporting
    PAGE_VIEWED = "page_viewed", "Page viewed"
    EXPORTED = "exported", "Exported"
    FILE_UPLOADED = "file_uploaded", "File uploaded"
    FILE_DOWNLOADED = "file_downloaded", "File downloaded"
    # Notifications and rapid reviews
    INCIDENT_LOGGED = "incident_logged", "Notification logged"
    INCIDENT_CHANGED = "incident_changed", "Notification changed"
    REVIEW_CONVENED = "review_convened", "Rapid review convened"
    REVIEW_CHANGED = "review_changed", "Rapid review changed"
    REVIEW_STATE_CHANGED = "review_state_changed", "Rapid review moved on"
    # Agencies in a review
    AGENCY_INVITED = "agency_invited", "Agency invited to a review"
    ATTENDANCE_CONFIRMED = "attendance_confirmed", "Attendance confirmed"
    INVOLVEMENT_DECLARED = "involvement_declared", "Involvement declared"
    NOMINATION_ADDED = "nomination_added", "Representative nominated"
    NOMINATION_ENDED = "nomination_ended", "Nomination ended"
    REVIEW_DOCUMENT_ADDED = "review_document_added", "Document added to a review"
    REVIEW_DOCUMENT_REMOVED = "review_document_removed", "Document removed from a review"
    DOCUMENT_READ = "document_read", "Document confirmed as read"
    RECORDS_SECURED = "records_secured", "Records secured"
    PRIVATE_RECORD_ADDED = "private_record_added", "Record copied to the private area"
    PRIVATE_RECORD_REMOVED = "private_record_removed", "Record removed from the private area"
    ALERT_RECORDED = "alert_recorded", "Alert recorded"
    ALERT_CHANGED = "alert_changed", "Alert changed"
    ALERT_REMOVED = "alert_removed", "Alert removed"
    STAFF_RECORDED = "staff_recorded", "Staff member recorded"
    STAFF_CHANGED = "staff_changed", "Staff member changed"
    STAFF_REMOVED = "staff_removed", "Staff member removed"
    # Scoping returns
    RETURN_STARTED = "return_started", "Scoping return started"
    RETURN_SECTION_SAVED = "return_section_saved", "Scoping return section saved"
    RETURN_SAVE_REFUSED = (
        "return_save_refused",
        "Scoping return save refused (changed by someone else)",
    )
    RETURN_DRAFT_AUTOSAVED = "return_draft_autosaved", "Unsaved answers kept by autosave"
    CHRONOLOGY_ROW_ADDED = "chronology_row_added", "Chronology row added"
    CHRONOLOGY_ROW_CHANGED = "chronology_row_changed", "Chronology row changed"
    CHRONOLOGY_ROW_REMOVED = "chronology_row_removed", "Chronology row removed"
    CHRONOLOGY_IMPORTED = "chronology_imported", "Chronology imported"
    RETURN_SUBMITTED = "return_submitted", "Scoping return submitted for sign-off"
    RETURN_RETURNED = "return_returned", "Scoping return returned for amendment"
    RETURN_SIGNED_OFF = "return_signed_off", "Scoping return signed off"
    RETURN_RELEASED = "return_released", "Scoping return released to the meeting"
    # The meeting
    MEETING_ARRANGED = "meeting_arranged", "Meeting arranged or changed"
    ATTENDEE_ADDED = "attendee_added", "Attendee added to the meeting"
    ATTENDEE_REMOVED = "attendee_removed", "Attendee removed from the meeting"
    MEETING_INVITATIONS_SENT = "meeting_invitations_sent", "Meeting invitations sent"
    ATTENDANCE_RECORDED = "attendance_recorded", "Attendance recorded"
    MEETING_PACK_DOWNLOADED = "meeting_pack_downloaded", "Meeting pack downloaded"
    MINUTES_SAVED = "minutes_saved", "Minutes saved"
    FAMILY_CONTACT_RECORDED = "family_contact_recorded", "Family contact recorded"
    CHALLENGE_RECORDED = "challenge_recorded", "Challenge recorded"
    CHALLENGE_CHANGED = "challenge_changed", "Challenge changed or answered"
    ACTION_RECORDED = "action_recorded", "Immediate safeguarding action recorded"
    ACTION_CHANGED = "action_changed", "Immediate safeguarding action changed"
    LEARNING_RECORDED = "learning_recorded", "Learning point recorded"
    LEARNING_CHANGED = "learning_changed", "Learning point changed"
    THEME_ADDED = "theme_added", "Learning theme added"
    THEME_CHANGED = "theme_changed", "Learning theme changed"
    PROCESS_RECORDED = "process_recorded", "Parallel process recorded"
    PROCESS_CHANGED = "process_changed", "Parallel process changed"
    MEETING_RECORD_REMOVED = "meeting_record_removed", "Meeting record removed"
    # The decision and the report to the Panel
    DECISION_RECORDED = "decision_recorded", "Decision recorded"
    DECISION_CHANGED = "decision_changed", "Decision changed"
    PARTNER_SIGNED_OFF = "partner_signed_off", "Safeguarding partner signed off"
    REPORT_TEXT_SAVED = "report_text_saved", "Report to the Panel written or changed"
    REPORT_GENERATED = "report_generated", "Report to the Panel generated"
    REPORT_REFUSED = "report_refused", "Report refused by the anonymisation check"
    REPORT_DOWNLOADED = "report_downloaded", "Report to the Panel downloaded"
    SENT_TO_PANEL = "sent_to_panel", "Rapid review sent to the Panel"
    PANEL_RESPONSE_RECORDED = "panel_response_recorded", "Panel's response recorded"
    OUTCOME_SHARED = "outcome_shared", "Completed rapid review shared with an agency"
    OUTCOME_STAFF_TOLD = "outcome_staff_told", "Agency told its staff the outcome"
    # Email and reminders
    EMAIL_QUEUED = "email_queued", "Email queued"
    EMAIL_SENT = "email_sent", "Email sent"
    EMAIL_FAILED = "email_failed", "Email could not be sent"
    REMINDER_SENT = "reminder_sent", "Reminder sent"
    ESCALATED = "escalated", "Escalated to a senior leader"


class AuditEventQuerySet(models.QuerySet):
    """A queryset with no bulk path to change or remove events.

    `_update` and `_raw_delete` are the internals that `save()` and the deletion collector
    reach for, so closing them too leaves no ORM route round the refusal.
    """

    def update(self, **kwargs):
        raise AppendOnlyError("update")

    def _update(self, values):
        raise AppendOnlyError("update")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("bulk update")

    def delete(self):
        raise AppendOnlyError("delete")

    def _raw_delete(self, using):
        raise AppendOnlyError("delete")


class AuditEvent(models.Model):
    """One thing that happened. Write these only through `services.audit_record`."""

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The agency and role the actor held when the event happened, which may differ later.
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
    # For changes: {"field": {"old": ..., "new": ...}}; for exports: what was exported.
    payload = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        # Related lookups use the refusing queryset too.
        base_manager_name = "objects"
        indexes = [models.Index(fields=["actor", "occurred_at"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.verb}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("update")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("delete")

    def content(self) -> dict[str, Any]:
        """Everything the hash covers, in a stable shape."""
        return canonical_content({name: getattr(self, name) for name in HASHED_FIELDS})

    def compute_hash(self) -> str:
        return content_hash({name: getattr(self, name) for name in HASHED_FIELDS})


# --- hashing ----------------------------------------------------------------------------------
#
# The hash must come out the same from the values in memory before saving and from the values
# read back from either database, or verification raises false alarms. Each helper below maps
# every representation a database may hand back to one canonical form.


def canonical_time(value: datetime) -> str:
    """UTC, ISO 8601. Both engines store microseconds and give back an aware UTC datetime."""
    return value.astimezone(UTC).isoformat()


def canonical_ip(value: str | None) -> str | None:
    """PostgreSQL's `inet` rewrites IPv6 addresses (leading zeros, case); compare them as
    addresses, not as text."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value


def canonical_json(value: Any) -> Any:
    """PostgreSQL's jsonb keeps numbers as decimals, so a float with no fraction (1.0, 1e20)
    can come back as an int. Hash every such float as the int it equals."""
    if isinstance(value, dict):
        return {key: canonical_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [canonical_json(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def canonical_content(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "sequence": row["sequence"],
        "occurred_at": canonical_time(row["occurred_at"]),
        "actor": row["actor_id"],
        "actor_agency": row["actor_agency_id"],
        "actor_role": row["actor_role"],
        "verb": str(row["verb"]),
        "target_type": row["target_type"],
        "target_id": row["target_id"],
        "review_reference": row["review_reference"],
        "ip_address": canonical_ip(row["ip_address"]),
        "user_agent": row["user_agent"],
        "request_id": row["request_id"],
        "payload": canonical_json(row["payload"]),
        "previous_hash": row["previous_hash"],
    }


def content_hash(row: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical content: the event itself, its place in the sequence and
    the hash of the event before it."""
    canonical = json.dumps(
        canonical_content(row), sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
