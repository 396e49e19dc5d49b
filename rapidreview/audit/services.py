"""Writing to the audit trail. Every service that changes data calls `audit_record` inside its
own transaction, so the change and its event are saved together or not at all."""

import ipaddress
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from .context import current_request
from .models import GENESIS_HASH, AuditEvent, Verb

# Any constant will do: it names the one PostgreSQL advisory lock that serialises appends.
CHAIN_LOCK_KEY = 7_242_016

_USER_AGENT_LENGTH = AuditEvent._meta.get_field("user_agent").max_length


def _lock_chain() -> None:
    """Hold the chain until this transaction ends, so reading the last event and appending the
    next one cannot interleave with another writer.

    PostgreSQL: a transaction-scoped advisory lock. It relies on READ COMMITTED (the default):
    once the lock is ours, the next statement sees the event the previous holder committed.
    SQLite: transactions begin IMMEDIATE (settings), so there is one writer at a time already.
    On both, the unique `sequence` and `hash` columns refuse a fork if either guard is lost.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def describe_target(target: Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    public_id = getattr(target, "public_id", None) or getattr(target, "reference", None)
    return target._meta.label_lower, str(public_id if public_id is not None else target.pk)


def _json_payload(payload: dict | None) -> dict:
    """The payload exactly as the database will give it back: dates, decimals and ids as text,
    tuples as lists, keys as strings. NaN and infinity are refused (PostgreSQL's jsonb has
    no such numbers)."""
    return json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder, allow_nan=False))


def _clean_ip(value: str | None) -> str | None:
    """A valid address, or nothing: PostgreSQL's `inet` would refuse anything else and lose the
    event with it."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _clean_text(value: str, max_length: int) -> str:
    """Drop the characters PostgreSQL cannot store in text, and fit the column."""
    return value.replace("\x00", "")[:max_length]


def audit_record(
    *,
    actor: Any,
    verb: Verb,
    target: Model | None = None,
    review_reference: str = "",
    payload: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain. `actor` may be None or anonymous (e.g. failed sign-in).

    The actor's agency and role are copied from their membership now, so the event still says
    which agency they acted for if they move later.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    membership = getattr(actor, "membership", None) if actor is not None else None
    target_type, target_id = describe_target(target)
    ctx = current_request.get()
    payload = _json_payload(payload)
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
        last_sequence, last_hash = last if last else (0, GENESIS_HASH)
        event = AuditEvent(
            sequence=last_sequence + 1,
            # Taken under the lock, so time order and sequence order agree.
            occurred_at=timezone.now(),
            actor=actor,
            actor_agency_id=membership.agency_id if membership else None,
            actor_role=membership.role if membership else "",
            verb=verb,
            target_type=target_type,
            target_id=target_id,
            review_reference=review_reference,
            ip_address=_clean_ip(ctx.ip_address),
            user_agent=_clean_text(ctx.user_agent, _USER_AGENT_LENGTH),
            request_id=ctx.request_id,
            payload=payload,
            previous_hash=last_hash,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


def changes_between(before: dict, after: dict) -> dict:
    """The payload for a change: each field whose value differs, with old and new."""
    return {
        field: {"old": before.get(field), "new": after.get(field)}
        for field in sorted(set(before) | set(after))
        if before.get(field) != after.get(field)
    }
