"""Several processes appending at once still leave one unbroken chain.

On PostgreSQL the writers share the test database and the advisory lock serialises them. On
SQLite the in-memory test database cannot be shared between processes, so the same writers run
against a fresh database file (migrated for the purpose), where IMMEDIATE transactions do the
serialising. Threads would not be a real test on SQLite: the test database lives in memory with
a shared cache, where SQLite reports contention as an error instead of waiting for the lock.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from rapidreview.audit.models import AuditEvent

WRITERS = 4
EVENTS_EACH = 120
WRITER_SCRIPT = Path(__file__).with_name("append_events.py")
RAPIDREVIEW = Path(sys.executable).with_name("rapidreview")


def _postgres_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def _run(args: list[str], database_url: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=240, **kwargs)


def _stored_events(database_url: str, sqlite_file: Path | None) -> list[tuple[int, dict]]:
    if sqlite_file is None:
        return [(e.sequence, e.payload) for e in AuditEvent.objects.order_by("sequence")]
    with sqlite3.connect(sqlite_file) as db:
        rows = db.execute("SELECT sequence, payload FROM audit_auditevent ORDER BY sequence")
        return [(sequence, json.loads(payload)) for sequence, payload in rows]


def test_concurrent_writers_in_separate_processes_keep_the_chain_intact(transactional_db, tmp_path):
    if connection.vendor == "postgresql":
        sqlite_file = None
        database_url = _postgres_url()
    else:
        sqlite_file = tmp_path / "concurrent.sqlite3"
        database_url = f"sqlite:///{sqlite_file}"
        migrated = _run([str(RAPIDREVIEW), "migrate", "--noinput"], database_url)
        assert migrated.returncode == 0, migrated.stderr

    start_at = time.time() + 3  # time for every writer to start Python and Django first
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                str(WRITER_SCRIPT),
                f"w{number}",
                str(EVENTS_EACH),
                str(start_at),
                str(WRITERS),
            ],
            env={**os.environ, "DATABASE_URL": database_url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(WRITERS)
    ]
    for writer in writers:
        _, errors = writer.communicate(timeout=240)
        assert writer.returncode == 0, errors

    verified = _run([str(RAPIDREVIEW), "audit", "verify", "--batch-size", "97"], database_url)
    total = WRITERS * EVENTS_EACH
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.splitlines()[0] == f"{total} events, chain intact"

    events = _stored_events(database_url, sqlite_file)
    assert [sequence for sequence, _ in events] == list(range(1, total + 1))
    for number in range(WRITERS):
        written = [p["n"] for _, p in events if p["writer"] == f"w{number}"]
        assert written == list(range(1, EVENTS_EACH + 1))
    # The writers really did take turns, rather than one finishing before the next began: each
    # wrote its first event before any wrote its second, so the writer changes at least
    # WRITERS - 1 times at the start and again WRITERS - 1 times after it.
    writer_switches = sum(
        1 for (_, a), (_, b) in zip(events, events[1:], strict=False) if a["writer"] != b["writer"]
    )
    assert writer_switches >= 2 * (WRITERS - 1)
