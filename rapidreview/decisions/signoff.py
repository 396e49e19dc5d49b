"""Each safeguarding partner's sign-off of the decision (DOMAIN.md §6): the local authority, the
integrated care board and the police, each by its partner or a delegate, agrees with the
decision or disagrees with a comment. One sign-off per partner per version of the decision.

A disagreement does not stop the review being sent: the partners decide jointly, and the Panel
must see the dissent, so it is shown on the decision page and printed in the report (README,
"Design decisions"). Sending needs a sign-off, agreeing or not, from all three on the current
version (`readiness.py`).

When the third partner signs, the partnership team is emailed (the reference and a link; never
the comment, which is free text).
"""

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rapidreview.access.policy import partner_of
from rapidreview.accounts.models import Role, StatutoryPartner
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record
from rapidreview.notifications.models import Purpose
from rapidreview.notifications.services import email_queue
from rapidreview.reviews.models import RapidReview, State
from rapidreview.reviews.services import ServiceError

from .models import Decision, PartnerSignOff
from .queries import PARTNER_NAMES, current_sign_offs, dissents, in_words

COMMENT_MAX = 5_000
ROLE_MAX = 200


class SignOffRefused(ServiceError):
    """The sign-off cannot be given now (the review has moved on, or this person is not a
    partner)."""


class AlreadySigned(ServiceError):
    def __init__(self, sign_off: PartnerSignOff) -> None:
        super().__init__(f"{partner_name(sign_off.partner, capital=True)} has already signed off.")
        self.sign_off = sign_off


class DecisionChanged(ServiceError):
    """The decision was changed after the partner opened it: they must read it again."""

    def __init__(self, current_version: int) -> None:
        super().__init__(
            "The decision changed while you were reading it. Read it again before you sign it "
            "off: your answers are kept below."
        )
        self.current_version = current_version


class InvalidSignOff(ServiceError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def partner_name(partner: str, *, capital: bool = False) -> str:
    """ "the police", or "The police"."""
    name = PARTNER_NAMES[StatutoryPartner(partner)]
    return name[:1].upper() + name[1:] if capital else name


def signing_role(user: Any) -> str:
    """The role offered on the page: the account's job title, or "Safeguarding partner"."""
    return user.job_title or Role.SAFEGUARDING_PARTNER.label


def sign_off_problems(*, agrees: bool | None, comment: str, role: str) -> dict[str, str]:
    problems = {}
    if agrees is None:
        problems["agrees"] = "Select whether you agree with the decision"
    if agrees is False and not comment:
        problems["comment"] = "Enter why you do not agree with the decision"
    if len(comment) > COMMENT_MAX:
        problems["comment"] = f"The comment must be {COMMENT_MAX:,} characters or fewer"
    if not role:
        problems["role"] = "Enter your role"
    elif len(role) > ROLE_MAX:
        problems["role"] = f"Your role must be {ROLE_MAX} characters or fewer"
    return problems


def partner_sign_off(
    *,
    actor: Any,
    review: RapidReview,
    agrees: bool | None,
    comment: str,
    role: str,
    decision_version: int,
) -> PartnerSignOff:
    """Record the actor's partner's sign-off of version `decision_version` of the decision
    (the version they read); refused if the decision has changed since."""
    partner = partner_of(actor)
    if not partner:
        raise SignOffRefused("Only a safeguarding partner or their delegate can sign off.")
    comment, role = _clean(comment), _clean(role)
    if problems := sign_off_problems(agrees=agrees, comment=comment, role=role):
        raise InvalidSignOff(problems)
    with transaction.atomic():
        locked = RapidReview.objects.select_for_update().get(pk=review.pk)
        if locked.state != State.AWAITING_SIGN_OFF:
            raise SignOffRefused(
                f"The review is {locked.get_state_display().lower()}, so it cannot be signed "
                "off now."
            )
        decision = Decision.objects.filter(review=locked).first()
        if decision is None:
            raise SignOffRefused("There is no decision to sign off yet.")
        existing = PartnerSignOff.objects.filter(
            review=locked, partner=partner, decision_version=decision.version
        ).first()
        if existing is not None:
            raise AlreadySigned(existing)
        if decision_version != decision.version:
            raise DecisionChanged(decision.version)
        try:
            with transaction.atomic():
                sign_off = PartnerSignOff.objects.create(
                    review=locked,
                    partner=partner,
                    decision_version=decision.version,
                    agrees=bool(agrees),
                    comment=comment,
                    signed_by=actor,
                    signed_name=actor.full_name,
                    signed_role=role,
                    signed_at=timezone.now(),
                )
        except IntegrityError:  # signed by a colleague for the same partner a moment ago
            raise AlreadySigned(
                PartnerSignOff.objects.get(
                    review=locked, partner=partner, decision_version=decision.version
                )
            ) from None
        audit_record(
            actor=actor,
            verb=Verb.PARTNER_SIGNED_OFF,
            target=sign_off,
            review_reference=locked.reference,
            payload={
                "partner": partner,
                "agrees": sign_off.agrees,
                "decision_version": decision.version,
                "fields": ["signed_role", *(["comment"] if comment else [])],
            },
        )
        if len(current_sign_offs(locked)) == len(StatutoryPartner):
            _email_team(actor, locked, decision)
    return sign_off


def _clean(text: str) -> str:
    return (text or "").replace("\x00", "").strip()


def _email_team(actor: Any, review: RapidReview, decision: Decision) -> None:
    dissenting = [partner_name(sign_off.partner) for sign_off in dissents(review)]
    body = render_to_string(
        "decisions/sign_off_email.txt",
        {
            "reference": review.reference,
            "dissenting": (in_words(dissenting)[:1].upper() + in_words(dissenting)[1:])
            if dissenting
            else "",
            "dissent_count": len(dissenting),
            "link": settings.SITE_URL
            + reverse("decisions:decision", kwargs={"reference": review.reference}),
            "partnership_name": settings.PARTNERSHIP_NAME,
        },
    )
    email_queue(
        actor=actor,
        recipients=sorted({contact["email"] for contact in settings.PARTNERSHIP_CONTACTS}),
        subject=f"{review.reference} has been signed off by the three safeguarding partners",
        body=body,
        purpose=Purpose.WORKFLOW,
        review_reference=review.reference,
        dedupe_key=f"decision-signed-off:{review.reference}:v{decision.version}",
    )
