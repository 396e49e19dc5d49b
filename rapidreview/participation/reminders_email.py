"""The words of the reminder and escalation emails (rapidreview/participation/reminders.py
decides which to send). They carry the review reference, the agency's name, the duty, the due
date, a link and the partnership team's contacts: never a name or detail of a child or family
member (DOMAIN.md §9)."""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from rapidreview.core import calendar
from rapidreview.core.dates import long_date
from rapidreview.reviews.clock import working_days

# The kinds of email besides "before<N>" (N working days before the due date).
ESCALATION = "escalation"
DUE = "due"
CLOSURE = "closure"

TEMPLATES = {ESCALATION: "escalation_overdue", DUE: "reminder_due", CLOSURE: "reminder_alerts"}
# The agency's task list for the review (its representatives, nominees and senior leaders can
# open it), or its alerts page for the reminder at closure.
LINKS = {CLOSURE: "participation:alerts"}


def reminder_email(
    *,
    reference: str,
    agency: str,
    what: list[str],
    kind: str,
    due: date | None,
    today: date,
    to_partnership: bool = False,
) -> tuple[str, str]:
    """The subject and plain-text body of one reminder or escalation. `to_partnership` is an
    escalation sent to the partnership team because no one at the agency has an account."""
    link = (
        "participation:agencies"
        if to_partnership
        else LINKS.get(kind, "participation:agency_tasks")
    )
    context = {
        "to_partnership": to_partnership,
        "reference": reference,
        "agency": agency,
        "what": what,
        "due": long_date(due),
        "due_today": due == today,
        "remaining": working_days(calendar.working_days_between(today, due))
        if due and due > today
        else "",
        "link": settings.SITE_URL + reverse(link, args=[reference]),
        "contacts": settings.PARTNERSHIP_CONTACTS,
        "partnership_name": settings.PARTNERSHIP_NAME,
    }
    template = TEMPLATES.get(kind, "reminder_before")
    body = render_to_string(f"participation/email/{template}.txt", context)
    return _subject(reference, kind=kind, due=due, today=today), body


def _subject(reference: str, *, kind: str, due: date | None, today: date) -> str:
    if kind == CLOSURE:
        return f"Review the alerts placed for {reference}"
    if kind == ESCALATION:
        return f"Escalation: an agency's response to {reference} is overdue"
    if kind == DUE and due == today:
        return f"Due today: your agency's response to {reference}"
    if kind == DUE:
        return f"Overdue: your agency's response to {reference}"
    return f"Reminder: your agency's response to {reference} is due {long_date(due)}"
