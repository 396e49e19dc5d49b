"""The access rules for scoping returns (DOMAIN.md §5, ARCHITECTURE.md §4), part of the one
access policy: `policy.py` registers them, so callers still ask `can`, `require` and the scopes
there.

Until it is released to the meeting, a return is seen only inside its agency (representatives,
nominees, senior leaders) and by the partnership team; once released, by everyone taking part in
the review and by the safeguarding partners. The agency edits it while it is a draft or returned
for amendment; its senior leader signs it off; the partnership team releases it.
"""

from typing import Any

from django.db.models import Q, QuerySet

from rapidreview.accounts.models import Role
from rapidreview.reviews.models import OPEN_STATES, RapidReview
from rapidreview.scoping.models import EDITABLE_STATES, ReturnState, ScopingReturn

from . import policy


def _is_return(obj: Any) -> bool:
    return isinstance(obj, ScopingReturn)


def _open(scoping_return: ScopingReturn) -> bool:
    return scoping_return.review_agency.review.state in OPEN_STATES


def may_view(user: Any, obj: Any) -> bool:
    if not _is_return(obj):
        return False
    return returns_visible_to(user).filter(pk=obj.pk).exists()


def may_edit(user: Any, obj: Any) -> bool:
    return (
        _is_return(obj)
        and obj.state in EDITABLE_STATES
        and policy.acts_for(user, obj.review_agency)
    )


def _senior_leader_of(user: Any, obj: ScopingReturn) -> bool:
    return policy.role_of(user) == Role.SENIOR_LEADER and (
        user.membership.agency_id == obj.review_agency.agency_id
    )


def may_sign_off(user: Any, obj: Any) -> bool:
    return (
        _is_return(obj)
        and obj.state == ReturnState.SUBMITTED
        and _open(obj)
        and _senior_leader_of(user, obj)
    )


def may_return_for_amendment(user: Any, obj: Any) -> bool:
    """At the sign-off step the senior leader; at the release step the partnership team."""
    if not _is_return(obj) or not _open(obj):
        return False
    if obj.state == ReturnState.SUBMITTED:
        return _senior_leader_of(user, obj)
    if obj.state == ReturnState.SIGNED_OFF:
        return policy.is_partnership_team(user)
    return False


def may_release(user: Any, obj: Any) -> bool:
    return (
        _is_return(obj)
        and obj.state == ReturnState.SIGNED_OFF
        and _open(obj)
        and policy.is_partnership_team(user)
    )


def may_view_merged_chronology(user: Any, obj: Any) -> bool:
    """Everyone who sees the review (it shows released rows only)."""
    return (
        isinstance(obj, RapidReview)
        and policy.role_of(user) is not None
        and policy.reviews_visible_to(user).filter(pk=obj.pk).exists()
    )


def returns_visible_to(user: Any) -> QuerySet[ScopingReturn]:
    if policy.role_of(user) is None:
        return ScopingReturn.objects.none()
    if policy.is_partnership_team(user):
        return ScopingReturn.objects.all()
    released = Q(
        state=ReturnState.RELEASED,
        review_agency__review__in=policy.reviews_visible_to(user),
    )
    own_agency = Q(review_agency__in=policy.review_agencies_visible_to(user))
    return ScopingReturn.objects.filter(released | own_agency)


RULES = {
    policy.Action.VIEW_RETURN: may_view,
    policy.Action.EDIT_RETURN: may_edit,
    policy.Action.SUBMIT_RETURN: may_edit,
    policy.Action.SIGN_OFF_RETURN: may_sign_off,
    policy.Action.RETURN_FOR_AMENDMENT: may_return_for_amendment,
    policy.Action.RELEASE_RETURN: may_release,
    policy.Action.VIEW_MERGED_CHRONOLOGY: may_view_merged_chronology,
}

REFUSALS = {
    policy.Action.VIEW_RETURN: "This return is seen only inside its agency and by the "
    "partnership team until it is released to the meeting.",
    policy.Action.EDIT_RETURN: "Only the agency's representative, or a colleague they "
    "nominated, can change the return, and only while it is a draft or returned for amendment.",
    policy.Action.SUBMIT_RETURN: "Only the agency's representative, or a colleague they "
    "nominated, can submit the return, and only while it is a draft or returned for amendment.",
    policy.Action.SIGN_OFF_RETURN: "Only the agency's senior leader can sign off a submitted "
    "return.",
    policy.Action.RETURN_FOR_AMENDMENT: "Only the agency's senior leader (before sign-off) or the "
    "partnership team (before release) can return it for amendment.",
    policy.Action.RELEASE_RETURN: "Only the partnership team can release a signed-off return.",
    policy.Action.VIEW_MERGED_CHRONOLOGY: "You cannot see this review's chronology.",
}
