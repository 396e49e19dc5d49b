"""Periodic jobs run on their own: each once per run, a missing or failing one never stopping the
others, and nothing from a failure's message in the log."""

import io
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from rapidreview.notifications.periodic import periodic_jobs_run

from . import jobs

MISSING = "rapidreview.participation.not_written_yet.job"
RAPIDREVIEW = Path(sys.executable).with_name("rapidreview")


@pytest.fixture(autouse=True)
def fresh_jobs():
    jobs.ran.clear()


@pytest.mark.django_db
def test_every_job_runs_though_one_is_missing_and_one_fails(settings, caplog):
    settings.PERIODIC_JOBS = [
        MISSING,
        "tests.notifications.jobs.job_fails",
        "tests.notifications.jobs.job_records_it_ran",
    ]
    caplog.set_level(logging.WARNING)
    outcomes = periodic_jobs_run()
    assert outcomes == {
        MISSING: "missing",
        "tests.notifications.jobs.job_fails": "failed",
        "tests.notifications.jobs.job_records_it_ran": "done",
    }
    assert jobs.ran == ["ran"]
    messages = [record.getMessage() for record in caplog.records]
    assert f"Periodic job {MISSING} skipped: it cannot be imported" in messages
    assert "Periodic job tests.notifications.jobs.job_fails failed" in messages


@pytest.mark.django_db
def test_a_failing_jobs_message_stays_out_of_the_log(settings):
    """Through the service's own log handler and its filter (settings.LOGGING)."""
    settings.PERIODIC_JOBS = ["tests.notifications.jobs.job_fails"]
    (console,) = [h for h in logging.getLogger().handlers if h.filters]
    logged = io.StringIO()
    previous = console.setStream(logged)
    try:
        periodic_jobs_run()
    finally:
        console.setStream(previous)
    assert "job_fails failed" in logged.getvalue()
    assert "ValueError" in logged.getvalue()  # the traceback is there
    assert "Invented Child" not in logged.getvalue()


@pytest.mark.django_db
def test_the_command_runs_the_jobs_once(settings, capsys):
    settings.PERIODIC_JOBS = ["tests.notifications.jobs.job_records_it_ran"]
    call_command("periodic")
    assert jobs.ran == ["ran"]
    assert "job_records_it_ran: done" in capsys.readouterr().out


def test_the_command_repeats_the_jobs_until_stopped(tmp_path):
    marker = tmp_path / "runs"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "PERIODIC_JOBS": "tests.notifications.jobs.job_records_it_ran",
        "PYTHONPATH": str(Path(__file__).parents[2]),
    }
    looping = subprocess.Popen(
        [str(RAPIDREVIEW), "periodic", "--every", "0.01", "-v", "2"],  # every 0.6 seconds
        env=env,
        stdout=marker.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        give_up_at = time.monotonic() + 120
        while marker.read_text().count("job_records_it_ran: done") < 2:
            assert looping.poll() is None, marker.read_text()
            assert time.monotonic() < give_up_at, marker.read_text()
            time.sleep(0.2)
    finally:
        looping.send_signal(signal.SIGTERM)
        assert looping.wait(timeout=30) == 0
