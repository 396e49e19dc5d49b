"""Template helpers for the audit trail, and the reusable "who has viewed this" panel.

{% load audit_tags %}
{% who_has_viewed review.reference %}
"""

from datetime import datetime
from typing import Any

from django import template

from rapidreview.access import Action, can
from rapidreview.core.dates import uk_datetime as format_uk_datetime

from ..models import AuditEvent, Verb
from ..queries import review_viewers

register = template.Library()


@register.filter
def uk_datetime(value: datetime | None) -> str:
    """13 January 2027, 2:30pm (Europe/London)."""
    return format_uk_datetime(value)


@register.simple_tag(takes_context=True)
def query_without(context, name: str) -> str:
    """This page's query string without one filter (and back to the first page)."""
    params = context.request.GET.copy()
    for key in (name, "page"):
        params.pop(key, None)
    return f"?{params.urlencode()}"


@register.filter
def event_details(event: AuditEvent) -> str:
    """A short, plain summary of an event's payload for the list."""
    payload = event.payload or {}
    if event.verb == Verb.PAGE_VIEWED:
        return payload.get("path", "")
    if event.verb == Verb.EXPORTED:
        rows = payload.get("rows")
        what = payload.get("export", "")
        return f"{what}, {rows} rows" if rows is not None else what
    changed = [key for key, value in payload.items() if isinstance(value, dict) and "old" in value]
    if changed:
        return "Changed: " + ", ".join(name.replace("_", " ") for name in changed)
    return ""


@register.inclusion_tag("audit/_who_has_viewed.html", takes_context=True)
def who_has_viewed(context, review_reference: str) -> dict[str, Any]:
    """Who has viewed or downloaded anything of this review, for a review page.

    Shown only to those who may see the audit trail (the partnership team and the scrutineer):
    who looked at a review is itself audit information, and one rule is easier to reason about
    than two. Everyone else gets nothing, not even the heading.
    """
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if not can(user, Action.VIEW_AUDIT):
        return {"show": False}
    return {
        "show": True,
        "review_reference": review_reference,
        "viewers": review_viewers(viewer=user, review_reference=review_reference),
    }
