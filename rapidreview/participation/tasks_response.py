from typing import Any

from rapidreview.reviews.models import ReviewAgency

from .tasks import Task


def response_tasks(review_agency: ReviewAgency, user: Any) -> list[Task]:
    """Attendance, involvement and nominations."""
    return []
