"""One concurrent writer for test_concurrency: appends events to the database in DATABASE_URL.

    python tests/audit/append_events.py WRITER COUNT START_AT WRITERS

Waits until START_AT (a Unix time) so every writer begins together, then appends COUNT events:
most in a transaction of their own, every fifth as a pair inside one outer transaction (as a
service that writes two events does). After its first event each writer waits until all WRITERS
have written one, so the writers are certain to interleave however busy the machine is.
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapidreview.settings")
django.setup()

from django.db import transaction  # noqa: E402

from rapidreview.audit.models import AuditEvent, Verb  # noqa: E402
from rapidreview.audit.services import audit_record  # noqa: E402


def wait_for_every_writer(writers: int) -> None:
    give_up_at = time.time() + 120
    while AuditEvent.objects.count() < writers:
        if time.time() > give_up_at:
            raise SystemExit("the other writers never wrote their first event")
        time.sleep(0.01)


def main(writer: str, count: int, start_at: float, writers: int) -> None:
    time.sleep(max(0.0, start_at - time.time()))
    audit_record(actor=None, verb=Verb.PAGE_VIEWED, payload={"writer": writer, "n": 1})
    wait_for_every_writer(writers)
    number = 1
    while number < count:
        if number % 5 == 4 and number + 1 < count:
            with transaction.atomic():
                for _ in range(2):
                    number += 1
                    audit_record(
                        actor=None, verb=Verb.PAGE_VIEWED, payload={"writer": writer, "n": number}
                    )
        else:
            number += 1
            audit_record(actor=None, verb=Verb.PAGE_VIEWED, payload={"writer": writer, "n": number})


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))
