"""Reading the outbox for the partnership team: what is waiting, sent or could not be sent.
Never the bodies or the addresses."""

from django.db.models import Count, QuerySet

from .models import OutboxMessage, OutboxState

SHOWN = 100


def outbox_counts() -> dict[str, int]:
    counts = dict(OutboxMessage.objects.values_list("state").annotate(Count("pk")).order_by())
    return {state.value: counts.get(state.value, 0) for state in OutboxState}


def outbox_recent(state: str | None = None) -> QuerySet[OutboxMessage]:
    """The newest emails (at most SHOWN), of one state if given, without their text."""
    messages = OutboxMessage.objects.defer("body", "subject", "recipients")
    if state:
        messages = messages.filter(state=state)
    return messages.order_by("-created_at", "-pk")[:SHOWN]
