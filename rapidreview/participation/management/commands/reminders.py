"""`rapidreview reminders`: queue the reminders and escalations due today, once.

The periodic scheduler calls the same function every few minutes; running this as well, or
twice, sends nothing twice. The output holds counts only, never names.
"""

from django.core.management.base import BaseCommand, CommandError

from rapidreview.participation.reminders import reminders_send


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Command(BaseCommand):
    help = "Queue the reminders and escalations due today that have not been sent before."

    def handle(self, *args, **options) -> None:
        sent = reminders_send()
        self.stdout.write(
            f"Queued {_count(sent.reminders, 'reminder')} and "
            f"{_count(sent.escalations, 'escalation')}."
        )
        if sent.failed:
            raise CommandError(
                f"{_count(sent.failed, 'problem')} stopped some reminders (see the log). "
                "They are tried again on the next run."
            )
