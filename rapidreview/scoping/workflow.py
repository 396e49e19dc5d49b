"""The scoping return's workflow (DOMAIN.md §4 duty 9, §5): the agency submits it for sign-off,
its senior leader signs it off ("I am sighted on this return") or returns it for amendment, and
the partnership team releases it to the meeting or returns it for amendment.

    draft ──submit──▶ submitted ──sign off──▶ signed off ──release──▶ released
      ▲                   │                       │
      └── returned ◀──────┴── return for amendment┘   (returned ──submit──▶ submitted)

Who may take each step is the access policy's (`Action.SUBMIT_RETURN`, `SIGN_OFF_RETURN`,
`RETURN_FOR_AMENDMENT`, `RELEASE_RETURN`); the views ask it first. Each service here locks the
return, checks its state again (two people may press a button at once), changes it, keeps a
version (`return_changed`, kind "workflow"), records a `WorkflowEvent` and an audit event, and
queues the emails, all in one transaction.

What a return needs before it can be submitted (`missing_for_submission`):
- sections A, D, E, F and G each marked as completed by the editor;
- section B: the agency's involvement declaration has been made;
- section C: at least one chronology row, unless the declaration is a nil return (an agency that
  knew no one has no contacts to list).

Emails carry the review reference, the agency's name and a link, never a child's or family
member's details, and never a comment given with a return for amendment (a comment may name
people): the email says to sign in to read it.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from rapidreview.accounts.models import Membership, Role
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.notifications.models import Purpose
from rapidreview.notifications.services import email_queue
from rapidreview.participation.models import InvolvementDeclaration, Nomination
from rapidreview.reviews.models import OPEN_STATES

from .models import (
    ANSWERED_SECTIONS,
    ReturnState,
    ScopingReturn,
    Section,
    VersionKind,
    WorkflowEvent,
    WorkflowStep,
)
from .services import ReturnError, lock, return_changed

COMMENT_MAX = 5000


def missing_for_submission(scoping_return: ScopingReturn) -> list[str]:
    """What must be done before the return can be submitted, in words; empty when it is ready."""
    missing = []
    done = set(scoping_return.completed_sections)
    declaration = (
        InvolvementDeclaration.objects.filter(review_agency=scoping_return.review_agency_id)
        .prefetch_related("lines")
        .first()
    )
    for section in Section:
        if section in ANSWERED_SECTIONS and section not in done:
            missing.append(f"Section {section.value}, {section.label.lower()}: not completed")
        elif section == Section.B and declaration is None:
            missing.append(
                "Section B, involvement: your agency has not declared its involvement yet"
            )
        elif section == Section.C and not scoping_return.chronology.exists():
            if declaration is None or not declaration.is_nil_return:
                missing.append("Section C, chronology: add at least one contact")
    return missing


# --- the steps ---------------------------------------------------------------------------------


def return_submit(*, actor: Any, scoping_return: ScopingReturn) -> ScopingReturn:
    """The agency's representative or a nominee submits the return to its senior leader."""
    with transaction.atomic():
        locked = _locked_in(scoping_return, {ReturnState.DRAFT, ReturnState.RETURNED}, "submitted")
        missing = missing_for_submission(locked)
        if missing:
            raise IncompleteReturn(missing)
        old_state = locked.state
        _step(locked, actor=actor, step=WorkflowStep.SUBMITTED, state=ReturnState.SUBMITTED)
        audit_record(
            actor=actor,
            verb=Verb.RETURN_SUBMITTED,
            target=locked,
            review_reference=_reference(locked),
            payload={"state": {"old": old_state, "new": locked.state}},
        )
        senior_leaders = _agency_emails(locked, {Role.SENIOR_LEADER})
        _email(
            locked,
            actor=actor,
            recipients=senior_leaders or _partnership_emails(),
            subject=f"A scoping return for {_reference(locked)} is ready for sign-off",
            what="submitted" if senior_leaders else "submitted_no_senior_leader",
            link=_agency_link(locked),
        )
    return locked


