"""Template helpers for reviews: dates the GOV.UK way, state and countdown tags, lists in words."""

from datetime import date

from django import template

from rapidreview.core.dates import long_date as format_long_date

from ..clock import Countdown, Rag
from ..models import LegalStatus, LookedAfter, Nature, Relationship, Sex, State

register = template.Library()

# Colour is never the only signal: every tag also carries its words.
RAG_CLASSES = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.GREEN: "govuk-tag--green",
    Rag.DONE: "govuk-tag--grey",
    Rag.DONE_LATE: "govuk-tag--orange",
    Rag.NOT_NEEDED: "govuk-tag--grey",
}

STATE_CLASSES = {
    State.CONVENED: "govuk-tag--blue",
    State.GATHERING_INFORMATION: "govuk-tag--light-blue",
    State.READY_FOR_MEETING: "govuk-tag--purple",
    State.MEETING_HELD: "govuk-tag--turquoise",
    State.AWAITING_SIGN_OFF: "govuk-tag--pink",
    State.SENT_TO_PANEL: "govuk-tag--green",
    State.PANEL_RESPONDED: "govuk-tag--green",
    State.CLOSED: "govuk-tag--grey",
    State.STOPPED: "govuk-tag--grey",
}


@register.filter
def long_date(value: date | None) -> str:
    """13 January 2027."""
    return format_long_date(value) if value else ""


@register.filter
def rag_class(countdown: Countdown | None) -> str:
    if not isinstance(countdown, Countdown):
        return "govuk-tag--grey"
    return RAG_CLASSES.get(countdown.rag, "govuk-tag--grey")


@register.filter
def state_class(state: str) -> str:
    return STATE_CLASSES.get(state, "govuk-tag--grey")


@register.filter
def in_words(items) -> str:
    """["Child A", "Child B", "Child C"] -> "Child A, Child B and Child C"."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


@register.filter
def sort_value(countdown: Countdown | None) -> int:
    """For the sortable table: overdue first (most overdue first), then soonest due."""
    if not isinstance(countdown, Countdown):  # nothing due
        return 100_000
    if countdown.days_remaining is None:
        return -countdown.days_late
    return countdown.days_remaining


_CHOICES = {
    "nature": Nature,
    "looked_after": LookedAfter,
    "sex": Sex,
    "legal_status": LegalStatus,
    "relationship": Relationship,
}


@register.filter
def label_of(value: str, field: str) -> str:
    """The words for a stored choice, for answers kept in a draft: "partner_of_parent" ->
    "Partner of a parent"."""
    choices = _CHOICES[field]
    try:
        return choices(value).label
    except ValueError:
        return value or ""


@register.filter
def date_range(start: date | None, end: date | None) -> str:
    """1 March 2025 to 1 March 2026."""
    if not start or not end:
        return ""
    return f"{format_long_date(start)} to {format_long_date(end)}"
