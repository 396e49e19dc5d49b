"""Checking the hash chain, for `rapidreview audit verify`.

Rows are read in sequence order, a batch at a time by keyset (`sequence > last seen`), so the
check runs in constant memory and holds no long transaction however large the table grows.
"""

from dataclasses import dataclass

from .models import GENESIS_HASH, HASHED_FIELDS, AuditEvent, content_hash

DEFAULT_BATCH_SIZE = 2000


@dataclass(frozen=True)
class ChainReport:
    checked: int
    last_sequence: int
    last_hash: str
    # The first event that does not fit, and why; None when the chain is intact.
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _problem_with(row: dict, *, expected_sequence: int, previous_hash: str) -> str:
    sequence = row["sequence"]
    if sequence < expected_sequence:
        return f"event {sequence} is out of order: the chain starts at event 1"
    if sequence > expected_sequence:
        missing = (
            f"event {expected_sequence} is"
            if sequence == expected_sequence + 1
            else f"events {expected_sequence} to {sequence - 1} are"
        )
        return f"event {sequence} does not follow on from the event before it: {missing} missing"
    if content_hash(row) != row["hash"]:
        return f"event {sequence} has been changed: its content does not match its hash"
    if row["previous_hash"] != previous_hash:
        before = "the start of the chain" if sequence == 1 else f"event {sequence - 1}"
        return (
            f"event {sequence} does not follow on from {before}: the previous hash it holds "
            f"does not match, so an event before it was replaced or inserted"
        )
    return ""


def verify_chain(*, batch_size: int = DEFAULT_BATCH_SIZE) -> ChainReport:
    """Walk the whole chain and report the first event whose content, place in the sequence
    or predecessor does not match."""
    checked = 0
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    after = -1
    while True:
        batch = list(
            AuditEvent.objects.filter(sequence__gt=after)
            .order_by("sequence")
            .values(*HASHED_FIELDS, "hash")[:batch_size]
        )
        if not batch:
            break
        for row in batch:
            problem = _problem_with(
                row, expected_sequence=expected_sequence, previous_hash=previous_hash
            )
            if problem:
                return ChainReport(
                    checked=checked,
                    last_sequence=expected_sequence - 1,
                    last_hash=previous_hash,
                    broken_at=row["sequence"],
                    problem=problem,
                )
            checked += 1
            expected_sequence += 1
            previous_hash = row["hash"]
        after = batch[-1]["sequence"]
    return ChainReport(checked=checked, last_sequence=checked, last_hash=previous_hash)
