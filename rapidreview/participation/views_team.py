"""The partnership team's pages for the agencies on a review: the participation matrix (which
the safeguarding partners read too) and inviting agencies. Thin: scope, policy, form, service,
render."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from rapidreview.access.policy import (
    Action,
    can,
    require,
    returns_visible_to,
    reviews_visible_to,
)
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core import calendar
from rapidreview.reviews.models import RapidReview, ReviewAgency
from rapidreview.reviews.services import ServiceError

from .forms_team import INVITE_ALL, InviteAgenciesForm
from .invitations import (
    agencies_invite,
    invitable_agencies,
    partners_not_on,
    representatives_by_agency,
)
from .matrix import participation_matrix


def _review(request, reference: str) -> RapidReview:
    return get_object_or_404(
        reviews_visible_to(request.user).select_related("incident"), reference=reference
    )


@require_GET
@audit_page_view
def agencies(request, reference):
    review = _review(request, reference)
    require(request.user, Action.VIEW_PARTICIPATION, review)
    return render(
        request,
        "participation/team_agencies.html",
        {
            "matrix": participation_matrix(review, today=calendar.today()),
            "can_invite": can(request.user, Action.INVITE_AGENCIES, review),
            # The scoping returns on the review this person may read (the matrix links them).
            "visible_returns": set(
                returns_visible_to(request.user)
                .filter(review_agency__review=review)
                .values_list("pk", flat=True)
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def invite(request, reference):
    review = _review(request, reference)
    require(request.user, Action.INVITE_AGENCIES, review)
    partners = list(partners_not_on(review))
    form = InviteAgenciesForm(
        request.POST if request.method == "POST" else None,
        offered=invitable_agencies(review),
        partners_pending=bool(partners),
    )
    refusal = ""
    if request.method == "POST" and form.is_valid():
        try:
            invited = agencies_invite(
                actor=request.user, review=review, agencies=form.cleaned_data["agencies"]
            )
        except ServiceError as error:
            refusal = str(error)
        else:
            messages.success(request, invited_message(invited))
            return redirect("participation:agencies", reference=review.reference)
    return render(
        request,
        "participation/team_invite.html",
        {
            "review": review,
            "form": form,
            "partners": partners,
            "refusal": refusal,
            "invite_all": INVITE_ALL,
        },
    )


def invited_message(invited: list[ReviewAgency]) -> str:
    """The banner after inviting: "10 agencies invited. 12 representatives emailed.", saying
    plainly which agencies no one received the email at."""
    if not invited:
        return "These agencies were already invited. No one was emailed."
    representatives = representatives_by_agency(ra.agency_id for ra in invited)
    emailed = sum(len(representatives.get(ra.agency_id, [])) for ra in invited)
    unreached = [ra.agency.name for ra in invited if not representatives.get(ra.agency_id)]
    words = [
        f"{_count(len(invited), 'agency', 'agencies')} invited.",
        f"{_count(emailed, 'representative', 'representatives')} emailed.",
    ]
    if unreached:
        words.append(
            f"No one at {_in_words(unreached)} received the email: "
            f"{'it has' if len(unreached) == 1 else 'they have'} no active representative. "
            "Contact them another way."
        )
    return " ".join(words)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _in_words(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
