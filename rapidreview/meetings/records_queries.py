"""Reading what the meeting recorded: each list in the order its page shows it, with what the
page needs fetched up front (the number of queries does not grow with the list)."""

from datetime import date

from django.db.models import Count

from rapidreview.core import calendar
from rapidreview.reviews.models import RapidReview

from .models import (
    ActionStatus,
    Challenge,
    LearningPoint,
    LearningTheme,
    ParallelProcess,
    SafeguardingAction,
)


def challenges_of(review: RapidReview) -> list[Challenge]:
    rows = review.challenges.select_related("raised_by__agency", "raised_with__agency")
    return _on(review, rows)


def is_overdue(action: SafeguardingAction, today: date) -> bool:
    return action.status != ActionStatus.DONE and action.due_on < today


def actions_of(review: RapidReview) -> list[SafeguardingAction]:
    rows = review.safeguarding_actions.select_related("owner__agency", "child", "family_member")
    today = calendar.today()
    found = _on(review, rows)
    for action in found:
        action.overdue = is_overdue(action, today)
    return found


def learning_of(review: RapidReview) -> list[LearningPoint]:
    rows = review.learning_points.select_related("agency__agency").prefetch_related("themes")
    return _on(review, rows)


def processes_of(review: RapidReview) -> list[ParallelProcess]:
    return _on(review, review.parallel_processes.select_related("lead_agency"))


def themes_with_use() -> list[LearningTheme]:
    """Every theme, active first, each with the number of learning points tagged with it."""
    return list(
        LearningTheme.objects.annotate(uses=Count("learning_points")).order_by("-is_active", "name")
    )


def _on(review: RapidReview, rows) -> list:
    found = list(rows)
    for row in found:
        row.review = review
    return found
