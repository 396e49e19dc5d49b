"""Small helpers shared by the audit tests."""

from django.db import connection

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record


def record_events(count: int, **kwargs) -> list:
    kwargs.setdefault("actor", None)
    kwargs.setdefault("verb", Verb.PAGE_VIEWED)
    return [
        audit_record(payload={"path": f"/page/{number}/"}, **{k: v for k, v in kwargs.items()})
        for number in range(1, count + 1)
    ]


def tamper(sql: str, params: list | None = None) -> None:
    """Change the table behind the code's back, as someone with direct database access could.

    On PostgreSQL only a superuser can do this, by telling the session to skip ordinary triggers
    (as replication does) for the length of the statement.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
