"""Access matrix entries (tests/test_access_matrix.py) for the email outbox page."""

from ..access_support import PARTNERSHIP_TEAM_ONLY, Entry, cases

ENTRIES: dict[str, tuple[Entry, ...]] = {
    # The partnership team only; everyone else is refused, the anonymous sent to sign in.
    "notifications:outbox": cases(Entry(get=PARTNERSHIP_TEAM_ONLY)),
}
