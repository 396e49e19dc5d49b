"""An agency's answers to the invitation (DOMAIN.md §4, duties 1 and 3): who will attend the
meeting, whether the agency knew the child and each named individual during the scoping period
(a nil return when it knew none of them), and which colleagues it nominates to help.

Each use case runs in one transaction with its audit event, and checks its own rules whatever
the form already checked. Who may call them is the access policy's business (the views ask it).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rapidreview.accounts.models import Agency, Role, User
from rapidreview.accounts.services import user_invite
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record, changes_between
from rapidreview.core.dates import long_date
from rapidreview.notifications.models import Purpose
from rapidreview.notifications.services import email_queue
from rapidreview.reviews.models import OPEN_STATES, Child, FamilyMember, RapidReview, ReviewAgency
from rapidreview.reviews.rules import Finding
from rapidreview.reviews.services import Invalid, ServiceError

from .models import (
    AttendanceResponse,
    Attending,
    InvolvementDeclaration,
    InvolvementLine,
    Nomination,
)


def _lock_open(review_agency: ReviewAgency) -> RapidReview:
    """Hold the review while its agency's answers change, and refuse once it has closed."""
    review = (
        RapidReview.objects.select_for_update()
        .select_related("incident")
        .get(pk=review_agency.review_id)
    )
    if review.state not in OPEN_STATES:
        raise ServiceError(
            f"Review {review.reference} is {review.get_state_display().lower()}: "
            "its answers can no longer be changed"
        )
    return review


# --- 1. attendance ------------------------------------------------------------------------------

ATTENDANCE_FIELDS = ("attending", "attendee_name", "attendee_job_title", "attendee_email")


def _attendance_problems(values: dict[str, str]) -> list[Finding]:
    if values["attending"] not in Attending.values:
        return [Finding("attending", "Select who will attend the meeting")]
    if values["attending"] == Attending.ATTENDING:
        return []
    return [
        Finding(f"attendee_{name}", f"Enter the {words} of the colleague attending for you")
        for name, words in (
            ("name", "full name"),
            ("job_title", "job title"),
            ("email", "email address"),
        )
        if not values[f"attendee_{name}"]
    ]


def attendance_confirm(
    *,
    actor: Any,
    review_agency: ReviewAgency,
    attending: str,
    attendee_name: str,
    attendee_job_title: str,
    attendee_email: str = "",
) -> AttendanceResponse:
    """Record who will come to the meeting for the agency: the person answering, or a colleague
    of similar seniority they name. A change of mind replaces the answer; the audit event keeps
    what it was."""
    if attending == Attending.ATTENDING:
        attendee_name = actor.full_name or actor.email
        attendee_job_title, attendee_email = actor.job_title, actor.email
    values = {
        "attending": attending,
        "attendee_name": attendee_name.strip(),
        "attendee_job_title": attendee_job_title.strip(),
        "attendee_email": attendee_email.strip().lower(),
    }
    if findings := _attendance_problems(values):
        raise Invalid(findings)
    with transaction.atomic():
        review = _lock_open(review_agency)
        response = AttendanceResponse.objects.filter(review_agency=review_agency).first()
        before = {name: getattr(response, name) for name in ATTENDANCE_FIELDS} if response else {}
        if response is None:
            response = AttendanceResponse(review_agency=review_agency)
        for name, value in values.items():
            setattr(response, name, value)
        response.responded_by = actor
        response.responded_at = timezone.now()
        response.save()
        audit_record(
            actor=actor,
            verb=Verb.ATTENDANCE_CONFIRMED,
            target=review_agency.agency,
            review_reference=review.reference,
            payload=changes_between(before, values),
        )
    return response


# --- 3. involvement -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """Whether the agency knew one named individual during the scoping period, and when."""

    person: Child | FamilyMember
    involved: bool
    first_contact: date | None = None
    last_contact: date | None = None


def person_key(person: Child | FamilyMember) -> str:
    """A stable name for a person in forms and audit payloads: 'child-1', 'family-2'."""
    kind = "child" if isinstance(person, Child) else "family"
    return f"{kind}-{person.position}"


def people_on(review: RapidReview) -> list[Child | FamilyMember]:
    """The children, then the family and household members, in the order they were named."""
    incident = review.incident
    return [*incident.children.order_by("position"), *incident.family.order_by("position")]


