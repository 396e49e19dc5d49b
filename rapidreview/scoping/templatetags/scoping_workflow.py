"""`{% workflow_panel scoping_return %}`: the return's state, its history and the step the person
may take now, for the return's overview and check-answers pages (scoping/workflow_panel.html)."""

from django import template
from django.urls import reverse

from rapidreview.access.policy import Action, can
from rapidreview.core import calendar
from rapidreview.core.dates import long_date, uk_datetime
from rapidreview.reviews.clock import ClockRules, Key, by_key, plan
from rapidreview.scoping.models import EDITABLE_STATES, ReturnState, ScopingReturn

register = template.Library()

STATE_TAGS = {
    ReturnState.DRAFT: "govuk-tag--grey",
    ReturnState.SUBMITTED: "govuk-tag--blue",
    ReturnState.RETURNED: "govuk-tag--orange",
    ReturnState.SIGNED_OFF: "govuk-tag--turquoise",
    ReturnState.RELEASED: "govuk-tag--green",
}


@register.inclusion_tag("scoping/workflow_panel_body.html", takes_context=True)
def workflow_panel(context, scoping_return: ScopingReturn | None) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(scoping_return, ScopingReturn) or user is None:
        return {"scoping_return": None}
    if scoping_return.pk is None:  # not started yet: nothing to submit
        return {
            "scoping_return": scoping_return,
            "state_words": "Not started",
            "state_tag": "govuk-tag--grey",
            "not_started": True,
        }
    review_agency = scoping_return.review_agency
    kwargs = {"reference": review_agency.review.reference}
    agency_kwargs = kwargs | {"agency": review_agency.agency.public_id}
    # Comments given with a return for amendment stay inside the agency and the team.
    sees_comments = can(user, Action.VIEW_AGENCY_WORK, review_agency)
    events = [
        {
            "step": event.get_step_display(),
            "by": event.by.full_name,
            "at": uk_datetime(event.at),
            "at_iso": event.at.isoformat(),
            "comment": event.comment if sees_comments else "",
        }
        for event in scoping_return.workflow.select_related("by").order_by("-at", "-pk")
    ]
    return {
        "scoping_return": scoping_return,
        "due": _due(scoping_return),
        "state_words": scoping_return.get_state_display(),
        "state_tag": STATE_TAGS.get(scoping_return.state, "govuk-tag--grey"),
        "signed_off_on": long_date(scoping_return.signed_off_on),
        "released_at": uk_datetime(scoping_return.released_at),
        "events": events,
        "latest_comment": next(
            (e for e in events if e["comment"] and scoping_return.state == ReturnState.RETURNED),
            None,
        ),
        "submit_url": reverse("scoping:return_submit", kwargs=kwargs)
        if can(user, Action.SUBMIT_RETURN, scoping_return)
        else "",
        "sign_off_url": reverse("scoping:return_sign_off", kwargs=kwargs)
        if can(user, Action.SIGN_OFF_RETURN, scoping_return)
        else "",
        "send_back_url": reverse("scoping:return_send_back", kwargs=agency_kwargs)
        if can(user, Action.RETURN_FOR_AMENDMENT, scoping_return)
        else "",
        "release_url": reverse("scoping:return_release", kwargs=agency_kwargs)
        if can(user, Action.RELEASE_RETURN, scoping_return)
        else "",
    }


@register.inclusion_tag("scoping/workflow_matrix_cell.html", takes_context=True)
def return_cell(context, row, visible_returns) -> dict:
    """The participation matrix's "Scoping return" cell: the state in words, a link to the
    return for those who may read it (`visible_returns`: the ids of the returns on the review the
    person sees, read once for the whole table) and, for the team, Release where signed off."""
    request = context.get("request")
    review_agency = row.review_agency
    scoping_return = getattr(review_agency, "scoping_return", None)
    link = release = ""
    if scoping_return is not None and scoping_return.pk in (visible_returns or ()):
        kwargs = {
            "reference": review_agency.review.reference,
            "agency": review_agency.agency.public_id,
        }
        link = reverse("scoping:agency_return", kwargs=kwargs)
        if request is not None and can(request.user, Action.RELEASE_RETURN, scoping_return):
            release = reverse("scoping:return_release", kwargs=kwargs)
    return {
        "cell": row.scoping_return,
        "agency": review_agency.agency,
        "link": link,
        "release": release,
    }


def _due(scoping_return: ScopingReturn) -> str:
    """While the agency is still working on it: when the clock says returns are due."""
    if scoping_return.state not in EDITABLE_STATES:
        return ""
    review = scoping_return.review_agency.review
    rules = ClockRules.from_settings()
    returns = by_key(plan(review.incident, review, rules=rules, today=calendar.today()))[
        Key.RETURNS
    ]
    words = returns.countdown.words if returns.countdown else ""
    return f"Due by {long_date(returns.due)}" + (f" ({words.lower()})" if words else "")