def return_sign_off(*, actor: Any, scoping_return: ScopingReturn, sighted: bool) -> ScopingReturn:
    """The agency's senior leader signs off the submitted return: "I am sighted on this return".
    Their name and role are taken from their account; the date is today."""
    if not sighted:
        raise ReturnError("Confirm that you are sighted on this return")
    with transaction.atomic():
        locked = _locked_in(scoping_return, {ReturnState.SUBMITTED}, "signed off")
        locked.signed_off_by = actor
        locked.signed_off_name = actor.full_name
        locked.signed_off_role = signing_role(actor)
        locked.signed_off_on = timezone.localdate()
        locked.save(
            update_fields=["signed_off_by", "signed_off_name", "signed_off_role", "signed_off_on"]
        )
        _step(locked, actor=actor, step=WorkflowStep.SIGNED_OFF, state=ReturnState.SIGNED_OFF)
        audit_record(
            actor=actor,
            verb=Verb.RETURN_SIGNED_OFF,
            target=locked,
            review_reference=_reference(locked),
            payload={
                "state": {"old": ReturnState.SUBMITTED, "new": ReturnState.SIGNED_OFF},
                "signed_off_on": locked.signed_off_on.isoformat(),
            },
        )
        _email(
            locked,
            actor=actor,
            recipients=_partnership_emails(),
            subject=f"A scoping return for {_reference(locked)} has been signed off",
            what="signed_off",
            link=_team_link(locked),
        )
    return locked


def return_send_back(*, actor: Any, scoping_return: ScopingReturn, comment: str) -> ScopingReturn:
    """Return the return to the agency for amendment, with a comment saying what to change: by
    the senior leader before sign-off, or by the partnership team before release. A sign-off is
    undone (the senior leader signs the amended return again)."""
    comment = comment.strip()
    if not comment:
        raise ReturnError("Enter what needs to change")
    if len(comment) > COMMENT_MAX:
        raise ReturnError(f"The comment must be {COMMENT_MAX} characters or fewer")
    with transaction.atomic():
        locked = _locked_in(
            scoping_return, {ReturnState.SUBMITTED, ReturnState.SIGNED_OFF}, "returned"
        )
        old_state = locked.state
        # The state first: a signed-off return must name who signed it off (a constraint).
        locked.state = ReturnState.RETURNED
        locked.signed_off_by, locked.signed_off_name, locked.signed_off_role = None, "", ""
        locked.signed_off_on = None
        locked.save(
            update_fields=[
                "state",
                "signed_off_by",
                "signed_off_name",
                "signed_off_role",
                "signed_off_on",
            ]
        )
        _step(
            locked,
            actor=actor,
            step=WorkflowStep.RETURNED,
            state=ReturnState.RETURNED,
            comment=comment,
        )
        audit_record(
            actor=actor,
            verb=Verb.RETURN_RETURNED,
            target=locked,
            review_reference=_reference(locked),
            payload={"state": {"old": old_state, "new": ReturnState.RETURNED}},
        )
        _email(
            locked,
            actor=actor,
            recipients=_agency_emails(locked, {Role.AGENCY_REPRESENTATIVE}, nominees=True),
            subject=f"A scoping return for {_reference(locked)} needs amending",
            what="returned",
            link=_agency_link(locked),
        )
    return locked


def return_release(*, actor: Any, scoping_return: ScopingReturn) -> ScopingReturn:
    """The partnership team releases the signed-off return to the meeting: from now on everyone
    taking part in the review, and the safeguarding partners, can read it."""
    with transaction.atomic():
        locked = _locked_in(scoping_return, {ReturnState.SIGNED_OFF}, "released")
        locked.released_by = actor
        locked.released_at = timezone.now()
        locked.save(update_fields=["released_by", "released_at"])
        _step(locked, actor=actor, step=WorkflowStep.RELEASED, state=ReturnState.RELEASED)
        audit_record(
            actor=actor,
            verb=Verb.RETURN_RELEASED,
            target=locked,
            review_reference=_reference(locked),
            payload={"state": {"old": ReturnState.SIGNED_OFF, "new": ReturnState.RELEASED}},
        )
        _email(
            locked,
            actor=actor,
            recipients=_agency_emails(locked, {Role.AGENCY_REPRESENTATIVE}),
            subject=f"Your scoping return for {_reference(locked)} has been released",
            what="released",
            link=_agency_link(locked),
        )
    return locked


