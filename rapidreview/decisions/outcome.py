"""Sharing the completed rapid review with each participating agency, and each agency recording
that it has told its staff (issue 7, item 7; DOMAIN.md §4 duty 10, §8).

The partnership team shares it, once the review has been sent to the Panel, with the agencies
it chooses among those on the review. Each agency is shared with once: an `OutcomeShare` row,
an audit event and one email to the agency's active representatives with the review reference,
a link and the partnership's contacts, never a name. From then on the agency's people can read
the report, and its representative records the day the staff were told (and, member by member,
in the staff register).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record, changes_between
from rapidreview.core import calendar
from rapidreview.core.dates import UK_TIME
from rapidreview.notifications.models import Purpose
from rapidreview.notifications.services import email_queue
from rapidreview.participation.invitations import representatives_by_agency
from rapidreview.reviews.models import SENT_STATES, RapidReview, ReviewAgency
from rapidreview.reviews.rules import Finding, recorded_date_problems
from rapidreview.reviews.services import Invalid, ServiceError

from .models import OutcomeShare


@dataclass(frozen=True)
class Shared:
    """What sharing did: the agencies shared with, and those with no one to email."""

    shares: list[OutcomeShare]
    not_emailed: list[str]  # agency names with no active representative


@dataclass(frozen=True)
class Row:
    """One agency on the review, as the outcome page shows it."""

    review_agency: ReviewAgency
    shared_on: date | None
    staff_told_on: date | None

    @property
    def name(self) -> str:
        return self.review_agency.agency.name


def rows_of(review_agencies: Iterable[ReviewAgency]) -> list[Row]:
    rows = []
    for review_agency in review_agencies:
        share = getattr(review_agency, "outcome_share", None)
        rows.append(
            Row(
                review_agency,
                shared_on(share) if share else None,
                share.staff_told_on if share else None,
            )
        )
    return rows


def agencies_on(review: RapidReview) -> list[ReviewAgency]:
    """The agencies on the review, by name, each with its share (if any) fetched."""
    return list(
        ReviewAgency.objects.filter(review=review)
        .select_related("agency", "outcome_share")
        .order_by("agency__name")
    )


def shared_on(share: OutcomeShare) -> date:
    return share.shared_at.astimezone(UK_TIME).date()


def outcome_share(
    *, actor: Any, review: RapidReview, review_agencies: Iterable[ReviewAgency]
) -> Shared:
    """Share the completed rapid review with each of `review_agencies` not shared with yet."""
    wanted = {review_agency.pk for review_agency in review_agencies}
    if not wanted:
        raise Invalid(
            [Finding("agencies", "Select the agencies to share the completed rapid review with")]
        )
    with transaction.atomic():
        locked = RapidReview.objects.select_for_update().get(pk=review.pk)
        if locked.state not in SENT_STATES:
            raise ServiceError(
                "The completed rapid review can be shared once it has been sent to the Panel"
            )
        chosen = (
            ReviewAgency.objects.filter(review=locked, pk__in=wanted)
            .filter(outcome_share__isnull=True)
            .select_related("agency")
            .order_by("agency__name")
        )
        new = list(chosen)
        if not new:
            raise ServiceError(
                "The completed rapid review has already been shared with the agencies you chose"
            )
        representatives = representatives_by_agency(ra.agency_id for ra in new)
        shares, not_emailed = [], []
        for review_agency in new:
            share = OutcomeShare.objects.create(review_agency=review_agency, shared_by=actor)
            recipients = sorted(
                user.email for user in representatives.get(review_agency.agency_id, [])
            )
            audit_record(
                actor=actor,
                verb=Verb.OUTCOME_SHARED,
                target=review_agency.agency,
                review_reference=locked.reference,
                payload={
                    "agency": review_agency.agency.name,
                    "representatives_emailed": len(recipients),
                },
            )
            if recipients:
                _email(actor, locked, review_agency, recipients)
            else:
                not_emailed.append(review_agency.agency.name)
            shares.append(share)
    return Shared(shares, not_emailed)


def outcome_staff_told(*, actor: Any, review_agency: ReviewAgency, told_on: date) -> OutcomeShare:
    """Record the day the agency told its staff the outcome (a later save corrects it)."""
    with transaction.atomic():
        share = OutcomeShare.objects.select_for_update().filter(review_agency=review_agency).first()
        if share is None:
            raise ServiceError("The outcome has not been shared with your agency yet")
        findings = recorded_date_problems(
            "told_on",
            told_on,
            "The date your staff were told",
            not_before=[
                (
                    shared_on(share),
                    "the date the completed rapid review was shared with your agency",
                )
            ],
            today=calendar.today(),
        )
        if findings:
            raise Invalid(findings)
        changes = changes_between(
            {"staff_told_on": share.staff_told_on}, {"staff_told_on": told_on}
        )
        share.staff_told_on = told_on
        share.staff_told_recorded_by = actor
        share.save(update_fields=["staff_told_on", "staff_told_recorded_by"])
        audit_record(
            actor=actor,
            verb=Verb.OUTCOME_STAFF_TOLD,
            target=review_agency.agency,
            review_reference=review_agency.review.reference,
            payload={"agency": review_agency.agency.name, **changes},
        )
    return share


def _email(
    actor: Any, review: RapidReview, review_agency: ReviewAgency, recipients: list[str]
) -> None:
    context = {
        "reference": review.reference,
        "agency": review_agency.agency.name,
        "partnership_name": settings.PARTNERSHIP_NAME,
        "link": settings.SITE_URL
        + reverse("decisions:outcome", kwargs={"reference": review.reference}),
        "contacts": settings.PARTNERSHIP_CONTACTS,
    }
    email_queue(
        actor=actor,
        recipients=recipients,
        subject=f"The completed rapid review {review.reference} has been shared with your agency",
        body=render_to_string("decisions/outcome_email.txt", context),
        purpose=Purpose.WORKFLOW,
        review_reference=review.reference,
        dedupe_key=f"outcome-shared:{review.reference}:{review_agency.agency.public_id}",
    )
