"""Run the demo: the web server, the local mail sink, the task worker that delivers the outbox's
email, and the periodic jobs (reminders), together. Stops them all on Ctrl+C."""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the app with gunicorn on 127.0.0.1 beside a mail sink, the worker and the jobs."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--smtp-port", type=int, default=1025)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, port: int, smtp_port: int, workers: int, **options):
        python = sys.executable
        manage = [python, "-m", "rapidreview.manage"]
        every = str(settings.PERIODIC_JOBS_MINUTES)
        processes = [
            subprocess.Popen(  # noqa: S603 - fixed arguments, no user input
                [*manage, "mailsink", "--port", str(smtp_port)]
            ),
            subprocess.Popen([*manage, "db_worker", "--no-reload", "--interval", "1"]),  # noqa: S603
            subprocess.Popen([*manage, "periodic", "--every", every]),  # noqa: S603
            subprocess.Popen(  # noqa: S603
                [
                    python,
                    "-m",
                    "gunicorn",
                    "rapidreview.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--access-logfile",
                    "-",
                    "--access-logformat",
                    '%(t)s "%(m)s %(U)s" %(s)s %(M)sms',
                ]
            ),
        ]

        def stop(*_):
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in processes:
                process.wait(timeout=10)
