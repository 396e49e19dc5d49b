"""The audit event and its hash: what the hash covers, what round-trips through each database
unchanged, and that the code offers no way to change or remove an event."""

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from rapidreview.accounts.models import Role
from rapidreview.audit.context import RequestContext, current_request
from rapidreview.audit.models import GENESIS_HASH, AppendOnlyError, AuditEvent, Verb
from rapidreview.audit.services import audit_record, changes_between
from rapidreview.audit.verification import verify_chain
from tests.factories import make_user

from .helpers import record_events

pytestmark = pytest.mark.django_db


def reloaded(event: AuditEvent) -> AuditEvent:
    return AuditEvent.objects.get(pk=event.pk)


def test_events_form_a_chain_from_the_genesis_hash():
    first, second, third = record_events(3)
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert verify_chain().intact


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("verb", Verb.EXPORTED),
        ("payload", {"path": "/somewhere/else/"}),
        ("review_reference", "RR-2027-999"),
        ("target_id", "another"),
        ("ip_address", "192.0.2.99"),
        ("user_agent", "Something else"),
        ("sequence", 99),
        ("previous_hash", "f" * 64),
    ],
)
def test_the_hash_covers_content_order_and_predecessor(field, value):
    event = record_events(1)[0]
    original = event.compute_hash()
    setattr(event, field, value)
    assert event.compute_hash() != original


def test_the_hash_survives_the_round_trip_through_the_database_at_a_clock_change():
    # The last microsecond before British Summer Time began in 2027.
    with time_machine.travel(datetime(2027, 3, 28, 0, 59, 59, 999999, tzinfo=UTC), tick=False):
        event = audit_record(actor=None, verb=Verb.SIGNED_OUT)
    stored = reloaded(event)
    assert stored.occurred_at == event.occurred_at
    assert stored.compute_hash() == stored.hash == event.hash


def test_a_time_on_the_whole_second_keeps_its_hash():
    with time_machine.travel(datetime(2027, 1, 13, 14, 30, tzinfo=UTC), tick=False):
        event = audit_record(actor=None, verb=Verb.SIGNED_OUT)
    assert reloaded(event).compute_hash() == event.hash


def test_the_same_instant_in_another_time_zone_hashes_the_same():
    event = record_events(1)[0]
    original = event.compute_hash()
    event.occurred_at = event.occurred_at.astimezone(ZoneInfo("Europe/London"))
    assert event.compute_hash() == original


def test_payload_values_are_stored_as_the_database_gives_them_back():
    event = audit_record(
        actor=None,
        verb=Verb.AGENCY_CHANGED,
        payload={
            "whole_float": 1.0,
            "huge_float": 1e20,
            "negative_zero": -0.0,
            "fraction": 0.1,
            "tiny": 1.5e-7,
            "when": date(2027, 1, 13),
            "amount": Decimal("12.50"),
            "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
            "pair": ("a", "b"),
            "nested": {"b": 2, "a": [1, {"z": None}]},
        },
    )
    stored = reloaded(event)
    assert stored.payload["when"] == "2027-01-13"
    assert stored.payload["amount"] == "12.50"
    assert stored.payload["id"] == "12345678-1234-5678-1234-567812345678"
    assert stored.payload["pair"] == ["a", "b"]
    assert stored.compute_hash() == event.hash
    assert verify_chain().intact


def test_a_payload_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        audit_record(actor=None, verb=Verb.EXPORTED, payload={"rows": float("nan")})
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("192.0.2.7", "192.0.2.7"),
        ("not an address", None),
        ("", None),
    ],
)
def test_ip_addresses_are_stored_in_one_form(given, stored):
    token = current_request.set(RequestContext(ip_address=given, user_agent="Browser\x00X"))
    try:
        event = audit_record(actor=None, verb=Verb.SIGN_IN_FAILED)
    finally:
        current_request.reset(token)
    saved = reloaded(event)
    assert saved.ip_address == stored
    assert saved.user_agent == "BrowserX"
    assert saved.compute_hash() == saved.hash


def test_the_event_keeps_the_agency_and_role_the_actor_held_at_the_time(personas):
    person = personas.agency_a_rep
    before = audit_record(actor=person, verb=Verb.SIGNED_IN)
    person.membership.agency = personas.agency_b
    person.membership.role = Role.SENIOR_LEADER
    person.membership.save()
    after = audit_record(actor=person, verb=Verb.SIGNED_IN)

    before, after = reloaded(before), reloaded(after)
    assert (before.actor_agency, before.actor_role) == (personas.agency_a, "agency_representative")
    assert (after.actor_agency, after.actor_role) == (personas.agency_b, "senior_leader")


def test_someone_with_no_role_or_not_signed_in_is_recorded_without_an_agency():
    nobody = make_user(None)
    event = reloaded(audit_record(actor=nobody, verb=Verb.SIGNED_IN))
    assert (event.actor, event.actor_agency, event.actor_role) == (nobody, None, "")


def test_a_change_records_each_field_with_its_old_and_new_value():
    changes = changes_between(
        {"name": "Old name", "is_active": True, "same": 1},
        {"name": "New name", "is_active": False, "same": 1},
    )
    event = reloaded(audit_record(actor=None, verb=Verb.AGENCY_CHANGED, payload=changes))
    assert event.payload == {
        "is_active": {"old": True, "new": False},
        "name": {"old": "Old name", "new": "New name"},
    }


def test_an_event_cannot_be_saved_again_or_deleted():
    event = record_events(1)[0]
    event.verb = Verb.EXPORTED
    with pytest.raises(AppendOnlyError):
        event.save()
    stored = reloaded(event)
    with pytest.raises(AppendOnlyError):
        stored.save()
    with pytest.raises(AppendOnlyError):
        stored.delete()
    assert reloaded(event).verb == Verb.PAGE_VIEWED


def test_the_queryset_has_no_update_or_delete():
    events = record_events(2)
    everything = AuditEvent.objects.all()
    with pytest.raises(AppendOnlyError):
        everything.update(verb=Verb.EXPORTED)
    with pytest.raises(AppendOnlyError):
        everything.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=events[0].pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update(events, ["verb"])
    with pytest.raises(AppendOnlyError):
        AuditEvent._base_manager.all().delete()
    assert AuditEvent.objects.filter(verb=Verb.PAGE_VIEWED).count() == 2
    assert verify_chain().intact


def test_a_change_and_its_event_are_saved_together_or_not_at_all():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, verb=Verb.AGENCY_CREATED)
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.exists()
    assert audit_record(actor=None, verb=Verb.AGENCY_CREATED).sequence == 1
