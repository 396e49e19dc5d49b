"""Inviting agencies to a rapid review (DOMAIN.md §4). The invitation is the agency's
`reviews.ReviewAgency` row; each one invited is emailed at its active representatives.

The three safeguarding partners are always on a review: every invitation also adds any active
safeguarding partner agency (`Agency.statutory_partner` set) that is not on the review yet, so
the first invitation brings all three. Nothing removes an agency from a review.

The email carries the review reference, the due dates, a link and the partnership team's
contacts (settings.PARTNERSHIP_CONTACTS, as on every other email and the footer), and nothing
about the child or family (DOMAIN.md §9).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rapidreview.accounts.models import Agency, Role, User
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record, changes_between
from rapidreview.core import calendar
from rapidreview.core.dates import long_date
from rapidreview.notifications.models import Purpose
from rapidreview.notifications.services import email_queue
from rapidreview.reviews.clock import ClockRules, Key, Milestone, by_key, plan
from rapidreview.reviews.models import OPEN_STATES, RapidReview, ReviewAgency
from rapidreview.reviews.services import ServiceError


def safeguarding_partners() -> QuerySet[Agency]:
    """The active agencies that are one of the three safeguarding partners."""
    return Agency.objects.filter(is_active=True).exclude(statutory_partner="")


def partners_not_on(review: RapidReview) -> QuerySet[Agency]:
    """Safeguarding partners the next invitation will add by itself."""
    return safeguarding_partners().exclude(review_memberships__review=review).order_by("name")


def invitable_agencies(review: RapidReview) -> QuerySet[Agency]:
    """Active agencies not on the review that the team chooses among (the partners come
    anyway, so they are not offered)."""
    return (
        Agency.objects.filter(is_active=True, statutory_partner="")
        .exclude(review_memberships__review=review)
        .order_by("name")
    )


def representatives_by_agency(agency_ids: Iterable[int]) -> dict[int, list[User]]:
    """Each agency's active representatives (who receive its invitation), by agency id."""
    found: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        is_active=True,
        membership__role=Role.AGENCY_REPRESENTATIVE,
        membership__agency_id__in=list(agency_ids),
    ).select_related("membership"):
        found[user.membership.agency_id].append(user)
    return found


def involvement_due(*, review_due: date, invited_on: date, rules: ClockRules) -> date:
    """When one agency's involvement declaration is due: the review's date from the clock, or
    the same number of working days after the agency was invited if it was invited later."""
    return max(review_due, calendar.add_working_days(invited_on, rules.involvement_days))


def agencies_invite(
    *, actor: Any, review: RapidReview, agencies: Iterable[Agency]
) -> list[ReviewAgency]:
    """Invite `agencies` (and any safeguarding partner not yet on the review) to `review`.

    Agencies already on the review are left as they are, so inviting twice changes nothing.
    Sets the date agencies were asked, if not set yet, to today. Returns the new invitations.
    """
    wanted_ids = {agency.pk for agency in agencies}
    with transaction.atomic():
        locked = (
            RapidReview.objects.select_for_update().select_related("incident").get(pk=review.pk)
        )
        if locked.state not in OPEN_STATES:
            raise ServiceError(
                f"This review is {locked.get_state_display().lower()}: agencies cannot be invited"
            )
        chosen = list(Agency.objects.filter(pk__in=wanted_ids).order_by("name"))
        inactive = [agency.name for agency in chosen if not agency.is_active]
        if inactive:
            raise ServiceError(f"{', '.join(inactive)} can no longer be invited: not active")
        on_review = set(locked.agencies.values_list("agency_id", flat=True))
        to_invite = {agency.pk: agency for agency in [*chosen, *safeguarding_partners()]}
        new = [agency for pk, agency in sorted(to_invite.items()) if pk not in on_review]
        if not new:
            return []
        _record_asked(actor, locked)
        return _invite_each(actor, locked, sorted(new, key=lambda agency: agency.name))


def _record_asked(actor: Any, review: RapidReview) -> None:
    if review.agencies_asked_on is not None:
        return
    today = calendar.today()
    changes = changes_between({"agencies_asked_on": None}, {"agencies_asked_on": today})
    review.agencies_asked_on = today
    review.updated_at = timezone.now()
    review.save(update_fields=["agencies_asked_on", "updated_at"])
    audit_record(
        actor=actor,
        verb=Verb.REVIEW_CHANGED,
        target=review,
        review_reference=review.reference,
        payload=changes,
    )


def _invite_each(actor: Any, review: RapidReview, agencies: list[Agency]) -> list[ReviewAgency]:
    now = timezone.now()
    representatives = representatives_by_agency(agency.pk for agency in agencies)
    rules = ClockRules.from_settings()
    milestones = by_key(plan(review.incident, review, rules=rules, today=calendar.today()))
    invited = []
    for agency in agencies:
        review_agency = ReviewAgency.objects.create(
            review=review, agency=agency, invited_at=now, invited_by=actor
        )
        recipients = [user.email for user in representatives.get(agency.pk, [])]
        audit_record(
            actor=actor,
            verb=Verb.AGENCY_INVITED,
            target=agency,
            review_reference=review.reference,
            payload={
                "agency": agency.name,
                "safeguarding_partner": agency.is_statutory_partner,
                "representatives_emailed": len(recipients),
            },
        )
        if recipients:
            _email(actor, review_agency, recipients, milestones, rules)
        invited.append(review_agency)
    return invited


def invitation_email(
    review_agency: ReviewAgency, milestones: dict[Key, Milestone], rules: ClockRules
) -> tuple[str, str]:
    """The subject and body of one agency's invitation: no child's or family's details."""
    review = review_agency.review
    context = {
        "reference": review.reference,
        "agency": review_agency.agency.name,
        "partnership_name": settings.PARTNERSHIP_NAME,
        "involvement_due": long_date(
            involvement_due(
                review_due=milestones[Key.INVOLVEMENT].due,
                invited_on=timezone.localdate(review_agency.invited_at),
                rules=rules,
            )
        ),
        "returns_due": long_date(milestones[Key.RETURNS].due),
        "meeting_date": long_date(review.meeting_date) if review.meeting_date else "",
        "meeting_by": long_date(milestones[Key.MEETING].due),
        "link": settings.SITE_URL + reverse("reviews:review_detail", args=[review.reference]),
        "contacts": settings.PARTNERSHIP_CONTACTS,
    }
    subject = render_to_string("participation/email/invitation_subject.txt", context)
    body = render_to_string("participation/email/invitation.txt", context)
    return " ".join(subject.split()), body


def _email(
    actor: Any,
    review_agency: ReviewAgency,
    recipients: list[str],
    milestones: dict[Key, Milestone],
    rules: ClockRules,
) -> None:
    subject, body = invitation_email(review_agency, milestones, rules)
    review = review_agency.review
    email_queue(
        actor=actor,
        recipients=recipients,
        subject=subject,
        body=body,
        purpose=Purpose.INVITATION,
        review_reference=review.reference,
        dedupe_key=f"invitation:{review.reference}:{review_agency.agency.public_id}",
    )
