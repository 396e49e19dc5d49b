"""The agency's task list for one review (GOV.UK task list pattern): one row per duty in the seed
note, each with its status and a link. The rows come from the two halves of the agency's work,
each of which knows its own models."""

from dataclasses import dataclass
from typing import Any

from rapidreview.reviews.models import ReviewAgency


class TaskStatus:
    COMPLETED = "Completed"
    IN_PROGRESS = "In progress"
    NOT_STARTED = "Not yet started"
    CANNOT_START = "Cannot start yet"
    NOT_NEEDED = "Not needed"


@dataclass(frozen=True)
class Task:
    key: str  # stable identifier, e.g. "attendance"
    title: str  # "Confirm attendance"
    status: str  # a TaskStatus value
    url: str | None = None  # None when the user cannot open it (status says why)
    hint: str = ""  # one short line under the title


def agency_tasks(review_agency: ReviewAgency, user: Any) -> list[Task]:
    """Every task for `user` working on `review_agency`, in the order the seed note gives."""
    from .tasks_records import records_tasks
    from .tasks_response import response_tasks

    return [*response_tasks(review_agency, user), *records_tasks(review_agency, user)]
