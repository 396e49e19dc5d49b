"""`rapidreview periodic`: run the periodic jobs once, or with --every N, every N minutes until
stopped (SIGTERM or Ctrl+C stops it between runs)."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rapidreview.notifications.periodic import periodic_jobs_run


class Command(BaseCommand):
    help = "Run the periodic jobs (settings.PERIODIC_JOBS) once, or every N minutes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            metavar="MINUTES",
            help=f"run again every MINUTES (PERIODIC_JOBS_MINUTES is {settings.PERIODIC_JOBS_MINUTES})",
        )

    def handle(self, *args, every: float | None, **options):
        if every is not None and every <= 0:
            raise CommandError("--every must be more than 0 minutes")
        stopping = threading.Event()
        if every is not None:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stopping.set())
        while True:
            for path, outcome in periodic_jobs_run().items():
                if options["verbosity"] > 1 or every is None:
                    self.stdout.write(f"{path}: {outcome}")
            if every is None or stopping.wait(every * 60):
                return
