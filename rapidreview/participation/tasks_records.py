from typing import Any

from rapidreview.reviews.models import ReviewAgency

from .tasks import Task


def records_tasks(review_agency: ReviewAgency, user: Any) -> list[Task]:
    """Documentation read, records secured, private area, alerts and staff register."""
    return []
