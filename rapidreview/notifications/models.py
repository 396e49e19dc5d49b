"""The outbox: every email the service sends is first a row here, written in the same
transaction as the change that caused it, so no email is lost and none is sent for a change
that was rolled back."""

import uuid

from django.db import models
from django.utils import timezone


class Purpose(models.TextChoices):
    ACCOUNT = "account", "Account"
    INVITATION = "invitation", "Invitation to a review"
    REMINDER = "reminder", "Reminder"
    ESCALATION = "escalation", "Escalation"
    MEETING = "meeting", "Meeting invitation"
    WORKFLOW = "workflow", "A step in a review"


class OutboxState(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be sent"


class OutboxMessage(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    # Work addresses of the service's own users. The subject and body never hold the name or
    # any detail of a child or family member (DOMAIN.md §9).
    recipients = models.JSONField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # Files sent with the email, as [{"filename", "content_type", "content"}] (text only, such as
    # a calendar invitation). Never personal data: the same rule as the body.
    attachments = models.JSONField(default=list, blank=True)
    review_reference = models.CharField(max_length=30, blank=True, default="", db_index=True)
    # Set for emails that must go at most once (a reminder for one due date); a second request
    # with the same key is ignored.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    state = models.CharField(
        max_length=10, choices=OutboxState.choices, default=OutboxState.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Email {self.public_id} ({self.get_state_display()})"
