"""What each invited agency does for a review (DOMAIN.md §4, the seed note's duties): confirm
attendance, declare involvement (or make a nil return), nominate colleagues, read the
documentation, secure records, place alerts and support its staff.

The invitation itself is `reviews.ReviewAgency` (one row per agency on a review); everything
here hangs off it, so an agency's work on a review is found from one row. Who may see which part
is the access policy's business (`rapidreview.access.policy`), not these models'.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from rapidreview.reviews.models import Child, FamilyMember, RapidReview, ReviewAgency


def _subject_constraint(name: str) -> models.CheckConstraint:
    """Exactly one of child and family member is set."""
    return models.CheckConstraint(
        condition=(Q(child__isnull=False) & Q(family_member__isnull=True))
        | (Q(child__isnull=True) & Q(family_member__isnull=False)),
        name=name,
    )


class AboutPerson(models.Model):
    """A row about one named individual on the notification: a child or a family member."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    family_member = models.ForeignKey(
        FamilyMember, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def person(self) -> Child | FamilyMember:
        return self.child or self.family_member


# --- 1. attendance --------------------------------------------------------------------------


class Attending(models.TextChoices):
    ATTENDING = "attending", "I will attend"
    PROXY = "proxy", "A colleague of similar seniority will attend for me"


class AttendanceResponse(models.Model):
    """The agency's answer to the invitation: who will come to the meeting."""

    review_agency = models.OneToOneField(
        ReviewAgency, on_delete=models.CASCADE, related_name="attendance"
    )
    attending = models.CharField(max_length=20, choices=Attending.choices)
    # The person attending: the responder, or the proxy they name. Professionals' names and work
    # contacts are not the child's or family's personal data, but never go into an email.
    attendee_name = models.CharField(max_length=200)
    attendee_job_title = models.CharField(max_length=200)
    attendee_email = models.EmailField(blank=True, default="")
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Attendance for {self.review_agency}"


# --- 3. involvement -------------------------------------------------------------------------


class InvolvementDeclaration(models.Model):
    """Whether the agency knew the child and each named individual during the scoping period.
    A submitted declaration in which no one was known is a nil return."""

    review_agency = models.OneToOneField(
        ReviewAgency, on_delete=models.CASCADE, related_name="declaration"
    )
    systems_searched = models.TextField()
    # Other agencies the declaring agency knows were involved with the family; the matrix offers
    # to invite any that are not on the review yet.
    agencies_known_involved = models.ManyToManyField(
        "accounts.Agency", blank=True, related_name="+"
    )
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    attested_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Involvement of {self.review_agency}"

    @property
    def is_nil_return(self) -> bool:
        return not any(line.involved for line in self.lines.all())


class InvolvementLine(AboutPerson):
    declaration = models.ForeignKey(
        InvolvementDeclaration, on_delete=models.CASCADE, related_name="lines"
    )
    involved = models.BooleanField()
    first_contact = models.DateField(null=True, blank=True)
    last_contact = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            _subject_constraint("involvement_line_about_one_person"),
            models.UniqueConstraint(
                fields=["declaration", "child"], name="involvement_once_per_child"
            ),
            models.UniqueConstraint(
                fields=["declaration", "family_member"], name="involvement_once_per_family_member"
            ),
            models.CheckConstraint(
                condition=Q(involved=True)
                | (Q(first_contact__isnull=True) & Q(last_contact__isnull=True)),
                name="involvement_dates_only_when_involved",
            ),
            models.CheckConstraint(
                condition=Q(first_contact__isnull=True)
                | Q(last_contact__isnull=True)
                | Q(last_contact__gte=F("first_contact")),
                name="involvement_last_contact_not_before_first",
            ),
        ]

    def __str__(self) -> str:
        return f"Involvement with {self.person}"


# --- nominated representatives --------------------------------------------------------------


