"""The rapid review meeting and what is recorded at and after it (DOMAIN.md §6).

One `Meeting` per review: when and where, the people invited (`Attendee`, each sent a calendar
invitation) and who came. What the meeting records hangs off the review: inter-agency
`Challenge`s, immediate `SafeguardingAction`s, `LearningPoint`s tagged with the partnership's
`LearningTheme`s, `ParallelProcess`es with any limits on disclosure, and (on the meeting) the
minutes and whether the family has been told.

Editable records carry a `version` that each save bumps: a save made from an older version is
refused, so two people at the meeting cannot overwrite each other's notes.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from rapidreview.accounts.models import Agency, StatutoryPartner
from rapidreview.reviews.models import RapidReview, ReviewAgency


class FamilyInformed(models.TextChoices):
    YES = "yes", "Yes, the family has been told about the review"
    NOT_YET = "not_yet", "Not yet"
    NO = "no", "No, and they will not be told for now"


class Meeting(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.OneToOneField(RapidReview, on_delete=models.CASCADE, related_name="meeting")
    # Aware datetimes; shown in Europe/London. The date is mirrored to RapidReview.meeting_date,
    # which the statutory clock uses.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField("place", max_length=300, blank=True, default="")
    online_link = models.URLField("online meeting link", max_length=500, blank=True, default="")
    # The calendar invitation: one UID for the life of the meeting, SEQUENCE bumped on each change
    # so calendars update the event rather than adding another.
    calendar_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0)
    minutes = models.TextField(blank=True, default="")
    family_informed = models.CharField(
        "has the family been told about the review?",
        max_length=10,
        choices=FamilyInformed.choices,
        blank=True,
        default="",
    )
    family_informed_detail = models.TextField(
        "how, when and by whom (or why not)", blank=True, default=""
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="", online_link=""), name="meeting_has_place_or_link"
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting for {self.review}"


class Attendance(models.TextChoices):
    INVITED = "invited", "Not recorded"
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    PROXY = "proxy", "Sent a proxy"


# An attendee who came, or whose proxy did, counts towards the quorum.
ATTENDED = frozenset({Attendance.PRESENT, Attendance.PROXY})


class Attendee(models.Model):
    """A person invited to the meeting. Invited attendees (and the partnership team) may download
    the meeting pack. `represents_partner` is set for a safeguarding partner or their delegate,
    so the quorum can be checked."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    represents_partner = models.CharField(
        "safeguarding partner represented",
        max_length=20,
        choices=StatutoryPartner.choices,
        blank=True,
        default="",
    )
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.INVITED
    )
    proxy_name = models.CharField("name of the proxy", max_length=200, blank=True, default="")
    proxy_role = models.CharField("role of the proxy", max_length=200, blank=True, default="")
    invited_at = models.DateTimeField(null=True, blank=True)  # when the .ics was queued
    invited_sequence = models.PositiveIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendee_once_per_meeting"),
            models.CheckConstraint(
                condition=~Q(attendance=Attendance.PROXY) | ~Q(proxy_name=""),
                name="attendee_proxy_named",
            ),
        ]

    def __str__(self) -> str:
        return f"Attendee {self.public_id}"


class ChallengeStatus(models.TextChoices):
    OPEN = "open", "Waiting for a response"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Resolved"


class Challenge(models.Model):
    """A question one agency raises with another, and the answer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="challenges")
    raised_by = models.ForeignKey(ReviewAgency, on_delete=models.PROTECT, related_name="+")
    raised_with = models.ForeignKey(ReviewAgency, on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    response = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=10, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN
    )
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(raised_by=models.F("raised_with")),
                name="challenge_between_two_agencies",
            )
        ]

    def __str__(self) -> str:
        return f"Challenge {self.public_id}"


class ForWhom(models.TextChoices):
    CHILD = "child", "The child"
    SIBLING = "sibling", "A sibling"
    OTHER_CHILD = "other_child", "Another child"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class SafeguardingAction(models.Model):
    """An immediate action to keep a child safe, owned by one agency, with a due date."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(
        RapidReview, on_delete=models.CASCADE, related_name="safeguarding_actions"
    )
    for_whom = models.CharField("for whom", max_length=20, choices=ForWhom.choices)
    # Which named child or family member, where one is meant (shown by pseudonym in reports).
    child = models.ForeignKey(
        "reviews.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    family_member = models.ForeignKey(
        "reviews.FamilyMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField("what must be done")
    owner = models.ForeignKey(ReviewAgency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("due date")
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    completed_on = models.DateField(null=True, blank=True)
    update = models.TextField("progress or evidence of completion", blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DONE) | Q(completed_on__isnull=False),
                name="action_done_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"Action {self.public_id}"


class LearningTheme(models.Model):
    """A theme from the partnership's controlled list (DOMAIN.md §8). Kept by the partnership
    team; a theme in use is retired (inactive), never deleted."""

    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LearningPoint(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(
        RapidReview, on_delete=models.CASCADE, related_name="learning_points"
    )
    text = models.TextField("what was learned")
    agency = models.ForeignKey(
        ReviewAgency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    themes = models.ManyToManyField(LearningTheme, related_name="learning_points")
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"Learning point {self.public_id}"


class ProcessKind(models.TextChoices):
    POLICE = "police", "Police investigation"
    CORONER = "coroner", "Coroner's inquest"
    CHILD_DEATH = "child_death", "Child death review"
    DHR_SAR = "dhr_sar", "Domestic homicide review or safeguarding adult review"
    NHS = "nhs", "NHS patient safety investigation"
    DISCIPLINARY = "disciplinary", "Disciplinary process"
    LADO = "lado", "LADO (allegation against a person who works with children)"
    OTHER = "other", "Other"


class ParallelProcess(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(
        RapidReview, on_delete=models.CASCADE, related_name="parallel_processes"
    )
    kind = models.CharField(max_length=20, choices=ProcessKind.choices)
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.TextField("where it has got to", blank=True, default="")
    disclosure_limits = models.TextField(
        "limits on what may be shared or disclosed", blank=True, default=""
    )
    coordination = models.TextField(
        "how it is co-ordinated with the review", blank=True, default=""
    )
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.public_id})"