def _answer_problems(answer: Answer, review: RapidReview) -> list[Finding]:
    key, name = person_key(answer.person), answer.person.full_name
    first, last = answer.first_contact, answer.last_contact
    if not answer.involved:
        if first or last:
            return [Finding(f"{key}-involved", f"Give contact dates with {name} only if involved")]
        return []
    findings = [
        Finding(f"{key}-{field}", f"Enter the date of {words} contact with {name}")
        for field, words, day in (("first_contact", "first", first), ("last_contact", "last", last))
        if day is None
    ]
    if findings:
        return findings
    incident = review.incident
    start, end = incident.scoping_start, incident.scoping_end
    period = f"the scoping period, {long_date(start)} to {long_date(end)}"
    for field, day, words in (("first_contact", first, "First"), ("last_contact", last, "Last")):
        if not start <= day <= end:
            findings.append(
                Finding(f"{key}-{field}", f"{words} contact with {name} must be within {period}")
            )
    if last < first:
        findings.append(
            Finding(
                f"{key}-last_contact",
                f"Last contact with {name} must be the same as or after first contact",
            )
        )
    return findings


def _declaration_problems(
    review: RapidReview, answers: Sequence[Answer], systems_searched: str
) -> list[Finding]:
    expected = {person_key(person) for person in people_on(review)}
    given = [person_key(answer.person) for answer in answers]
    if sorted(given) != sorted(expected) or any(
        answer.person.incident_id != review.incident_id for answer in answers
    ):
        raise ServiceError("Answer for every person named on the notification, once each")
    findings = [finding for answer in answers for finding in _answer_problems(answer, review)]
    if not systems_searched:
        findings.append(Finding("systems_searched", "Enter the systems you searched"))
    return findings


def _line_snapshot(line: InvolvementLine | Answer) -> dict[str, Any]:
    return {
        "involved": line.involved,
        "first_contact": line.first_contact,
        "last_contact": line.last_contact,
    }


def _declaration_snapshot(declaration: InvolvementDeclaration | None) -> dict[str, Any]:
    """What was declared, keyed by pseudonym: the audit trail never holds a family's names."""
    if declaration is None:
        return {}
    return {
        "systems_searched": declaration.systems_searched,
        "agencies_known_involved": sorted(
            str(agency.public_id) for agency in declaration.agencies_known_involved.all()
        ),
        "nil_return": declaration.is_nil_return,
        **{
            f"person {line.person.pseudonym}": _line_snapshot(line)
            for line in declaration.lines.select_related("child", "family_member")
        },
    }


def involvement_declare(
    *,
    actor: Any,
    review_agency: ReviewAgency,
    answers: Sequence[Answer],
    systems_searched: str,
    agencies_known_involved: Iterable[Agency] = (),
) -> InvolvementDeclaration:
    """Declare (or correct) the agency's involvement with each named individual. Every person
    on the notification is answered; when none was known, the declaration is a nil return."""
    systems_searched = systems_searched.strip()
    others = [agency for agency in agencies_known_involved if agency.pk != review_agency.agency_id]
    with transaction.atomic():
        review = _lock_open(review_agency)
        if findings := _declaration_problems(review, answers, systems_searched):
            raise Invalid(findings)
        declaration = InvolvementDeclaration.objects.filter(review_agency=review_agency).first()
        before = _declaration_snapshot(declaration)
        if declaration is None:
            declaration = InvolvementDeclaration(review_agency=review_agency)
        declaration.systems_searched = systems_searched
        declaration.attested_by = actor
        declaration.attested_at = timezone.now()
        declaration.save()
        declaration.agencies_known_involved.set(others)
        declaration.lines.all().delete()
        InvolvementLine.objects.bulk_create(
            InvolvementLine(
                declaration=declaration,
                child=answer.person if isinstance(answer.person, Child) else None,
                family_member=answer.person if isinstance(answer.person, FamilyMember) else None,
                **_line_snapshot(answer),
            )
            for answer in answers
        )
        payload = changes_between(before, _declaration_snapshot(declaration))
        payload["correction"] = bool(before)
        audit_record(
            actor=actor,
            verb=Verb.INVOLVEMENT_DECLARED,
            target=review_agency.agency,
            review_reference=review.reference,
            payload=payload,
        )
    return declaration


