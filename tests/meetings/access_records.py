"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for this part. Every URL of the part must have an entry."""

ENTRIES: dict = {}
ACTION_ENDPOINTS: dict[str, str] = {}
KNOWN_FORMS: set[str] = set()
