"""THE access policy: who may see and do what. Views ask here and nowhere else.

Two faces built from the same predicates (ARCHITECTURE.md §4):
- scopes (`*_visible_to(user)`) return querysets; anything outside them is a 404;
- `can(user, action, obj)` answers yes or no; a refusal inside the scope is a 403.
"""

from .policy import Action, agencies_visible_to, can, require, users_visible_to

__all__ = ["Action", "agencies_visible_to", "can", "require", "users_visible_to"]
