"""Email through the real task backend and the real worker (`rapidreview db_worker`) to a real
SMTP server: an outage is waited out with nothing lost, and two workers at once send each email
once.

The workers are separate processes sharing one database, as in production. On PostgreSQL that is
the test database; on SQLite, whose in-memory test database cannot be shared between processes,
a database file migrated once for these tests (as tests/audit/test_concurrency.py does).
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from rapidreview.core.mailsink import start_sink

from ..audit.test_concurrency import _postgres_url
from ..conftest import _free_port

SCRIPT = Path(__file__).with_name("outbox_script.py")
RAPIDREVIEW = Path(sys.executable).with_name("rapidreview")
RETRY_SECONDS = 2


@pytest.fixture(scope="module")
def migrated_sqlite_file(tmp_path_factory, django_db_setup, django_db_blocker):
    if connection.vendor == "postgresql":
        return None
    path = tmp_path_factory.mktemp("outbox") / "migrated.sqlite3"
    migrated = subprocess.run(
        [str(RAPIDREVIEW), "migrate", "--noinput"],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{path}"},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert migrated.returncode == 0, migrated.stderr
    return path


@pytest.fixture
def shared_database(transactional_db, migrated_sqlite_file, tmp_path) -> str:
    """A DATABASE_URL every process of the test can use, empty of email."""
    if migrated_sqlite_file is None:
        return _postgres_url()
    path = tmp_path / "outbox.sqlite3"
    shutil.copy(migrated_sqlite_file, path)
    return f"sqlite:///{path}"


class Processes:
    def __init__(self, database_url: str, smtp_port: int):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_RETRY_BASE_SECONDS": str(RETRY_SECONDS),
        }

    def worker(self, *options: str) -> subprocess.Popen:
        args = [str(RAPIDREVIEW), "db_worker", "--no-reload", "--no-startup-delay", *options]
        return subprocess.Popen(
            args, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def worker_finishes(self, worker: subprocess.Popen) -> None:
        output, _ = worker.communicate(timeout=240)
        assert worker.returncode == 0, output
        assert "@example.invalid" not in output  # no address in the worker's log

    def run_ready_tasks(self) -> None:
        """A worker runs every task that is ready, then stops (--batch)."""
        self.worker_finishes(self.worker("--batch"))

    def script(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(SCRIPT), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def report(self) -> dict:
        return json.loads(self.script("report"))

    def command(self, *args: str) -> str:
        done = subprocess.run(
            [str(RAPIDREVIEW), *args], env=self.env, capture_output=True, text=True, timeout=240
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


def subjects(handler) -> list[str]:
    return sorted(message["Subject"] for message in handler.messages)


def test_emails_wait_out_an_smtp_outage_and_are_then_delivered_once_each(shared_database):
    port = _free_port()  # nothing listens here yet: the SMTP server is down
    processes = Processes(shared_database, port)
    processes.script("queue", "3")

    processes.run_ready_tasks()
    during = processes.report()
    assert during["states"] == {"queued": 3}
    assert during["attempts"] == [1, 1, 1]
    assert len(during["errors"]) == 1 and "ConnectionRefusedError" in during["errors"][0]
    assert "@" not in during["errors"][0]
    assert during["task_outcomes"] == {"retry": 3, "None": 3}  # a retry each, not yet due
    assert "Waiting to be sent: 3" in processes.command("outbox", "status")

    controller, handler = start_sink(port=port)  # the SMTP server is back
    try:
        time.sleep(RETRY_SECONDS + 0.5)  # the retries fall due
        processes.run_ready_tasks()
        assert subjects(handler) == ["Outbox test 1", "Outbox test 2", "Outbox test 3"]
        after = processes.report()
        assert after["states"] == {"sent": 3}
        assert after["attempts"] == [2, 2, 2]

        # Nothing is sent twice: not by the sweeper, nor by another worker.
        time.sleep(1)
        assert "Nothing is due" in processes.command("outbox", "deliver")
        processes.command("outbox", "sweep")
        processes.run_ready_tasks()
        assert len(handler.messages) == 3
    finally:
        controller.stop()


def test_invitations_wait_out_an_smtp_outage_and_each_agency_gets_one(shared_database):
    port = _free_port()  # the SMTP server is down when the co-ordinator invites
    processes = Processes(shared_database, port)
    reference = processes.script("invite", "4").strip()

    processes.run_ready_tasks()
    waiting = processes.report()
    assert waiting["states"] == {"queued": 4}
    assert waiting["attempts"] == [1, 1, 1, 1]

    controller, handler = start_sink(port=port)
    try:
        time.sleep(RETRY_SECONDS + 0.5)
        processes.run_ready_tasks()
        processes.command("outbox", "sweep")
        processes.run_ready_tasks()
        recipients = sorted(to for message in handler.messages for to in message["To"].split(","))
        assert recipients == [f"rep{n}@example.invalid" for n in range(1, 5)]
        assert all(reference in message["Subject"] for message in handler.messages)
        assert processes.report()["states"] == {"sent": 4}
    finally:
        controller.stop()


def test_two_workers_at_once_send_each_email_once(shared_database):
    port = _free_port()
    controller, handler = start_sink(port=port)
    processes = Processes(shared_database, port)
    # Both workers are polling before the first email is queued, so they meet on the emails.
    workers = [processes.worker("--interval", "0.1") for _ in range(2)]
    try:
        # Two delivery tasks for every email, so the workers also meet on the same email.
        processes.script("queue", "40", "2")
        give_up_at = time.monotonic() + 120
        while (report := processes.report())["task_statuses"] != {"SUCCESSFUL": 80}:
            assert time.monotonic() < give_up_at, report
            time.sleep(0.5)
    finally:
        for worker in workers:
            worker.terminate()  # a worker between tasks stops at once, cleanly
        for worker in workers:
            processes.worker_finishes(worker)
        controller.stop()
    assert subjects(handler) == sorted(f"Outbox test {number}" for number in range(1, 41))
    assert report["states"] == {"sent": 40}
    assert report["attempts"] == [1] * 40
    assert report["task_outcomes"] == {"sent": 40, "skipped": 40}
    assert len(report["workers"]) == 2  # both workers ran tasks