class IncompleteReturn(ReturnError):
    """The return cannot be submitted yet; `missing` says what to finish, one line each."""

    def __init__(self, missing: list[str]):
        super().__init__("The return cannot be submitted until it is complete")
        self.missing = missing


def signing_role(user: Any) -> str:
    """The role a senior leader signs off as: their job title, or their role in the service."""
    return user.job_title or Role.SENIOR_LEADER.label


# --- shared --------------------------------------------------------------------------------------


def _reference(scoping_return: ScopingReturn) -> str:
    return scoping_return.review_agency.review.reference


def _locked_in(scoping_return: ScopingReturn, states: set[str], verb: str) -> ScopingReturn:
    locked = lock(scoping_return)
    if locked.review_agency.review.state not in OPEN_STATES:
        raise ReturnError(f"The review is closed, so the return cannot be {verb} now.")
    if locked.state not in states:
        raise ReturnError(
            f"This return is {locked.get_state_display().lower()}, so it cannot be {verb} now."
        )
    return locked


def _step(locked: ScopingReturn, *, actor: Any, step: str, state: str, comment: str = "") -> None:
    locked.state = state
    return_changed(
        locked,
        actor=actor,
        summary=WorkflowStep(step).label,
        kind=VersionKind.WORKFLOW,
    )
    WorkflowEvent.objects.create(scoping_return=locked, step=step, comment=comment, by=actor)


def _agency_emails(
    scoping_return: ScopingReturn, roles: set[str], *, nominees: bool = False
) -> list[str]:
    review_agency = scoping_return.review_agency
    emails = set(
        Membership.objects.filter(
            agency_id=review_agency.agency_id, role__in=sorted(roles), user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if nominees:
        emails.update(
            Nomination.objects.active()
            .filter(review_agency=review_agency, user__is_active=True)
            .values_list("user__email", flat=True)
        )
    return sorted(emails)


def _partnership_emails() -> list[str]:
    return sorted({contact["email"] for contact in settings.PARTNERSHIP_CONTACTS})


def _url(name: str, kwargs: dict, fallback: str) -> str:
    try:
        path = reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # the return's pages are another part's; until they exist
        path = reverse(fallback, kwargs={"reference": kwargs["reference"]})
    return settings.SITE_URL + path


def _agency_link(scoping_return: ScopingReturn) -> str:
    return _url(
        "scoping:return_overview",
        {"reference": _reference(scoping_return)},
        "participation:agency_tasks",
    )


def _team_link(scoping_return: ScopingReturn) -> str:
    return _url(
        "scoping:agency_return",
        {
            "reference": _reference(scoping_return),
            "agency": scoping_return.review_agency.agency.public_id,
        },
        "participation:agencies",
    )


def _email(
    scoping_return: ScopingReturn,
    *,
    actor: Any,
    recipients: list[str],
    subject: str,
    what: str,
    link: str,
) -> None:
    if not recipients:
        return
    body = render_to_string(
        "scoping/workflow_email.txt",
        {
            "what": what,
            "reference": _reference(scoping_return),
            "agency": scoping_return.review_agency.agency.name,
            "link": link,
            "partnership_name": settings.PARTNERSHIP_NAME,
            "contacts": settings.PARTNERSHIP_CONTACTS,
        },
    )
    email_queue(
        actor=actor,
        recipients=recipients,
        subject=subject,
        body=body,
        purpose=Purpose.REMINDER,
        review_reference=_reference(scoping_return),
    )
