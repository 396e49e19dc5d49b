"""Writing to the audit trail. Every service that changes data calls `audit_record` inside its
own transaction, so the change and its event are saved together or not at all."""

from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from .context import current_request
from .models import GENESIS_HASH, AuditEvent, Verb

# Any constant will do: it names the one PostgreSQL advisory lock that serialises appends.
_CHAIN_LOCK_KEY = 7_242_016


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (settings), so one writer at a time already.


def describe_target(target: Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    public_id = getattr(target, "public_id", None) or getattr(target, "reference", None)
    return target._meta.label_lower, str(public_id if public_id is not None else target.pk)


def audit_record(
    *,
    actor: Any,
    verb: Verb,
    target: Model | None = None,
    review_reference: str = "",
    payload: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain. `actor` may be None or anonymous (e.g. failed sign-in)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    membership = getattr(actor, "membership", None) if actor is not None else None
    target_type, target_id = describe_target(target)
    ctx = current_request.get()
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
        event = AuditEvent(
            sequence=(last.sequence + 1) if last else 1,
            actor=actor,
            actor_agency=membership.agency if membership else None,
            actor_role=membership.role if membership else "",
            verb=verb,
            target_type=target_type,
            target_id=target_id,
            review_reference=review_reference,
            ip_address=ctx.ip_address,
            user_agent=ctx.user_agent,
            request_id=ctx.request_id,
            payload=payload or {},
            previous_hash=last.hash if last else GENESIS_HASH,
        )
        # The timestamp goes through the database and back identically only at microsecond
        # precision, which is what Django stores on both engines.
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
