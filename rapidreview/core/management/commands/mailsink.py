import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from rapidreview.core.mailsink import start_sink


class Command(BaseCommand):
    help = "Run a local SMTP sink that saves every message to var/mail/ (for the demo)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=1025)
        parser.add_argument("--directory", default=str(settings.BASE_DIR / "var" / "mail"))

    def handle(self, *args, port: int, directory: str, **options):
        controller, _ = start_sink(port=port, directory=Path(directory))
        self.stdout.write(f"Mail sink listening on 127.0.0.1:{port}; messages go to {directory}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
