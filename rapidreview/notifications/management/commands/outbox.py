"""`rapidreview outbox`: see and move the email outbox.

rapidreview outbox status            how many emails wait, were sent or could not be sent
rapidreview outbox sweep             queue a delivery task for each email past its time
rapidreview outbox deliver           send every email that is due now, in this process
rapidreview outbox retry ID... | --all-failed
                                     put emails that could not be sent back in the queue
"""

import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Min

from rapidreview.notifications.delivery import outbox_deliver_due, outbox_sweep
from rapidreview.notifications.models import OutboxMessage, OutboxState
from rapidreview.notifications.services import outbox_retry


class Command(BaseCommand):
    help = "See the email outbox, queue or send what is due, or retry emails that failed."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("status", help="count the outbox's emails by state")
        actions.add_parser("sweep", help="queue a delivery task for each email past its time")
        actions.add_parser("deliver", help="send every email that is due now, in this process")
        retry = actions.add_parser("retry", help="put failed emails back in the queue")
        retry.add_argument("public_ids", nargs="*", metavar="ID")
        retry.add_argument("--all-failed", action="store_true")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _status(self, **options):
        counts = dict(OutboxMessage.objects.values_list("state").annotate(Count("pk")).order_by())
        for state in OutboxState:
            self.stdout.write(f"{state.label}: {counts.get(state.value, 0)}")
        oldest = OutboxMessage.objects.filter(state=OutboxState.QUEUED).aggregate(
            Min("created_at")
        )["created_at__min"]
        if oldest:
            self.stdout.write(f"Oldest waiting since {oldest.isoformat(timespec='seconds')}")

    def _sweep(self, **options):
        self.stdout.write(f"{outbox_sweep()} emails queued for delivery")

    def _deliver(self, **options):
        outcomes = outbox_deliver_due()
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(summary or "Nothing is due")

    def _retry(self, *, public_ids: list[str], all_failed: bool, **options):
        if bool(public_ids) == all_failed:
            raise CommandError("Give the ids of the emails to retry, or --all-failed")
        messages = OutboxMessage.objects.filter(state=OutboxState.FAILED)
        if public_ids:
            try:
                ids = [uuid.UUID(public_id) for public_id in public_ids]
            except ValueError as error:
                raise CommandError(
                    "An email id looks like 0f8b2c3e-...: see the outbox page"
                ) from error
            messages = messages.filter(public_id__in=ids)
        count = outbox_retry(actor=None, messages=list(messages))
        self.stdout.write(f"{count} emails queued again")
