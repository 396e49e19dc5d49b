"""Serious incident notifications, the people named on them, and the rapid reviews convened
from them (DOMAIN.md §1–3).

Only anchor facts are stored: the dates things happened or are planned for. Due dates are never
stored; `clock.py` derives them, so changing one date re-plans everything that hangs off it.
The check constraints below hold the orders that are impossible (a notification dated before
anyone knew); `rules.py` words the same rules for people and adds the merely unusual ones.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone


class Nature(models.TextChoices):
    DEATH = "death", "Death"
    SERIOUS_HARM = "serious_harm", "Serious harm"
    OTHER = "other", "Other"


class LookedAfter(models.TextChoices):
    LOOKED_AFTER = "looked_after", "Looked after"
    PREVIOUSLY = "previously_looked_after", "Previously looked after"
    NOT_LOOKED_AFTER = "not_looked_after", "Not looked after"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known"


class LegalStatus(models.TextChoices):
    LOOKED_AFTER = "looked_after", "Looked after"
    CHILD_PROTECTION_PLAN = "child_protection_plan", "Child protection plan"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    EARLY_HELP = "early_help", "Early help"
    NONE = "none", "None"


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    PARTNER_OF_PARENT = "partner_of_parent", "Partner of a parent"
    CARER = "carer", "Carer"
    SIBLING = "sibling", "Sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_RELATIVE = "other_relative", "Other relative"
    HOUSEHOLD_MEMBER = "household_member", "Other household member"
    SIGNIFICANT_OTHER = "significant_other", "Significant other"


class Incident(models.Model):
    """One serious incident notification (SIN): one incident, one or more children."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sin_reference = models.CharField("SIN reference", max_length=50)
    nature = models.CharField(max_length=20, choices=Nature.choices)
    circumstances = models.TextField("brief circumstances")
    incident_local_authority = models.CharField(max_length=100)
    residence_local_authority = models.CharField(max_length=100)
    looked_after = models.CharField(
        "looked-after status", max_length=30, choices=LookedAfter.choices
    )
    incident_date = models.DateField("date of the incident")
    la_aware_date = models.DateField("date the local authority became aware")
    partners_aware_date = models.DateField("date the safeguarding partners became aware")
    sin_submitted_date = models.DateField("date the SIN was submitted")
    scoping_start = models.DateField("start of the scoping period")
    scoping_end = models.DateField("end of the scoping period")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sin_submitted_date", "-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("sin_reference"), name="one_incident_per_sin_reference"),
            models.CheckConstraint(
                condition=Q(la_aware_date__gte=F("incident_date")),
                name="incident_la_aware_not_before_incident",
            ),
            models.CheckConstraint(
                condition=Q(partners_aware_date__gte=F("incident_date")),
                name="incident_partners_aware_not_before_incident",
            ),
            models.CheckConstraint(
                condition=Q(sin_submitted_date__gte=F("la_aware_date")),
                name="incident_sin_not_before_la_aware",
            ),
            models.CheckConstraint(
                condition=Q(scoping_end__gte=F("scoping_start")),
                name="incident_scoping_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"SIN {self.sin_reference}"


class Child(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="children")
    position = models.PositiveSmallIntegerField()
    full_name = models.CharField(max_length=200)
    other_names = models.CharField(max_length=200, blank=True, default="")
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=20, choices=Sex.choices)
    ethnicity = models.CharField(max_length=100, blank=True, default="")
    disability = models.CharField(max_length=200, blank=True, default="")
    legal_status = models.CharField(max_length=30, choices=LegalStatus.choices)
    education = models.CharField(
        "education setting or status", max_length=200, blank=True, default=""
    )
    date_of_death = models.DateField(null=True, blank=True)
    pseudonym = models.CharField(max_length=50)

    class Meta:
        ordering = ["incident", "position"]
        verbose_name_plural = "children"
        constraints = [
            models.UniqueConstraint(
                "incident", Lower("pseudonym"), name="child_pseudonym_unique_per_incident"
            ),
            models.UniqueConstraint(
                fields=["incident", "position"], name="child_position_unique_per_incident"
            ),
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True) | Q(date_of_death__gte=F("date_of_birth")),
                name="child_not_dead_before_born",
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class FamilyMember(models.Model):
    """A named individual in the family composition: parent, carer, sibling, household member."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="family")
    position = models.PositiveSmallIntegerField()
    full_name = models.CharField(max_length=200)
    other_names = models.CharField(max_length=200, blank=True, default="")
    relationship = models.CharField(max_length=30, choices=Relationship.choices)
    relationship_detail = models.CharField(max_length=200, blank=True, default="")
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True, default="")
    pseudonym = models.CharField(max_length=50)

    class Meta:
        ordering = ["incident", "position"]
        constraints = [
            models.UniqueConstraint(
                "incident", Lower("pseudonym"), name="family_pseudonym_unique_per_incident"
            ),
            models.UniqueConstraint(
                fields=["incident", "position"], name="family_position_unique_per_incident"
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class State(models.TextChoices):
    CONVENED = "convened", "Convened"
    GATHERING_INFORMATION = "gathering_information", "Gathering information"
    READY_FOR_MEETING = "ready_for_meeting", "Ready for meeting"
    MEETING_HELD = "meeting_held", "Meeting held"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
    SENT_TO_PANEL = "sent_to_panel", "Sent to the Panel"
    PANEL_RESPONDED = "panel_responded", "Panel responded"
    CLOSED = "closed", "Closed"
    STOPPED = "stopped", "Stopped: not a serious incident"


OPEN_STATES = frozenset(State) - {State.CLOSED, State.STOPPED}
# States in which the meeting has happened, so its date is a fact rather than a plan.
MEETING_DONE_STATES = frozenset(
    {
        State.MEETING_HELD,
        State.AWAITING_SIGN_OFF,
        State.SENT_TO_PANEL,
        State.PANEL_RESPONDED,
        State.CLOSED,
    }
)
PLANNING_STATES = frozenset({State.CONVENED, State.GATHERING_INFORMATION, State.READY_FOR_MEETING})
SENT_STATES = frozenset({State.SENT_TO_PANEL, State.PANEL_RESPONDED, State.CLOSED})


class ClockAnchor(models.TextChoices):
    SIN_SUBMITTED = "sin_submitted", "the date the SIN was submitted"
    PARTNERS_AWARE = "partners_aware", "the date the safeguarding partners became aware"


class RapidReview(models.Model):
    """The rapid review of one incident. Its reference (RR-2026-004) is its public identifier."""

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="review")
    reference = models.CharField(max_length=20, unique=True)
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=30, choices=State.choices, default=State.CONVENED)
    # Recorded when the review is convened, from settings.CLOCK_ANCHOR, so a later change of the
    # setting does not move the Panel deadline of a review already running.
    clock_anchor = models.CharField(max_length=20, choices=ClockAnchor.choices)
    convened_on = models.DateField()
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agencies_asked_on = models.DateField(null=True, blank=True)
    involvement_complete_on = models.DateField(null=True, blank=True)
    returns_complete_on = models.DateField(null=True, blank=True)
    meeting_date = models.DateField(null=True, blank=True)
    signed_off_on = models.DateField(null=True, blank=True)
    sent_to_panel_on = models.DateField(null=True, blank=True)
    panel_responded_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    stopped_reason = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"], name="review_number_unique_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(state=State.STOPPED)
                | (Q(stopped_on__isnull=False) & ~Q(stopped_reason="")),
                name="review_stopped_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=sorted(MEETING_DONE_STATES)) | Q(meeting_date__isnull=False),
                name="review_meeting_held_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=sorted(SENT_STATES))
                | Q(signed_off_on__isnull=False, sent_to_panel_on__isnull=False),
                name="review_sent_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[State.PANEL_RESPONDED, State.CLOSED])
                | Q(panel_responded_on__isnull=False),
                name="review_panel_response_has_date",
            ),
            models.CheckConstraint(
                condition=Q(sent_to_panel_on__isnull=True)
                | Q(signed_off_on__isnull=True)
                | Q(sent_to_panel_on__gte=F("signed_off_on")),
                name="review_not_sent_before_signed_off",
            ),
            models.CheckConstraint(
                condition=Q(panel_responded_on__isnull=True)
                | Q(sent_to_panel_on__isnull=True)
                | Q(panel_responded_on__gte=F("sent_to_panel_on")),
                name="review_panel_response_not_before_sent",
            ),
            models.CheckConstraint(
                condition=Q(returns_complete_on__isnull=True)
                | Q(involvement_complete_on__isnull=True)
                | Q(returns_complete_on__gte=F("involvement_complete_on")),
                name="review_returns_not_before_involvement",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def meeting_can_move(self) -> bool:
        """Until the meeting is held, its date is a plan and can change."""
        return self.state in PLANNING_STATES


class ReviewAgency(models.Model):
    """An agency invited to a review. Agency users see only the reviews listed here for their
    agency; what the agency then does for the review hangs off this row (participation app)."""

    review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="agencies")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="review_memberships"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["review", "agency__name"]
        verbose_name = "agency on a review"
        constraints = [
            models.UniqueConstraint(fields=["review", "agency"], name="agency_once_per_review")
        ]

    def __str__(self) -> str:
        return f"{self.agency} on {self.review}"


class ReferenceCounter(models.Model):
    """The last review number given out in a year. Convening locks the year's row, so two
    people convening at once get consecutive numbers, never the same one."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class IntakeDraft(models.Model):
    """A notification being entered, kept server-side until "Confirm and save".

    Nothing reaches the real tables until then. The draft holds the answers as the forms
    cleaned them (dates as ISO text). Only the person who started it can see it; it is deleted
    when saved or cancelled, and drafts left alone for settings.INTAKE_DRAFT_DAYS are purged.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Draft notification {self.public_id}"
