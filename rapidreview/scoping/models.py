"""The Initial Scoping and Information Sharing return (DOMAIN.md §5): one per agency on a review.

Sections A, D, E, F and G are answers to questions, kept as one JSON document per section in
`ScopingReturn.answers` (the questions live in the section forms, `sections.py`); section B is
the agency's involvement declaration (participation app) and section C is the chronology, rows
of their own. Nothing an editor saves is ever lost:

- every save bumps `ScopingReturn.version`; a save that was made from an older version is refused
  (optimistic locking) and the refused answers are kept as a `ReturnVersion` of kind "conflict";
- every save and every workflow step keeps a full `ReturnVersion` snapshot, so versions can be
  compared;
- what an editor types is autosaved as a `SectionDraft` (their own, unvalidated), so a sign-in
  that times out loses at most the last few seconds.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from rapidreview.reviews.models import Child, FamilyMember, ReviewAgency


class Section(models.TextChoices):
    A = "A", "Agency and author"
    B = "B", "Involvement"
    C = "C", "Chronology"
    D = "D", "Summary and analysis"
    E = "E", "Immediate safety and learning"
    F = "F", "Records, alerts and parallel processes"
    G = "G", "Key information for the meeting"


# The sections answered in `ScopingReturn.answers` (B and C are kept elsewhere).
ANSWERED_SECTIONS = (Section.A, Section.D, Section.E, Section.F, Section.G)


class ReturnState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for sign-off"
    RETURNED = "returned", "Returned for amendment"
    SIGNED_OFF = "signed_off", "Signed off"
    RELEASED = "released", "Released to the meeting"


# States in which the agency may edit the return.
EDITABLE_STATES = frozenset({ReturnState.DRAFT, ReturnState.RETURNED})


class ScopingReturn(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review_agency = models.OneToOneField(
        ReviewAgency, on_delete=models.CASCADE, related_name="scoping_return"
    )
    state = models.CharField(
        max_length=20, choices=ReturnState.choices, default=ReturnState.DRAFT, db_index=True
    )
    # {"A": {...}, "D": {...}, ...}: each section's cleaned answers (dates as ISO strings).
    answers = models.JSONField(default=dict, blank=True)
    # Sections the editor has marked as completed ("Have you completed this section?").
    completed_sections = models.JSONField(default=list, blank=True)
    # Bumped by every change to the answers or the chronology; an editor's save names the version
    # it started from, and is refused if the return has moved on since.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The senior leader's sign-off: "I am sighted on this return".
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_name = models.CharField(max_length=200, blank=True, default="")
    signed_off_role = models.CharField(max_length=200, blank=True, default="")
    signed_off_on = models.DateField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=[ReturnState.SIGNED_OFF, ReturnState.RELEASED])
                | Q(signed_off_by__isnull=False, signed_off_on__isnull=False),
                name="scoping_return_signed_off_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(state=ReturnState.RELEASED) | Q(released_at__isnull=False),
                name="scoping_return_released_has_when",
            ),
        ]

    def __str__(self) -> str:
        return f"Scoping return of {self.review_agency}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class ContactType(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    APPOINTMENT = "appointment", "Appointment"
    MISSED_APPOINTMENT = "missed_appointment", "Missed appointment"
    REFERRAL = "referral", "Referral"
    PHONE_CALL = "phone_call", "Phone call"
    ASSESSMENT = "assessment", "Assessment"
    MEETING = "meeting", "Meeting"
    ATTENDANCE = "attendance", "Attendance at a service"
    INCIDENT = "incident", "Incident or call-out"
    INFORMATION_SHARED = "information_shared", "Information shared"
    OTHER = "other", "Other"


class ChronologyEntry(models.Model):
    """One significant contact. Facts only; analysis belongs in section D."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scoping_return = models.ForeignKey(
        ScopingReturn, on_delete=models.CASCADE, related_name="chronology"
    )
    occurred_on = models.DateField("date")
    occurred_at = models.TimeField("time", null=True, blank=True)
    children = models.ManyToManyField(Child, blank=True, related_name="+")
    family_members = models.ManyToManyField(FamilyMember, blank=True, related_name="+")
    contact_type = models.CharField(max_length=30, choices=ContactType.choices)
    practitioner_role = models.CharField(max_length=200)
    what_happened = models.TextField()
    action_or_outcome = models.TextField("action taken or outcome", blank=True, default="")
    source_reference = models.CharField("source record reference", max_length=200, blank=True)
    # Bumped by each edit of the row: an edit made from an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_on", "occurred_at", "created_at", "pk"]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.get_contact_type_display()} on {self.occurred_on}"


class VersionKind(models.TextChoices):
    SAVED = "saved", "Saved"
    CONFLICT = "conflict", "Not saved: someone else had changed the return"
    WORKFLOW = "workflow", "Workflow step"
    IMPORT = "import", "Chronology imported"


class ReturnVersion(models.Model):
    """A full snapshot of the return after a change (or of a refused save), for comparison."""

    scoping_return = models.ForeignKey(
        ScopingReturn, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(help_text="The return's version this snapshot shows")
    kind = models.CharField(max_length=20, choices=VersionKind.choices)
    summary = models.CharField(max_length=300, help_text="What changed, in words")
    # {"state": ..., "answers": {...}, "chronology": [{...}, ...]}
    snapshot = models.JSONField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["saved_at", "pk"]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.get_kind_display()})"


class SectionDraft(models.Model):
    """What one editor has typed into one section and not yet saved, kept by autosave. Raw form
    values, not validated; shown back to that editor only, and removed when they save."""

    scoping_return = models.ForeignKey(
        ScopingReturn, on_delete=models.CASCADE, related_name="drafts"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A section letter, or "C:<row public id>" / "C:new" for a chronology row being edited.
    section = models.CharField(max_length=50)
    data = models.JSONField()
    base_version = models.PositiveIntegerField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scoping_return", "user", "section"], name="one_draft_per_editor_section"
            )
        ]

    def __str__(self) -> str:
        return f"Unsaved section {self.section}"


class WorkflowStep(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for sign-off"
    RETURNED = "returned", "Returned for amendment"
    SIGNED_OFF = "signed_off", "Signed off"
    RELEASED = "released", "Released to the meeting"


class WorkflowEvent(models.Model):
    """One step of the return's workflow, with the comment given (for a return for amendment)."""

    scoping_return = models.ForeignKey(
        ScopingReturn, on_delete=models.CASCADE, related_name="workflow"
    )
    step = models.CharField(max_length=20, choices=WorkflowStep.choices)
    comment = models.TextField(blank=True, default="")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_step_display()
