"""The task list's rows for the second half of the agency's work: reading the documentation,
securing records, the private area, alerts (and reviewing them at closure) and the staff
register. Links go to pages the user may open; those who only read (a senior leader) get the
read-only pages."""

from typing import Any

from django.urls import reverse

from rapidreview.access.policy import Action, can
from rapidreview.reviews.models import ReviewAgency

from . import records_queries as queries
from .tasks import Task, TaskStatus


def _url(name: str, review_agency: ReviewAgency) -> str:
    return reverse(f"participation:{name}", kwargs={"reference": review_agency.review.reference})


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _documents_task(review_agency: ReviewAgency, user: Any, acts: bool) -> Task:
    # Someone who confirms reading is judged on their own reads; a reader (senior leader) sees
    # whether anyone in the agency has read each document.
    if acts:
        count = queries.documents_read_by_user(review_agency, user)
    else:
        count = queries.documents_read_by_agency(review_agency)
    url = _url("documents", review_agency)
    if count.total == 0:
        return Task(
            "documents",
            "Read the documentation",
            TaskStatus.CANNOT_START,
            url,
            "The partnership team has not added any documents yet",
        )
    if count.read == count.total:
        status = TaskStatus.COMPLETED
    elif count.read:
        status = TaskStatus.IN_PROGRESS
    else:
        status = TaskStatus.NOT_STARTED
    hint = f"{count.read} of {_plural(count.total, 'document')} confirmed as read"
    return Task("documents", "Read the documentation", status, url, hint)


def _records_task(review_agency: ReviewAgency) -> Task:
    secured = queries.records_are_secured(review_agency)
    return Task(
        "records",
        "Secure records",
        TaskStatus.COMPLETED if secured else TaskStatus.NOT_STARTED,
        _url("records_secured", review_agency),
        "Record when, where and who may access them",
    )


def _private_task(review_agency: ReviewAgency) -> Task:
    count = queries.private_record_count(review_agency)
    return Task(
        "private_records",
        "Private area (optional)",
        TaskStatus.COMPLETED if count else TaskStatus.NOT_STARTED,
        _url("private_records", review_agency),
        f"{_plural(count, 'record')} kept, seen only by you and your nominees"
        if count
        else "Copies of key records, seen only by you and your nominees",
    )


def _alerts_tasks(review_agency: ReviewAgency, user: Any) -> list[Task]:
    rows = queries.alerts_by_person(review_agency)
    with_alert = sum(1 for row in rows if row.alerts)
    if rows and with_alert == len(rows):
        status = TaskStatus.COMPLETED
    elif with_alert:
        status = TaskStatus.IN_PROGRESS
    else:
        status = TaskStatus.NOT_STARTED
    url = _url("alerts", review_agency)
    hint = f"{with_alert} of {_plural(len(rows), 'named individual')} with an alert"
    tasks = [Task("alerts", "Record alerts", status, url, hint)]
    to_review = queries.alerts_to_review(review_agency).count()
    if not review_agency.review.is_open and to_review:
        may = can(user, Action.RECORD_ALERTS_REVIEWED, review_agency)
        tasks.append(
            Task(
                "alerts_review",
                "Review your alerts",
                TaskStatus.NOT_STARTED,
                _url("alerts_reviewed", review_agency) if may else url,
                f"The review is closed: {_plural(to_review, 'alert')} not yet reviewed",
            )
        )
    return tasks


def _staff_task(review_agency: ReviewAgency) -> Task:
    count = queries.staff_count(review_agency)
    if count.recorded == 0:
        status, hint = TaskStatus.NOT_STARTED, "Inform and support staff who knew the family"
    else:
        done = count.informed == count.recorded
        status = TaskStatus.COMPLETED if done else TaskStatus.IN_PROGRESS
        hint = f"{count.informed} of {_plural(count.recorded, 'member')} of staff informed"
    return Task("staff", "Support staff", status, _url("staff", review_agency), hint)


def records_tasks(review_agency: ReviewAgency, user: Any) -> list[Task]:
    """Documentation read, records secured, private area, alerts and staff register."""
    acts = can(user, Action.ACT_FOR_AGENCY, review_agency)
    tasks = [_documents_task(review_agency, user, acts), _records_task(review_agency)]
    if can(user, Action.VIEW_PRIVATE_RECORDS, review_agency):
        tasks.append(_private_task(review_agency))
    tasks += _alerts_tasks(review_agency, user)
    if can(user, Action.VIEW_STAFF_REGISTER, review_agency):
        tasks.append(_staff_task(review_agency))
    return tasks
