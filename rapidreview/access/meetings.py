"""The access rules for the meeting, the decision, the partners' sign-off, the report to the
Panel and sharing the outcome (DOMAIN.md §6–8), part of the one access policy: `policy.py`
registers them, so callers still ask `can`, `require` and the scopes there.

- The meeting page (when, where, who, the quorum, the agenda and what was recorded) is seen by
  everyone on the review; the partnership team arranges it and records what happens.
- The meeting pack is downloaded only by the people invited to the meeting and the team.
- An agency answers a challenge raised with it, and updates an action it owns.
- The decision is seen by the team and the partners, and by everyone on the review once it has
  been sent to the Panel. The team records it after the meeting; each safeguarding partner (or
  delegate) signs it off while it is awaiting sign-off.
- The report to the Panel: the team and the partners; an agency once the completed rapid review
  has been shared with it. The team writes its narrative text until it is sent to the Panel.

Every `obj` is the RapidReview unless the action says otherwise.
"""

from typing import Any

from rapidreview.accounts.models import Role
from rapidreview.reviews.models import (
    OPEN_STATES,
    SENT_STATES,
    RapidReview,
    ReviewAgency,
    State,
)

from . import policy

# The team records the decision once the meeting is held, and may correct it while the partners
# are signing (each change asks them to sign again).
DECISION_STATES = frozenset({State.MEETING_HELD, State.AWAITING_SIGN_OFF})


def _review(obj: Any) -> RapidReview | None:
    return obj if isinstance(obj, RapidReview) else None


def _on_review(user: Any, review: RapidReview | None) -> bool:
    return review is not None and policy.reviews_visible_to(user).filter(pk=review.pk).exists()


def _team_on_open(user: Any, obj: Any) -> bool:
    review = _review(obj)
    return review is not None and review.state in OPEN_STATES and policy.is_partnership_team(user)


def _partner(user: Any) -> str:
    """The safeguarding partner a partner (or delegate) account speaks for, or ""."""
    if policy.role_of(user) != Role.SAFEGUARDING_PARTNER or user.membership.agency is None:
        return ""
    return user.membership.agency.statutory_partner


def partner_of(user: Any) -> str:
    return _partner(user)


def is_attendee(user: Any, review: RapidReview) -> bool:
    from rapidreview.meetings.models import Attendee

    return Attendee.objects.filter(meeting__review=review, user=user).exists()


def may_view_meeting(user: Any, obj: Any) -> bool:
    return _on_review(user, _review(obj))


def may_download_pack(user: Any, obj: Any) -> bool:
    review = _review(obj)
    if not _on_review(user, review):
        return False
    return policy.is_partnership_team(user) or is_attendee(user, review)


def may_respond_to_challenge(user: Any, obj: Any) -> bool:
    from rapidreview.meetings.models import Challenge

    if not isinstance(obj, Challenge):
        return False
    return _team_on_open(user, obj.review) or policy.acts_for(user, obj.raised_with)


def may_update_action(user: Any, obj: Any) -> bool:
    from rapidreview.meetings.models import SafeguardingAction

    if not isinstance(obj, SafeguardingAction):
        return False
    return _team_on_open(user, obj.review) or policy.acts_for(user, obj.owner)


def may_view_decision(user: Any, obj: Any) -> bool:
    review = _review(obj)
    if review is None:
        return False
    if policy.role_of(user) in {Role.PARTNERSHIP_TEAM, Role.SAFEGUARDING_PARTNER}:
        return True
    return review.state in SENT_STATES and _on_review(user, review)


def may_record_decision(user: Any, obj: Any) -> bool:
    review = _review(obj)
    return (
        review is not None and review.state in DECISION_STATES and policy.is_partnership_team(user)
    )


def may_sign_off(user: Any, obj: Any) -> bool:
    review = _review(obj)
    return review is not None and review.state == State.AWAITING_SIGN_OFF and bool(_partner(user))


def may_view_report(user: Any, obj: Any) -> bool:
    from rapidreview.decisions.models import OutcomeShare

    review = _review(obj)
    if review is None:
        return False
    if policy.role_of(user) in {Role.PARTNERSHIP_TEAM, Role.SAFEGUARDING_PARTNER}:
        return True
    return OutcomeShare.objects.filter(
        review_agency__in=policy.review_agencies_visible_to(user), review_agency__review=review
    ).exists()


