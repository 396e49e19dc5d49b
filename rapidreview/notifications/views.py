"""The outbox page: the partnership team sees whether email is going out. Thin: policy, query,
render."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from rapidreview.access import Action, require
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core.dates import uk_datetime

from .models import OutboxState
from .queries import SHOWN, outbox_counts, outbox_recent

STATE_TAGS = {
    OutboxState.QUEUED: "govuk-tag--blue",
    OutboxState.SENT: "govuk-tag--green",
    OutboxState.FAILED: "govuk-tag--red",
}


@require_GET
@audit_page_view
def outbox(request):
    require(request.user, Action.VIEW_OUTBOX)
    state = request.GET.get("state")
    if state not in OutboxState.values:
        state = None
    rows = [
        {
            "state": message.get_state_display(),
            "tag": STATE_TAGS[message.state],
            "purpose": message.get_purpose_display(),
            "review_reference": message.review_reference,
            "attempts": message.attempts,
            "last_error": message.last_error,
            "created": uk_datetime(message.created_at),
            "sent": uk_datetime(message.sent_at) if message.sent_at else "",
            "next_attempt": uk_datetime(message.next_attempt_at)
            if message.state == OutboxState.QUEUED
            else "",
        }
        for message in outbox_recent(state)
    ]
    counts = outbox_counts()
    filters = [
        {"value": value, "label": label, "count": counts[value], "current": value == state}
        for value, label in OutboxState.choices
    ]
    return render(
        request,
        "notifications/outbox.html",
        {"rows": rows, "filters": filters, "state": state, "shown": SHOWN},
    )
