"""Reading the audit trail: the scope, the filtered list the pages and the CSV share, and the
"who has viewed this" summary for a review."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Max, QuerySet

from rapidreview.access import Action, can
from rapidreview.accounts.models import Agency, User
from rapidreview.core.dates import UK_TIME

from .models import AuditEvent, Verb

# What counts as having seen a review, for "who has viewed this".
VIEWING_VERBS = (Verb.PAGE_VIEWED, Verb.FILE_DOWNLOADED, Verb.EXPORTED)


def events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    if can(user, Action.VIEW_AUDIT):
        return AuditEvent.objects.all()
    return AuditEvent.objects.none()


def _start_of_uk_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UK_TIME)


def audit_events(
    *,
    viewer: Any,
    actor: User | None = None,
    agency: Agency | None = None,
    review_reference: str = "",
    verb: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """The events `viewer` may see that match every filter given, newest first.

    Dates are whole days in UK time, both ends included. The actor, agency and review columns
    are loaded in the same query, so a page of events costs one query however long it is.
    """
    events = events_visible_to(viewer).select_related("actor", "actor_agency")
    if actor is not None:
        events = events.filter(actor=actor)
    if agency is not None:
        events = events.filter(actor_agency=agency)
    if review_reference:
        events = events.filter(review_reference=review_reference)
    if verb:
        events = events.filter(verb=verb)
    if date_from is not None:
        events = events.filter(occurred_at__gte=_start_of_uk_day(date_from))
    if date_to is not None and date_to < date.max:
        events = events.filter(occurred_at__lt=_start_of_uk_day(date_to + timedelta(days=1)))
    return events.order_by("-sequence")


def last_sequence() -> int:
    """The newest event's sequence number (0 when there are none)."""
    return AuditEvent.objects.aggregate(last=Max("sequence"))["last"] or 0


def review_viewers(*, viewer: Any, review_reference: str) -> list[dict[str, Any]]:
    """Each person who has viewed or downloaded anything of one review: their name, the agency
    they acted for, when they last did so and how many times. Most recent first.

    One query, grouped in the database. Someone who viewed for two agencies (having moved)
    appears once for each.
    """
    if not review_reference:
        return []
    return list(
        events_visible_to(viewer)
        .filter(
            review_reference=review_reference,
            verb__in=VIEWING_VERBS,
            actor__isnull=False,
        )
        .values("actor__public_id", "actor__full_name", "actor_agency__name")
        .annotate(last_viewed=Max("occurred_at"), views=Count("id"))
        .order_by("-last_viewed", "actor__full_name")
    )
