"""Where the current request came from, for audit events written deeper down.

Services never read `request`; the middleware puts the few facts the audit trail needs here.
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    user_agent: str = ""
    request_id: str = ""


current_request: ContextVar[RequestContext] = ContextVar(
    "current_request",
    default=RequestContext(),  # noqa: B039 - frozen, so safe to share
)