def may_write_report(user: Any, obj: Any) -> bool:
    """The team writes the report's narrative text until the review is sent to the Panel."""
    review = _review(obj)
    return (
        review is not None
        and review.state in OPEN_STATES - SENT_STATES
        and policy.is_partnership_team(user)
    )


def may_record_panel(user: Any, obj: Any) -> bool:
    review = _review(obj)
    return review is not None and policy.is_partnership_team(user)


def may_share_outcome(user: Any, obj: Any) -> bool:
    review = _review(obj)
    return review is not None and review.state in SENT_STATES and policy.is_partnership_team(user)


def may_record_staff_told(user: Any, obj: Any) -> bool:
    """`obj` is the agency's ReviewAgency: its representative, once the outcome is shared (the
    review may be closed by then)."""
    return (
        isinstance(obj, ReviewAgency)
        and hasattr(obj, "outcome_share")
        and policy.role_of(user) == Role.AGENCY_REPRESENTATIVE
        and user.membership.agency_id == obj.agency_id
    )


RULES = {
    policy.Action.VIEW_MEETING: may_view_meeting,
    policy.Action.MANAGE_MEETING: _team_on_open,
    policy.Action.DOWNLOAD_MEETING_PACK: may_download_pack,
    policy.Action.RECORD_AT_MEETING: _team_on_open,
    policy.Action.RESPOND_TO_CHALLENGE: may_respond_to_challenge,
    policy.Action.UPDATE_ACTION: may_update_action,
    policy.Action.MANAGE_THEMES: lambda user, obj: policy.is_partnership_team(user),
    policy.Action.VIEW_DECISION: may_view_decision,
    policy.Action.RECORD_DECISION: may_record_decision,
    policy.Action.SIGN_OFF_REVIEW: may_sign_off,
    policy.Action.VIEW_REPORT: may_view_report,
    policy.Action.WRITE_REPORT: may_write_report,
    policy.Action.GENERATE_REPORT: lambda user, obj: (
        _review(obj) is not None
        and policy.role_of(user) in {Role.PARTNERSHIP_TEAM, Role.SAFEGUARDING_PARTNER}
    ),
    policy.Action.RECORD_PANEL: may_record_panel,
    policy.Action.SHARE_OUTCOME: may_share_outcome,
    policy.Action.RECORD_STAFF_TOLD: may_record_staff_told,
}

REFUSALS = {
    policy.Action.VIEW_MEETING: "You cannot see this meeting.",
    policy.Action.MANAGE_MEETING: "Only the partnership team can arrange the meeting of an open "
    "review.",
    policy.Action.DOWNLOAD_MEETING_PACK: "Only the people invited to the meeting can download "
    "its pack.",
    policy.Action.RECORD_AT_MEETING: "Only the partnership team can record what happens at the "
    "meeting of an open review.",
    policy.Action.RESPOND_TO_CHALLENGE: "Only the agency the challenge was raised with, or the "
    "partnership team, can answer it.",
    policy.Action.UPDATE_ACTION: "Only the agency that owns the action, or the partnership team, "
    "can update it.",
    policy.Action.MANAGE_THEMES: "Only the partnership team can change the list of themes.",
    policy.Action.VIEW_DECISION: "The decision is shared with the agencies once it has been sent "
    "to the Panel.",
    policy.Action.RECORD_DECISION: "Only the partnership team can record the decision, after the "
    "meeting and before it is sent.",
    policy.Action.SIGN_OFF_REVIEW: "Only a safeguarding partner or their delegate can sign off "
    "the rapid review, while it is awaiting sign-off.",
    policy.Action.VIEW_REPORT: "The report is shared with your agency once the review is complete.",
    policy.Action.WRITE_REPORT: "Only the partnership team can write the report, until it is "
    "sent to the Panel.",
    policy.Action.GENERATE_REPORT: "Only the partnership team and the safeguarding partners can "
    "generate the report.",
    policy.Action.RECORD_PANEL: "Only the partnership team can record what was sent to the Panel "
    "and its response.",
    policy.Action.SHARE_OUTCOME: "Only the partnership team can share the outcome, once the "
    "review has been sent to the Panel.",
    policy.Action.RECORD_STAFF_TOLD: "Only the agency's representative can record that its staff "
    "have been told the outcome.",
}
