"""`rapidreview audit verify`: an intact chain passes; an edited, removed or inserted event is
named. On PostgreSQL the database refuses the edit and the removal outright."""

import math
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from rapidreview.audit.models import AuditEvent, Verb, content_hash
from rapidreview.audit.verification import verify_chain

from .helpers import record_events, tamper

pytestmark = pytest.mark.django_db


def verify(*args) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        verify()
    return str(failure.value)


def test_an_intact_chain_is_reported_with_its_length_and_last_hash():
    events = record_events(5)
    output = verify()
    assert output.splitlines() == [
        "5 events, chain intact",
        f"Last event 5, hash {events[-1].hash}",
    ]


def test_an_empty_trail_is_intact():
    assert verify().splitlines() == ["0 events, chain intact"]


def test_verify_reads_the_table_a_batch_at_a_time():
    record_events(10)
    with CaptureQueriesContext(connection) as queries:
        output = verify("--batch-size", "3")
    assert output.startswith("10 events, chain intact")
    # Four batches of at most 3, then one empty read to find the end.
    assert len(queries) == math.ceil(10 / 3) + 1
    assert all("LIMIT 3" in query["sql"] for query in queries)


def test_an_edited_event_is_named():
    record_events(5)
    tamper(
        "UPDATE audit_auditevent SET review_reference = %s WHERE sequence = %s",
        ["RR-2027-001", 3],
    )
    message = verify_fails()
    assert "Audit chain broken at event 3" in message
    assert "has been changed" in message
    assert "The 2 events before it are intact" in message


def test_an_edited_event_whose_hash_was_recomputed_is_caught_at_the_next_event():
    record_events(5)
    row = AuditEvent.objects.filter(sequence=3).values().get()
    row["review_reference"] = "RR-2027-001"
    tamper(
        "UPDATE audit_auditevent SET review_reference = %s, hash = %s WHERE sequence = %s",
        ["RR-2027-001", content_hash(row), 3],
    )
    message = verify_fails()
    assert "Audit chain broken at event 4" in message
    assert "does not follow on from event 3" in message


def test_a_removed_event_is_named_by_the_one_after_it():
    record_events(5)
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [3])
    message = verify_fails()
    assert "Audit chain broken at event 4" in message
    assert "event 3 is missing" in message


def test_removing_the_first_event_is_caught():
    record_events(3)
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [1])
    assert "Audit chain broken at event 2" in verify_fails()


def test_an_inserted_event_with_a_made_up_hash_is_named():
    record_events(3)
    forged = AuditEvent(
        sequence=4, verb=Verb.SIGNED_IN, previous_hash=AuditEvent.objects.get(sequence=3).hash
    )
    forged.hash = "f" * 64
    forged.save(force_insert=True)
    message = verify_fails()
    assert "Audit chain broken at event 4" in message
    assert "has been changed" in message


def test_an_inserted_event_that_does_not_follow_on_is_named():
    record_events(3)
    forged = AuditEvent(sequence=4, verb=Verb.SIGNED_IN, previous_hash="e" * 64)
    forged.hash = forged.compute_hash()
    forged.save(force_insert=True)
    message = verify_fails()
    assert "Audit chain broken at event 4" in message
    assert "does not follow on from event 3" in message


def test_an_event_slotted_in_before_the_start_is_named():
    record_events(2)
    forged = AuditEvent(sequence=0, verb=Verb.SIGNED_IN, previous_hash="0" * 64)
    forged.hash = forged.compute_hash()
    forged.save(force_insert=True)
    message = verify_fails()
    assert "Audit chain broken at event 0" in message
    assert "out of order" in message


def test_a_sql_update_is_refused_on_postgresql_and_caught_by_verify_on_sqlite():
    record_events(3)
    sql = "UPDATE audit_auditevent SET verb = 'exported' WHERE sequence = 2"
    if connection.vendor == "postgresql":
        with (
            pytest.raises(DatabaseError, match="append-only: UPDATE refused"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
        assert verify_chain().intact
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql)
        assert "Audit chain broken at event 2" in verify_fails()


def test_a_sql_delete_is_refused_on_postgresql_and_caught_by_verify_on_sqlite():
    record_events(3)
    sql = "DELETE FROM audit_auditevent WHERE sequence = 2"
    if connection.vendor == "postgresql":
        with (
            pytest.raises(DatabaseError, match="append-only: DELETE refused"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
        assert AuditEvent.objects.count() == 3
        assert verify_chain().intact
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql)
        assert "Audit chain broken at event 3" in verify_fails()


def test_verify_refuses_a_batch_size_below_one():
    with pytest.raises(CommandError, match="--batch-size must be 1 or more"):
        verify("--batch-size", "0")