# --- nominated representatives ------------------------------------------------------------------


def _nominee_for(
    *, actor: Any, review_agency: ReviewAgency, email: str, full_name: str, job_title: str
) -> tuple[User, bool]:
    """The account to nominate, invited now if there is none; (user, invited)."""
    user = User.objects.select_related("membership").filter(email__iexact=email).first()
    if user is None:
        if not full_name:
            raise Invalid([Finding("full_name", "Enter your colleague's full name")])
        invited = user_invite(
            actor=actor,
            email=email,
            full_name=full_name,
            job_title=job_title,
            role=Role.NOMINATED_REPRESENTATIVE,
            agency=review_agency.agency,
        )
        return invited, True
    membership = getattr(user, "membership", None)
    if (
        membership is None
        or membership.role != Role.NOMINATED_REPRESENTATIVE
        or membership.agency_id != review_agency.agency_id
    ):
        raise Invalid(
            [
                Finding(
                    "email",
                    "This email address belongs to an account that cannot be nominated: only "
                    f"nominated representatives of {review_agency.agency.name} can. Contact the "
                    "partnership team if you think this is wrong",
                )
            ]
        )
    if not user.is_active:
        raise Invalid(
            [
                Finding(
                    "email",
                    "This account has been deactivated. Contact the partnership team to "
                    "reactivate it",
                )
            ]
        )
    return user, False


def _email_nominee(*, actor: Any, nominee: User, review: RapidReview) -> None:
    body = render_to_string(
        "participation/agency_nominated_email.txt",
        {
            "reference": review.reference,
            "link": settings.SITE_URL
            + reverse("participation:agency_tasks", kwargs={"reference": review.reference}),
            "partnership_name": settings.PARTNERSHIP_NAME,
            "contacts": settings.PARTNERSHIP_CONTACTS,
        },
    )
    email_queue(
        actor=actor,
        recipients=[nominee.email],
        subject=f"You have been nominated to work on rapid review {review.reference}",
        body=body,
        purpose=Purpose.INVITATION,
        review_reference=review.reference,
    )


def nomination_add(
    *,
    actor: Any,
    review_agency: ReviewAgency,
    email: str,
    full_name: str = "",
    job_title: str = "",
) -> Nomination:
    """Nominate a colleague to work on this one review for the agency. Someone with no account
    is invited as a nominated representative of the agency; anyone else with an account must
    already be one."""
    email = email.strip().lower()
    if not email:
        raise Invalid([Finding("email", "Enter your colleague's email address")])
    with transaction.atomic():
        review = _lock_open(review_agency)
        nominee, invited = _nominee_for(
            actor=actor,
            review_agency=review_agency,
            email=email,
            full_name=full_name.strip(),
            job_title=job_title.strip(),
        )
        if Nomination.objects.filter(
            review_agency=review_agency, user=nominee, ended_at__isnull=True
        ).exists():
            raise Invalid([Finding("email", f"{nominee} is already nominated on this review")])
        nomination = Nomination.objects.create(
            review_agency=review_agency, user=nominee, nominated_by=actor
        )
        audit_record(
            actor=actor,
            verb=Verb.NOMINATION_ADDED,
            target=nominee,
            review_reference=review.reference,
            payload={"agency": str(review_agency.agency.public_id), "invited": invited},
        )
        if not invited:  # a new account's invitation email is enough
            _email_nominee(actor=actor, nominee=nominee, review=review)
    return nomination


def nomination_end(*, actor: Any, nomination: Nomination) -> Nomination:
    """Withdraw a nomination: the colleague loses access to the review at once."""
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.ended_at is not None:
            return nomination
        review = _lock_open(nomination.review_agency)
        nomination.ended_at = timezone.now()
        nomination.ended_by = actor
        nomination.save(update_fields=["ended_at", "ended_by"])
        audit_record(
            actor=actor,
            verb=Verb.NOMINATION_ENDED,
            target=nomination.user,
            review_reference=review.reference,
            payload={"agency": str(nomination.review_agency.agency.public_id)},
        )
    return nomination
