"""The outbox seen from another process, for test_worker: queues emails in, or reports on, the
database in DATABASE_URL (shared with the workers under test).

    python tests/notifications/outbox_script.py queue COUNT [COPIES]
        queue COUNT emails ("Outbox test 1", ...), each with COPIES delivery tasks (as when the
        sweeper queues another for an email whose task it thinks lost)
    python tests/notifications/outbox_script.py invite COUNT
        convene a review and invite COUNT agencies to it, each with one representative
    python tests/notifications/outbox_script.py report
        print the outbox and the task results as JSON
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapidreview.settings")
django.setup()
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # for the tests' own factories

from django.db import transaction  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from rapidreview.notifications.delivery import delivery_enqueue  # noqa: E402
from rapidreview.notifications.models import OutboxMessage, Purpose  # noqa: E402
from rapidreview.notifications.services import email_queue  # noqa: E402


def queue(count: int, copies: int) -> None:
    for number in range(1, count + 1):
        with transaction.atomic():
            message = email_queue(
                actor=None,
                recipients=[f"rep{number}@example.invalid"],
                subject=f"Outbox test {number}",
                body="A reminder about rapid review RR-2027-001.",
                purpose=Purpose.REMINDER,
                review_reference="RR-2027-001",
            )
        for _ in range(copies - 1):
            delivery_enqueue(message.pk)


def invite(count: int) -> None:
    from rapidreview.accounts.models import Agency, AgencyType, Role
    from rapidreview.core import calendar
    from rapidreview.participation.invitations import agencies_invite
    from tests.factories import make_user
    from tests.reviews.factories import make_incident, make_review

    # A transactional test before this one may have emptied the bank holidays the clock needs.
    calendar.load_bank_holidays(2012, 2040)
    team = make_user(Role.PARTNERSHIP_TEAM, full_name="Pat Team", email="team@example.invalid")
    review = make_review(make_incident(team, family=("Mother",)), convened_by=team)
    agencies = []
    for number in range(1, count + 1):
        agency = Agency.objects.create(
            name=f"Invented agency {number}", agency_type=AgencyType.OTHER
        )
        make_user(Role.AGENCY_REPRESENTATIVE, agency, email=f"rep{number}@example.invalid")
        agencies.append(agency)
    agencies_invite(actor=team, review=review, agencies=agencies)
    print(review.reference)


def report() -> dict:
    messages = OutboxMessage.objects.order_by("pk")
    tasks = DBTaskResult.objects.all()
    return {
        "states": dict(Counter(messages.values_list("state", flat=True))),
        "attempts": list(messages.values_list("attempts", flat=True)),
        "errors": sorted(set(messages.values_list("last_error", flat=True))),
        "task_outcomes": dict(Counter(str(task.return_value) for task in tasks)),
        "task_statuses": dict(Counter(tasks.values_list("status", flat=True))),
        "workers": sorted({worker for task in tasks for worker in task.worker_ids}),
    }


if __name__ == "__main__":
    if sys.argv[1] == "queue":
        queue(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    elif sys.argv[1] == "invite":
        invite(int(sys.argv[2]))
    else:
        print(json.dumps(report()))
