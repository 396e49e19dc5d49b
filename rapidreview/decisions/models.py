"""The decision, the partners' sign-off, the report to the National Panel, the Panel's response
and sharing the outcome with the agencies (DOMAIN.md §6–8).

The `Decision` records each regulation 11 criterion (SI 2018/789) as met, not met or unclear
with reasoning, the outcome, a rationale and the partners' view on a national review. Its
`version` is bumped by every change; a `PartnerSignOff` is given against one version, so a
decision changed after sign-off needs signing again (sign-offs of older versions stay as history).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from rapidreview.accounts.models import StatutoryPartner
from rapidreview.reviews.models import RapidReview, ReviewAgency


class Assessment(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    UNCLEAR = "unclear", "Unclear"


# Regulation 11 criteria, keyed by letter. Field names on Decision: criterion_<letter> and
# criterion_<letter>_reasoning.
CRITERIA = {
    "a": "The case highlights or may highlight improvements needed to safeguard and promote the "
    "welfare of children, including where those improvements have been identified before",
    "b": "The case highlights or may highlight recurrent themes in the safeguarding and promotion "
    "of the welfare of children",
    "c": "The case highlights or may highlight concerns regarding two or more organisations or "
    "agencies working together effectively to safeguard and promote the welfare of children",
    "d": "The case is one which the Child Safeguarding Practice Review Panel have considered and "
    "concluded a local review may be more suitable",
}


class Outcome(models.TextChoices):
    NO_FURTHER_REVIEW = (
        "no_further_review",
        "No further review: the rapid review is the learning product",
    )
    LCSPR = "lcspr", "Commission a local child safeguarding practice review (LCSPR)"
    NATIONAL = "national", "Recommend a national review to the Panel"
    ALTERNATIVE = "alternative", "An alternative learning route"
    NOT_SERIOUS_INCIDENT = "not_serious_incident", "Not a serious incident after all"


class AlternativeRoute(models.TextChoices):
    SINGLE_AGENCY = "single_agency", "Single-agency review"
    MULTI_AGENCY_AUDIT = "multi_agency_audit", "Multi-agency audit"
    PRACTITIONER_EVENT = "practitioner_event", "Practitioner learning event"
    APPRECIATIVE_INQUIRY = "appreciative_inquiry", "Appreciative inquiry"
    THEMATIC = "thematic", "Thematic review"
    JOINT_REVIEW = "joint_review", "Joint review with a domestic homicide or adult review"


class NationalView(models.TextChoices):
    MAY_MERIT = "may_merit", "The case may merit a national review"
    DOES_NOT = "does_not", "The case does not merit a national review"


class Decision(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.OneToOneField(RapidReview, on_delete=models.CASCADE, related_name="decision")
    criterion_a = models.CharField(max_length=10, choices=Assessment.choices)
    criterion_a_reasoning = models.TextField()
    criterion_b = models.CharField(max_length=10, choices=Assessment.choices)
    criterion_b_reasoning = models.TextField()
    criterion_c = models.CharField(max_length=10, choices=Assessment.choices)
    criterion_c_reasoning = models.TextField()
    criterion_d = models.CharField(max_length=10, choices=Assessment.choices)
    criterion_d_reasoning = models.TextField()
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    rationale = models.TextField()
    national_view = models.CharField(
        "the partners' view on a national review", max_length=10, choices=NationalView.choices
    )
    national_view_reasoning = models.TextField(blank=True, default="")
    alternative_route = models.CharField(
        max_length=30, choices=AlternativeRoute.choices, blank=True, default=""
    )
    alternative_detail = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="decision_has_rationale"),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.ALTERNATIVE) | ~Q(alternative_route=""),
                name="decision_alternative_has_route",
            ),
        ]

    def __str__(self) -> str:
        return f"Decision on {self.review}"


class PartnerSignOff(models.Model):
    """One safeguarding partner's (or delegate's) sign-off of one version of the decision."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="sign_offs")
    partner = models.CharField(max_length=20, choices=StatutoryPartner.choices)
    decision_version = models.PositiveIntegerField()
    agrees = models.BooleanField()
    comment = models.TextField(blank=True, default="")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_name = models.CharField(max_length=200)
    signed_role = models.CharField(max_length=200)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "partner", "decision_version"],
                name="sign_off_once_per_partner_per_version",
            ),
            models.CheckConstraint(
                condition=Q(agrees=True) | ~Q(comment=""), name="sign_off_dissent_has_comment"
            ),
        ]

    def __str__(self) -> str:
        return f"Sign-off {self.public_id}"


class PanelResponseKind(models.TextChoices):
    AGREES = "agrees", "Agrees with the local decision"
    DISAGREES = "disagrees", "Disagrees with the local decision"
    MORE_INFORMATION = "more_information", "Asks for more information"
    NATIONAL_REVIEW = "national_review", "Will carry out a national review"


class PanelSubmission(models.Model):
    """Sending the signed-off rapid review to the National Panel, and the Panel's response. The
    dates are mirrored to RapidReview (sent_to_panel_on, panel_responded_on) by the lifecycle."""

    review = models.OneToOneField(
        RapidReview, on_delete=models.CASCADE, related_name="panel_submission"
    )
    sent_on = models.DateField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    response = models.CharField(
        max_length=20, choices=PanelResponseKind.choices, blank=True, default=""
    )
    response_on = models.DateField(null=True, blank=True)
    response_text = models.TextField(blank=True, default="")
    response_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(response="") | Q(response_on__isnull=False),
                name="panel_response_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"Sent to the Panel: {self.review}"


class OutcomeShare(models.Model):
    """The completed rapid review shared with one participating agency, and the agency's
    confirmation that it has shared it with its staff."""

    review_agency = models.OneToOneField(
        ReviewAgency, on_delete=models.CASCADE, related_name="outcome_share"
    )
    shared_at = models.DateTimeField(default=timezone.now)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    staff_told_on = models.DateField(null=True, blank=True)
    staff_told_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Outcome shared with {self.review_agency}"


# The narrative sections of the report that the partnership team writes (DOMAIN.md §7), in the
# order the report shows them: field name -> heading.
NARRATIVE_SECTIONS = {
    "case_summary": "Case summary",
    "key_practice_episodes": "Key practice episodes",
    "lived_experience": "The child's lived experience and voice",
    "context_equality_identity": "Context, equality and identity",
    "went_well": "What went well",
    "must_improve": "What must improve",
    "multi_agency_working": "Multi-agency working",
    "immediate_learning": "Immediate learning and actions already taken",
}


class ReportText(models.Model):
    """What the partnership team writes for the report to the Panel. Written with pseudonyms
    and roles: the anonymisation check refuses a report that names anyone on the review."""

    review = models.OneToOneField(RapidReview, on_delete=models.CASCADE, related_name="report_text")
    case_summary = models.TextField(blank=True, default="")
    key_practice_episodes = models.TextField(blank=True, default="")
    lived_experience = models.TextField(blank=True, default="")
    context_equality_identity = models.TextField(blank=True, default="")
    went_well = models.TextField(blank=True, default="")
    must_improve = models.TextField(blank=True, default="")
    multi_agency_working = models.TextField(blank=True, default="")
    immediate_learning = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Report text for {self.review}"