class NominationQuerySet(models.QuerySet["Nomination"]):
    def active(self) -> "NominationQuerySet":
        """Nominations that still give access: not withdrawn, and the review still open."""
        from rapidreview.reviews.models import OPEN_STATES

        return self.filter(
            ended_at__isnull=True, review_agency__review__state__in=sorted(OPEN_STATES)
        )


class Nomination(models.Model):
    """A colleague named by the agency's representative to work on this one review. Access ends
    when the nomination is withdrawn or the review closes (the policy checks both)."""

    review_agency = models.ForeignKey(
        ReviewAgency, on_delete=models.CASCADE, related_name="nominations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["nominated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["review_agency", "user"],
                condition=Q(ended_at__isnull=True),
                name="one_live_nomination_per_user_and_agency",
            )
        ]

    def __str__(self) -> str:
        return f"Nomination on {self.review_agency}"


# --- 2. the documentation -------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference"
    CRITERIA_GUIDANCE = "criteria_guidance", "Guidance on the criteria"
    NOTIFICATION_SUMMARY = "notification_summary", "Notification summary"
    OTHER = "other", "Other"


class ReviewDocument(models.Model):
    """A document the partnership attaches for every agency on the review to read."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="documents")
    stored_file = models.OneToOneField(
        "documents.StoredFile", on_delete=models.PROTECT, related_name="review_document"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title


class DocumentRead(models.Model):
    """One representative's confirmation that they have read one document."""

    document = models.ForeignKey(ReviewDocument, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    review_agency = models.ForeignKey(
        ReviewAgency, on_delete=models.CASCADE, related_name="document_reads"
    )
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "user"], name="document_read_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.document} read"


# --- 5. records secured ---------------------------------------------------------------------


class RecordsSecured(models.Model):
    """Where the agency has put its records for this review, and who may reach them."""

    review_agency = models.OneToOneField(
        ReviewAgency, on_delete=models.CASCADE, related_name="records_secured"
    )
    secured_on = models.DateField()
    location = models.TextField("where the records are held")
    who_may_access = models.TextField("who may access them")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Records secured by {self.review_agency}"


class PrivateRecord(models.Model):
    """A copy of a key record in the agency's private area of the review: encrypted, and seen
    only by the agency's representative and its nominees."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review_agency = models.ForeignKey(
        ReviewAgency, on_delete=models.CASCADE, related_name="private_records"
    )
    stored_file = models.OneToOneField(
        "documents.StoredFile", on_delete=models.PROTECT, related_name="private_record"
    )
    description = models.CharField(max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.description


# --- 6. alerts ------------------------------------------------------------------------------


class Alert(AboutPerson):
    """An alert 'subject to a rapid review' placed on one person's record in one system."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review_agency = models.ForeignKey(ReviewAgency, on_delete=models.CASCADE, related_name="alerts")
    system = models.CharField("system", max_length=200)
    placed_on = models.DateField()
    placed_by = models.CharField("placed by (name and role)", max_length=200)
    reviewed_on = models.DateField("alert reviewed at closure", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["placed_on", "pk"]
        constraints = [_subject_constraint("alert_about_one_person")]

    def __str__(self) -> str:
        return f"Alert on {self.system}"


# --- 8. staff support -----------------------------------------------------------------------


class StaffMember(models.Model):
    """A member of the agency's staff who had contact with the child or family. Only initials
    and role are kept; the register is visible only inside the agency."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review_agency = models.ForeignKey(ReviewAgency, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(max_length=200)
    initials = models.CharField(max_length=10)
    contact_with = models.CharField("had contact with", max_length=300)
    informed_on = models.DateField("date informed of the review", null=True, blank=True)
    support_offered = models.TextField(blank=True, default="")
    information_shared_on = models.DateField(null=True, blank=True)
    outcome_shared_on = models.DateField(null=True, blank=True)
    completed_review_shared_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name_plural = "staff members"

    def __str__(self) -> str:
        return f"{self.initials}, {self.role}"
