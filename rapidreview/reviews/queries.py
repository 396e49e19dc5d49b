"""Read models for the dashboard, the review page and the notification page.

Each reads a fixed number of queries however many reviews there are (the tests hold them to
it): reviews with their incidents in one, the children's pseudonyms in one, the calendar once.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from rapidreview.access.policy import (
    Action,
    can,
    incidents_visible_to,
    intake_drafts_visible_to,
    reviews_visible_to,
)
from rapidreview.core.dates import long_date
from rapidreview.participation.reminders import open_escalations

from .clock import ClockRules, Key, Milestone, anchor_date, by_key, next_milestone, plan
from .intake import draft_stale_before
from .lifecycle import Step, blockers, steps_from
from .models import (
    MEETING_DONE_STATES,
    OPEN_STATES,
    Child,
    ClockAnchor,
    FamilyMember,
    Incident,
    IntakeDraft,
    RapidReview,
    ReviewAgency,
    State,
)

# What an open review waits for once every milestone is done.
WAITING_FOR = {
    State.SENT_TO_PANEL: "the Panel's response",
    State.PANEL_RESPONDED: "the review to be closed",
}


def _children_pseudonyms() -> Prefetch:
    return Prefetch(
        "incident__children",
        queryset=Child.objects.order_by("position").only(
            "id", "incident_id", "position", "pseudonym"
        ),
    )


def pseudonyms_of(incident: Incident) -> list[str]:
    return [child.pseudonym for child in incident.children.all()]


@dataclass(frozen=True)
class DashboardRow:
    review: RapidReview
    pseudonyms: list[str]
    next: Milestone | None
    panel: Milestone
    # Agencies escalated to their senior leaders for a duty still not done (shown only to those
    # who see every agency's progress; 0 for everyone else).
    escalated_agencies: int = 0

    @property
    def waiting_for(self) -> str:
        return WAITING_FOR.get(self.review.state, "")


@dataclass(frozen=True)
class Dashboard:
    rows: list[DashboardRow]
    awaiting_convening: list[Incident]
    drafts: list[IntakeDraft]
    can_log: bool


def _row(
    review: RapidReview, *, rules: ClockRules, today: date, escalations: dict[str, int]
) -> DashboardRow:
    milestones = plan(review.incident, review, rules=rules, today=today)
    return DashboardRow(
        review=review,
        pseudonyms=pseudonyms_of(review.incident),
        next=next_milestone(milestones),
        panel=by_key(milestones)[Key.PANEL],
        escalated_agencies=escalations.get(review.reference, 0),
    )


def open_reviews(user: Any) -> QuerySet[RapidReview]:
    return (
        reviews_visible_to(user)
        .filter(state__in=sorted(OPEN_STATES))
        .select_related("incident")
        .prefetch_related(_children_pseudonyms())
    )


def dashboard_for(user: Any, *, today: date) -> Dashboard:
    """Every open review `user` may see, the one due soonest first."""
    rules = ClockRules.from_settings()
    reviews = list(open_reviews(user))
    escalations = (
        open_escalations([review.reference for review in reviews])
        if can(user, Action.VIEW_PARTICIPATION)
        else {}
    )
    rows = [_row(review, rules=rules, today=today, escalations=escalations) for review in reviews]
    rows.sort(
        key=lambda row: (row.next.due if row.next else date.max, row.review.year, row.review.number)
    )
    can_log = can(user, Action.CREATE_INCIDENT)
    awaiting = list(
        incidents_visible_to(user)
        .filter(review__isnull=True)
        .prefetch_related(
            Prefetch(
                "children",
                queryset=Child.objects.order_by("position").only(
                    "id", "incident_id", "position", "pseudonym"
                ),
            )
        )
        .order_by("sin_submitted_date", "created_at")
    )
    drafts = (
        list(intake_drafts_visible_to(user).filter(updated_at__gte=draft_stale_before()))
        if can_log
        else []
    )
    return Dashboard(rows=rows, awaiting_convening=awaiting, drafts=drafts, can_log=can_log)


# --- one review -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    step: Step
    blockers: list[str]


@dataclass(frozen=True)
class ReviewPage:
    review: RapidReview
    incident: Incident
    children: list[Child]
    family: list[FamilyMember]
    agencies: list[ReviewAgency]
    milestones: list[Milestone]
    next: Milestone | None
    next_steps: list[NextStep]
    warnings: list[str]

    @property
    def pseudonyms(self) -> list[str]:
        return [child.pseudonym for child in self.children]

    @property
    def waiting_for(self) -> str:
        return WAITING_FOR.get(self.review.state, "")

    @property
    def anchor(self) -> str:
        """What the deadlines count from, in words: "The date the SIN was submitted (...)"."""
        day = anchor_date(self.incident, self.review.clock_anchor)
        label = ClockAnchor(self.review.clock_anchor).label
        return f"{label[:1].upper()}{label[1:]} ({long_date(day)})"


def review_page(review: RapidReview, *, today: date) -> ReviewPage:
    rules = ClockRules.from_settings()
    incident = review.incident
    milestones = plan(incident, review, rules=rules, today=today)
    return ReviewPage(
        review=review,
        incident=incident,
        children=list(incident.children.order_by("position")),
        family=list(incident.family.order_by("position")),
        agencies=list(review.agencies.select_related("agency").order_by("agency__name")),
        milestones=milestones,
        next=next_milestone(milestones),
        next_steps=[
            NextStep(step, blockers(review, step, today=today)) for step in steps_from(review.state)
        ],
        warnings=planning_warnings(review, by_key(milestones)),
    )


def planning_warnings(review: RapidReview, milestones: dict[Key, Milestone]) -> list[str]:
    """Plans that will miss a deadline, while there is still time to change them."""
    meeting = review.meeting_date
    if meeting is None or review.state in MEETING_DONE_STATES or review.state not in OPEN_STATES:
        return []
    latest = milestones[Key.MEETING].due
    panel_due = milestones[Key.PANEL].due
    if meeting >= panel_due:
        return [
            f"The meeting is planned for {long_date(meeting)}, on or after the date the review "
            f"is due at the Panel ({long_date(panel_due)}). The partners will not be able to "
            "sign it off in time."
        ]
    if meeting > latest:
        return [
            f"The meeting is planned for {long_date(meeting)}, after the latest date in the "
            f"timetable ({long_date(latest)}). That leaves less time for the partners to sign off."
        ]
    return []


@dataclass(frozen=True)
class IncidentPage:
    incident: Incident
    children: list[Child]
    family: list[FamilyMember]
    milestones: list[Milestone]


def incident_page(incident: Incident, *, today: date) -> IncidentPage:
    return IncidentPage(
        incident=incident,
        children=list(incident.children.order_by("position")),
        family=list(incident.family.order_by("position")),
        milestones=plan(incident, None, rules=ClockRules.from_settings(), today=today),
    )
