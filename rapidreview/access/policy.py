from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from rapidreview.accounts.models import Agency, Role, User
from rapidreview.documents.models import StoredFile
from rapidreview.participation.models import Nomination
from rapidreview.reviews.models import (
    OPEN_STATES,
    Incident,
    IntakeDraft,
    RapidReview,
    ReviewAgency,
    State,
)


class Action(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_AGENCIES = "manage_agencies"
    VIEW_AUDIT = "view_audit"
    CREATE_INCIDENT = "create_incident"
    CONVENE_REVIEW = "convene_review"
    EDIT_REVIEW = "edit_review"
    TRANSITION_REVIEW = "transition_review"
    UPLOAD_FILE = "upload_file"
    DOWNLOAD_FILE = "download_file"
    MANAGE_CALENDAR = "manage_calendar"
    # Agencies in a review. Actions on one agency's part take its ReviewAgency row as `obj`;
    # actions on the whole review take the RapidReview.
    INVITE_AGENCIES = "invite_agencies"
    VIEW_PARTICIPATION = "view_participation"
    MANAGE_REVIEW_DOCUMENTS = "manage_review_documents"
    ACT_FOR_AGENCY = "act_for_agency"
    VIEW_AGENCY_WORK = "view_agency_work"
    NOMINATE = "nominate"
    VIEW_STAFF_REGISTER = "view_staff_register"
    VIEW_PRIVATE_RECORDS = "view_private_records"
    # After closure: the agency's representative records that its alerts have been reviewed.
    RECORD_ALERTS_REVIEWED = "record_alerts_reviewed"
    # The email outbox: what is waiting, sent or could not be sent.
    VIEW_OUTBOX = "view_outbox"
    # Scoping returns: `obj` is the ScopingReturn (the merged chronology: the RapidReview). The
    # rules are in access/returns.py.
    VIEW_RETURN = "view_return"
    EDIT_RETURN = "edit_return"
    SUBMIT_RETURN = "submit_return"
    SIGN_OFF_RETURN = "sign_off_return"
    RETURN_FOR_AMENDMENT = "return_for_amendment"
    RELEASE_RETURN = "release_return"
    VIEW_MERGED_CHRONOLOGY = "view_merged_chronology"
    # The meeting, the decision, sign-off, the report and the outcome: `obj` is the RapidReview
    # unless access/meetings.py says otherwise. The rules are in access/meetings.py.
    VIEW_MEETING = "view_meeting"
    MANAGE_MEETING = "manage_meeting"
    DOWNLOAD_MEETING_PACK = "download_meeting_pack"
    RECORD_AT_MEETING = "record_at_meeting"
    RESPOND_TO_CHALLENGE = "respond_to_challenge"  # obj: the Challenge
    UPDATE_ACTION = "update_action"  # obj: the SafeguardingAction
    MANAGE_THEMES = "manage_themes"  # no obj
    VIEW_DECISION = "view_decision"
    RECORD_DECISION = "record_decision"
    SIGN_OFF_REVIEW = "sign_off_review"
    VIEW_REPORT = "view_report"
    WRITE_REPORT = "write_report"
    GENERATE_REPORT = "generate_report"
    RECORD_PANEL = "record_panel"
    SHARE_OUTCOME = "share_outcome"
    RECORD_STAFF_TOLD = "record_staff_told"  # obj: the agency's ReviewAgency


# --- predicates -------------------------------------------------------------------------------


def role_of(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    membership = getattr(user, "membership", None)
    return membership.role if membership else None


def is_partnership_team(user: Any) -> bool:
    return role_of(user) == Role.PARTNERSHIP_TEAM


def is_scrutineer(user: Any) -> bool:
    return role_of(user) == Role.SCRUTINEER


def may_see_file(user: Any, stored_file: StoredFile) -> bool:
    """The rule is `files_visible_to`'s, asked of one file."""
    return files_visible_to(user).filter(pk=stored_file.pk).exists()


# --- agencies in a review -----------------------------------------------------------------------
# An agency's part of a review (its ReviewAgency row and everything hanging off it) is worked on
# by the agency's representatives and by colleagues they nominate for that review; the agency's
# senior leaders read it. A nomination gives access only while it stands and the review is open.


def _nominated_on(user: Any, review_agency: ReviewAgency) -> bool:
    return (
        role_of(user) == Role.NOMINATED_REPRESENTATIVE
        and Nomination.objects.active().filter(user=user, review_agency=review_agency).exists()
    )


def _agency_role_on(user: Any, review_agency: ReviewAgency, role: Role) -> bool:
    return role_of(user) == role and user.membership.agency_id == review_agency.agency_id


def acts_for(user: Any, review_agency: ReviewAgency) -> bool:
    """The agency's representative or a nominee, on an open review."""
    if not isinstance(review_agency, ReviewAgency) or review_agency.review.state not in OPEN_STATES:
        return False
    return _agency_role_on(user, review_agency, Role.AGENCY_REPRESENTATIVE) or _nominated_on(
        user, review_agency
    )


def inside_agency(user: Any, review_agency: ReviewAgency) -> bool:
    """Anyone working in the agency on this review: representative, nominee or senior leader.
    The representative and senior leader keep read access after the review closes."""
    if not isinstance(review_agency, ReviewAgency):
        return False
    return (
        _agency_role_on(user, review_agency, Role.AGENCY_REPRESENTATIVE)
        or _agency_role_on(user, review_agency, Role.SENIOR_LEADER)
        or _nominated_on(user, review_agency)
    )


def _open_review(obj: Any) -> bool:
    return isinstance(obj, RapidReview) and obj.state in OPEN_STATES


# --- permissions ------------------------------------------------------------------------------

_RULES: dict[Action, Callable[[Any, Any], bool]] = {
    Action.MANAGE_USERS: lambda user, obj: is_partnership_team(user),
    Action.MANAGE_AGENCIES: lambda user, obj: is_partnership_team(user),
    Action.VIEW_AUDIT: lambda user, obj: is_partnership_team(user) or is_scrutineer(user),
    Action.CREATE_INCIDENT: lambda user, obj: is_partnership_team(user),
    Action.CONVENE_REVIEW: lambda user, obj: is_partnership_team(user),
    Action.EDIT_REVIEW: lambda user, obj: is_partnership_team(user),
    Action.TRANSITION_REVIEW: lambda user, obj: is_partnership_team(user),
    Action.UPLOAD_FILE: lambda user, obj: is_partnership_team(user),
    Action.DOWNLOAD_FILE: lambda user, obj: obj is not None and may_see_file(user, obj),
    Action.MANAGE_CALENDAR: lambda user, obj: is_partnership_team(user),
    Action.VIEW_OUTBOX: lambda user, obj: is_partnership_team(user),
    Action.INVITE_AGENCIES: lambda user, obj: is_partnership_team(user) and _open_review(obj),
    Action.VIEW_PARTICIPATION: lambda user, obj: _sees_every_review(user),
    Action.MANAGE_REVIEW_DOCUMENTS: lambda user, obj: (
        is_partnership_team(user) and _open_review(obj)
    ),
    Action.ACT_FOR_AGENCY: acts_for,
    Action.VIEW_AGENCY_WORK: lambda user, obj: (
        isinstance(obj, ReviewAgency) and (is_partnership_team(user) or inside_agency(user, obj))
    ),
    Action.NOMINATE: lambda user, obj: (
        isinstance(obj, ReviewAgency)
        and obj.review.state in OPEN_STATES
        and _agency_role_on(user, obj, Role.AGENCY_REPRESENTATIVE)
    ),
    Action.VIEW_STAFF_REGISTER: inside_agency,
    Action.VIEW_PRIVATE_RECORDS: lambda user, obj: (
        isinstance(obj, ReviewAgency)
        and (_agency_role_on(user, obj, Role.AGENCY_REPRESENTATIVE) or _nominated_on(user, obj))
    ),
    Action.RECORD_ALERTS_REVIEWED: lambda user, obj: (
        isinstance(obj, ReviewAgency)
        and obj.review.state == State.CLOSED
        and _agency_role_on(user, obj, Role.AGENCY_REPRESENTATIVE)
    ),
}

REFUSALS: dict[Action, str] = {
    Action.MANAGE_USERS: "Only the partnership team can manage users.",
    Action.MANAGE_AGENCIES: "Only the partnership team can manage agencies.",
    Action.VIEW_AUDIT: "Only the partnership team and the scrutineer can see the audit trail.",
    Action.CREATE_INCIDENT: "Only the partnership team can log a serious incident notification.",
    Action.CONVENE_REVIEW: "Only the partnership team can convene a rapid review.",
    Action.EDIT_REVIEW: "Only the partnership team can change a review's dates.",
    Action.TRANSITION_REVIEW: "Only the partnership team can move a review to its next step.",
    Action.UPLOAD_FILE: "Only the partnership team can upload files here.",
    Action.DOWNLOAD_FILE: "You cannot download this file.",
    Action.MANAGE_CALENDAR: "Only the partnership team can manage bank holidays and closure days.",
    Action.VIEW_OUTBOX: "Only the partnership team can see the email outbox.",
    Action.INVITE_AGENCIES: "Only the partnership team can invite agencies to an open review.",
    Action.VIEW_PARTICIPATION: "Only the partnership team and the safeguarding partners can see "
    "every agency's progress.",
    Action.MANAGE_REVIEW_DOCUMENTS: "Only the partnership team can change an open review's "
    "documents.",
    Action.ACT_FOR_AGENCY: "Only the agency's representative, or a colleague they nominated, can "
    "do this while the review is open.",
    Action.VIEW_AGENCY_WORK: "Only the agency and the partnership team can see this.",
    Action.NOMINATE: "Only the agency's representative can nominate colleagues, while the review "
    "is open.",
    Action.VIEW_STAFF_REGISTER: "The staff register is seen only inside the agency that keeps it.",
    Action.VIEW_PRIVATE_RECORDS: "The private area is seen only by the agency's representative "
    "and the colleagues they nominated.",
    Action.RECORD_ALERTS_REVIEWED: "Only the agency's representative can record that its alerts "
    "were reviewed, once the review is closed.",
}


def can(user: Any, action: Action, obj: Any = None) -> bool:
    """Whether `user` may do `action` (to `obj`). Unknown actions are refused."""
    rule = _RULES.get(action)
    return bool(rule and role_of(user) is not None and rule(user, obj))


def require(user: Any, action: Action, obj: Any = None) -> None:
    """Raise PermissionDenied, with a plain explanation, unless `can` says yes."""
    if not can(user, action, obj):
        raise PermissionDenied(REFUSALS.get(action, "You do not have permission to do this."))


# --- scopes -----------------------------------------------------------------------------------


def users_visible_to(user: Any) -> QuerySet[User]:
    if is_partnership_team(user):
        return User.objects.select_related("membership__agency")
    return User.objects.none()


def agencies_visible_to(user: Any) -> QuerySet[Agency]:
    """Agency names are not personal data; every signed-in role may see the list."""
    if role_of(user) is None:
        return Agency.objects.none()
    return Agency.objects.all()


def files_visible_to(user: Any) -> QuerySet[StoredFile]:
    """The uploaded files `user` may download.

    A review's documents are seen by everyone who sees the review; a record in an agency's
    private area only by that agency's representatives and nominees (not the partnership team).
    Any other file: the partnership team sees it; a file that belongs to an agency is seen by
    that agency's representatives and senior leaders; the rest by the person who uploaded them.
    """
    if role_of(user) is None:
        return StoredFile.objects.none()
    private = Q(private_record__isnull=False)
    review_document = Q(review_document__isnull=False)
    ordinary = ~private & ~review_document
    if not is_partnership_team(user):
        own = Q(owner_agency__isnull=True, uploaded_by=user)
        # A nominee works on one review, so sees none of the agency's other files.
        agency_id = _reviewing_agency_id(user)
        ordinary &= own | Q(owner_agency_id=agency_id) if agency_id else own
    return StoredFile.objects.filter(
        ordinary
        | (review_document & Q(review_document__review__in=reviews_visible_to(user)))
        | (private & Q(private_record__review_agency__in=_private_area_agencies(user)))
    )


def _private_area_agencies(user: Any) -> QuerySet[ReviewAgency]:
    if role_of(user) == Role.AGENCY_REPRESENTATIVE:
        return ReviewAgency.objects.filter(agency_id=user.membership.agency_id)
    return _nominated_review_agencies(user)


def _nominated_review_agencies(user: Any) -> QuerySet[ReviewAgency]:
    if role_of(user) != Role.NOMINATED_REPRESENTATIVE:
        return ReviewAgency.objects.none()
    return ReviewAgency.objects.filter(
        Exists(Nomination.objects.active().filter(review_agency=OuterRef("pk"), user=user))
    )


def review_agencies_visible_to(user: Any) -> QuerySet[ReviewAgency]:
    """The agencies-on-reviews whose part `user` may read (VIEW_AGENCY_WORK as a scope): every
    one for the partnership team; the agency's own for its representatives and senior leaders;
    the nominated ones, while they stand, for a nominee. The safeguarding partners read the
    participation matrix (VIEW_PARTICIPATION), not an agency's own pages."""
    if is_partnership_team(user):
        return ReviewAgency.objects.all()
    agency_id = _reviewing_agency_id(user)
    if agency_id is not None:
        return ReviewAgency.objects.filter(agency_id=agency_id)
    return _nominated_review_agencies(user)


def review_agency_of(user: Any, review: RapidReview) -> ReviewAgency | None:
    """The row `user` works on, or reads, for their agency on `review`; None for roles that do
    not act for an agency (the partnership team, partners, scrutineer)."""
    if is_partnership_team(user) or role_of(user) is None:
        return None
    return (
        review_agencies_visible_to(user)
        .select_related("agency", "review")
        .filter(review=review)
        .first()
    )


# --- rapid reviews ------------------------------------------------------------------------------
# The partnership team and the safeguarding partners see every review. An agency's
# representatives and senior leaders see only the reviews their agency takes part in
# (ReviewAgency), and nothing that hints at the others; a nominated representative only the
# open reviews they are nominated on. The scrutineer and anyone without a role see none. A notification not yet convened is seen by the team and the partners only.


def _sees_every_review(user: Any) -> bool:
    return role_of(user) in {Role.PARTNERSHIP_TEAM, Role.SAFEGUARDING_PARTNER}


def _reviewing_agency_id(user: Any) -> int | None:
    if role_of(user) in {Role.AGENCY_REPRESENTATIVE, Role.SENIOR_LEADER}:
        return user.membership.agency_id
    return None


def reviews_visible_to(user: Any) -> QuerySet[RapidReview]:
    if _sees_every_review(user):
        return RapidReview.objects.all()
    if role_of(user) == Role.NOMINATED_REPRESENTATIVE:
        return RapidReview.objects.filter(
            Exists(_nominated_review_agencies(user).filter(review=OuterRef("pk")))
        )
    agency_id = _reviewing_agency_id(user)
    if agency_id is None:
        return RapidReview.objects.none()
    return RapidReview.objects.filter(
        Exists(ReviewAgency.objects.filter(review=OuterRef("pk"), agency_id=agency_id))
    )


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    if _sees_every_review(user):
        return Incident.objects.all()
    if role_of(user) == Role.NOMINATED_REPRESENTATIVE:
        return Incident.objects.filter(review__in=reviews_visible_to(user))
    agency_id = _reviewing_agency_id(user)
    if agency_id is None:
        return Incident.objects.none()
    return Incident.objects.filter(
        Exists(ReviewAgency.objects.filter(review__incident=OuterRef("pk"), agency_id=agency_id))
    )


def intake_drafts_visible_to(user: Any) -> QuerySet[IntakeDraft]:
    """A notification being entered is seen only by the team member who started it."""
    if is_partnership_team(user):
        return IntakeDraft.objects.filter(created_by=user)
    return IntakeDraft.objects.none()


# --- scoping returns (access/returns.py) ----------------------------------------------------------
from .returns import REFUSALS as _RETURN_REFUSALS  # noqa: E402
from .returns import RULES as _RETURN_RULES  # noqa: E402
from .returns import returns_visible_to  # noqa: E402, F401

_RULES.update(_RETURN_RULES)
REFUSALS.update(_RETURN_REFUSALS)

# --- the meeting, the decision and the report (access/meetings.py) --------------------------------
from .meetings import REFUSALS as _MEETING_REFUSALS  # noqa: E402
from .meetings import RULES as _MEETING_RULES  # noqa: E402
from .meetings import is_attendee, partner_of  # noqa: E402, F401

_RULES.update(_MEETING_RULES)
REFUSALS.update(_MEETING_REFUSALS)
