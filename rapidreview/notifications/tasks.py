"""The queued task that delivers one email from the outbox (run by `rapidreview db_worker`)."""

from django_tasks import task

from .delivery import message_deliver


@task()
def outbox_deliver(message_id: int) -> str:
    """Send one outbox email; returns what happened ("sent", "retry", "failed" or "skipped")."""
    return message_deliver(message_id)
