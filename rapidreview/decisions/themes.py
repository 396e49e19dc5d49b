"""Earlier reviews that share a learning theme with this one (DOMAIN.md §8): criterion (b) of
regulation 11 asks whether the case highlights recurrent themes, so the partners see, beside it,
the earlier reviews whose learning points were tagged with any of this review's themes.

A review's themes are those of its learning points (recorded at or after the meeting, from the
partnership's list). "Earlier" means convened before this review (on an earlier day, or earlier
on the same day). Only reviews the person may see are listed. Retired themes still count: they
were the partnership's words when the earlier review was recorded.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q

from rapidreview.access.policy import reviews_visible_to
from rapidreview.meetings.models import LearningPoint, LearningTheme
from rapidreview.reviews.models import RapidReview


@dataclass(frozen=True)
class EarlierReview:
    reference: str
    convened_on: date
    state: str  # in words, such as "Closed"
    outcome: str  # the decision's outcome in words, or "" if none is recorded
    themes: tuple[str, ...]  # the shared themes, in alphabetical order


def review_themes(review: RapidReview) -> list[str]:
    """The names of the themes of this review's learning points, in alphabetical order."""
    return list(
        LearningTheme.objects.filter(learning_points__review=review)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )


def earlier_reviews_sharing_themes(review: RapidReview, user: Any) -> list[EarlierReview]:
    """Reviews convened before `review` that `user` may see and whose learning points share a
    theme with its own, most recent first, each with the themes they share. Three queries,
    however many reviews there are."""
    theme_ids = LearningTheme.objects.filter(learning_points__review=review).values("pk")
    earlier = reviews_visible_to(user).filter(
        Q(convened_on__lt=review.convened_on) | Q(convened_on=review.convened_on, pk__lt=review.pk)
    )
    shared: dict[int, set[str]] = defaultdict(set)
    for review_id, theme in LearningPoint.themes.through.objects.filter(
        learningtheme__in=theme_ids, learningpoint__review__in=earlier.values("pk")
    ).values_list("learningpoint__review_id", "learningtheme__name"):
        shared[review_id].add(theme)
    if not shared:
        return []
    found = (
        RapidReview.objects.filter(pk__in=shared)
        .select_related("decision")
        .order_by("-convened_on", "-pk")
    )
    return [
        EarlierReview(
            reference=other.reference,
            convened_on=other.convened_on,
            state=other.get_state_display(),
            outcome=_outcome(other),
            themes=tuple(sorted(shared[other.pk])),
        )
        for other in found
    ]


def _outcome(review: RapidReview) -> str:
    decision = getattr(review, "decision", None)
    return decision.get_outcome_display() if decision is not None else ""
