"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for this part of scoping returns."""

from ..access_support import Entry

ENTRIES: dict[str, tuple[Entry, ...]] = {}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = set()
