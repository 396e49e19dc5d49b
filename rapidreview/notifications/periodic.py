"""Jobs that run on their own (reminders, the outbox sweeper): settings.PERIODIC_JOBS, each a
dotted path to a function taking no arguments, run every PERIODIC_JOBS_MINUTES by
`rapidreview periodic --every N` (which `rapidreview serve` starts).

One job failing, or not existing yet, never stops the others. The paths come from settings, so
they are written into log messages whole (the log filter drops free-text arguments); a failure's
traceback is logged without the exception's message (rapidreview/core/logging.py).
"""

import logging

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def periodic_jobs_run(paths: list[str] | None = None) -> dict[str, str]:
    """Run each job once; returns each job's outcome: "done", "missing" or "failed"."""
    outcomes: dict[str, str] = {}
    for path in settings.PERIODIC_JOBS if paths is None else paths:
        close_old_connections()
        try:
            job = import_string(path)
        except ImportError:
            logger.warning(f"Periodic job {path} skipped: it cannot be imported")
            outcomes[path] = "missing"
            continue
        try:
            job()
        except Exception:  # one job's failure must not stop the others
            logger.exception(f"Periodic job {path} failed")
            outcomes[path] = "failed"
        else:
            outcomes[path] = "done"
    close_old_connections()
    return outcomes
