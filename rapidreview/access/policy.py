from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from rapidreview.accounts.models import Agency, Role, User
from rapidreview.documents.models import StoredFile
from rapidreview.reviews.models import Incident, IntakeDraft, RapidReview, ReviewAgency


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
    """Uploaded files, for now: the partnership team sees every file; a file that belongs to an
    agency is seen by that agency's users; any other file by the person who uploaded it.
    Later issues add files attached to reviews. `files_visible_to` is the same rule."""
    if role_of(user) is None:
        return False
    if is_partnership_team(user):
        return True
    if stored_file.owner_agency_id is not None:
        return stored_file.owner_agency_id == user.membership.agency_id
    return stored_file.uploaded_by_id == user.pk


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
    """The uploaded files `user` may download (the rule is `may_see_file`)."""
    if role_of(user) is None:
        return StoredFile.objects.none()
    if is_partnership_team(user):
        return StoredFile.objects.all()
    own_uploads = Q(owner_agency__isnull=True, uploaded_by=user)
    agency_id = user.membership.agency_id
    if agency_id is None:
        return StoredFile.objects.filter(own_uploads)
    return StoredFile.objects.filter(own_uploads | Q(owner_agency_id=agency_id))


# --- rapid reviews ------------------------------------------------------------------------------
# The partnership team and the safeguarding partners see every review. An agency's
# representatives and senior leaders see only the reviews their agency takes part in
# (ReviewAgency), and nothing that hints at the others. The scrutineer and anyone without a role
# see none. A notification not yet convened is seen by the team and the partners only.


def _sees_every_review(user: Any) -> bool:
    return role_of(user) in {Role.PARTNERSHIP_TEAM, Role.SAFEGUARDING_PARTNER}


def _reviewing_agency_id(user: Any) -> int | None:
    if role_of(user) in {Role.AGENCY_REPRESENTATIVE, Role.SENIOR_LEADER}:
        return user.membership.agency_id
    return None


def reviews_visible_to(user: Any) -> QuerySet[RapidReview]:
    if _sees_every_review(user):
        return RapidReview.objects.all()
    agency_id = _reviewing_agency_id(user)
    if agency_id is None:
        return RapidReview.objects.none()
    return RapidReview.objects.filter(
        Exists(ReviewAgency.objects.filter(review=OuterRef("pk"), agency_id=agency_id))
    )


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    if _sees_every_review(user):
        return Incident.objects.all()
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
