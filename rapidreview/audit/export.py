"""The audit trail as CSV, streamed a batch at a time so a large export never sits in memory."""

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from rapidreview.core.dates import UK_TIME

from .models import AuditEvent

BATCH_SIZE = 2000

HEADER = [
    "Event",
    "Time (UK)",
    "Name",
    "Email address",
    "Agency",
    "Role",
    "What happened",
    "Verb",
    "Target type",
    "Target",
    "Review",
    "IP address",
    "Browser",
    "Request",
    "Details",
    "Hash",
]

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """Text for one cell, with a leading quote wherever a spreadsheet would see a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _row(event: AuditEvent) -> list[str]:
    actor = event.actor
    return [
        safe_cell(value)
        for value in (
            event.sequence,
            event.occurred_at.astimezone(UK_TIME).isoformat(),
            actor.full_name if actor else "",
            actor.email if actor else "",
            event.actor_agency.name if event.actor_agency else "",
            event.actor_role,
            event.get_verb_display(),
            event.verb,
            event.target_type,
            event.target_id,
            event.review_reference,
            event.ip_address,
            event.user_agent,
            event.request_id,
            json.dumps(event.payload, sort_keys=True, ensure_ascii=False) if event.payload else "",
            event.hash,
        )
    ]


class _Line:
    """A file-like target for csv.writer that hands back what was written."""

    def write(self, value: str) -> str:
        return value


def csv_lines(events: QuerySet[AuditEvent], *, batch_size: int = BATCH_SIZE) -> Iterator[str]:
    """Yield the CSV a line at a time: a byte-order mark (so Excel reads UTF-8), the header,
    then the events in the queryset's newest-first order, read by keyset on `sequence`."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(HEADER)
    before = None
    while True:
        batch_query = events if before is None else events.filter(sequence__lt=before)
        batch = list(batch_query.order_by("-sequence")[:batch_size])
        if not batch:
            return
        for event in batch:
            yield writer.writerow(_row(event))
        before = batch[-1].sequence
