"""Read models for the partnership's documents, records secured, alerts and the staff register.
Views, the task list and the participation matrix share them; each runs a fixed number of
queries whatever the number of rows.

For other helpers: `alerts_complete`, `alerts_to_review`, `records_are_secured`,
`staff_informed` and `documents_read_by_agency` answer "has this agency done it?" for one
ReviewAgency.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from rapidreview.reviews.models import Child, FamilyMember, RapidReview, ReviewAgency

from .models import Alert, DocumentRead, RecordsSecured, ReviewDocument, StaffMember

# --- the named individuals on a review ------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A child or family member named on the notification, with a key for forms: 'child-1'."""

    key: str
    person: Child | FamilyMember

    @property
    def name(self) -> str:
        return self.person.full_name

    @property
    def described(self) -> str:
        """'Invented Name (Child A, child)' or '... (Mother, mother)'."""
        if isinstance(self.person, Child):
            return f"{self.person.full_name} (child)"
        return f"{self.person.full_name} ({self.person.get_relationship_display().lower()})"


def named_individuals(review: RapidReview) -> list[Person]:
    incident = review.incident
    children = [Person(f"child-{child.position}", child) for child in incident.children.all()]
    family = [Person(f"family-{member.position}", member) for member in incident.family.all()]
    return children + family


def person_by_key(review: RapidReview, key: str) -> Person | None:
    return next((p for p in named_individuals(review) if p.key == key), None)


def _key_of(item: Any) -> str:
    if item.child_id:
        return f"child-{item.child.position}"
    return f"family-{item.family_member.position}"


# --- the partnership's documents ------------------------------------------------------------------


@dataclass
class AgencyReads:
    review_agency: ReviewAgency
    readers: list[DocumentRead] = field(default_factory=list)


@dataclass
class DocumentRow:
    document: ReviewDocument
    read_by_me: bool = False
    agencies: list[AgencyReads] = field(default_factory=list)

    @property
    def agencies_not_read(self) -> list[ReviewAgency]:
        return [reads.review_agency for reads in self.agencies if not reads.readers]

    @property
    def agencies_read(self) -> list[AgencyReads]:
        return [reads for reads in self.agencies if reads.readers]


def review_documents(review: RapidReview, user: Any) -> list[DocumentRow]:
    """The review's documents, each with whether `user` confirmed reading it and, per invited
    agency, who from that agency has (three queries)."""
    documents = list(review.documents.select_related("stored_file", "added_by"))
    agencies = list(review.agencies.select_related("agency"))
    reads = DocumentRead.objects.filter(document__review=review).select_related("user")
    rows = {doc.pk: DocumentRow(doc) for doc in documents}
    for row in rows.values():
        row.agencies = [AgencyReads(agency) for agency in agencies]
    for read in reads.order_by("read_at"):
        row = rows[read.document_id]
        if read.user_id == getattr(user, "pk", None):
            row.read_by_me = True
        for agency_reads in row.agencies:
            if agency_reads.review_agency.pk == read.review_agency_id:
                agency_reads.readers.append(read)
    return list(rows.values())


@dataclass(frozen=True)
class ReadCount:
    read: int
    total: int


def documents_read_by_user(review_agency: ReviewAgency, user: Any) -> ReadCount:
    documents = ReviewDocument.objects.filter(review_id=review_agency.review_id)
    read = documents.filter(reads__user=user).distinct().count()
    return ReadCount(read=read, total=documents.count())


def documents_read_by_agency(review_agency: ReviewAgency) -> ReadCount:
    """How many of the review's documents someone from the agency has confirmed reading."""
    documents = ReviewDocument.objects.filter(review_id=review_agency.review_id)
    read = documents.filter(reads__review_agency=review_agency).distinct().count()
    return ReadCount(read=read, total=documents.count())


# --- records secured ------------------------------------------------------------------------------


def records_are_secured(review_agency: ReviewAgency) -> bool:
    return RecordsSecured.objects.filter(review_agency=review_agency).exists()


def private_record_count(review_agency: ReviewAgency) -> int:
    return review_agency.private_records.count()


# --- alerts ---------------------------------------------------------------------------------------


@dataclass
class PersonAlerts:
    person: Person
    alerts: list[Alert] = field(default_factory=list)


def alerts_by_person(review_agency: ReviewAgency) -> list[PersonAlerts]:
    """Every named individual, in the notification's order, with the agency's alerts on them."""
    rows = {p.key: PersonAlerts(p) for p in named_individuals(review_agency.review)}
    alerts = review_agency.alerts.select_related("child", "family_member")
    for alert in alerts:
        row = rows.get(_key_of(alert))
        if row is not None:
            row.alerts.append(alert)
    return list(rows.values())


def people_without_alert(review_agency: ReviewAgency) -> list[Person]:
    return [row.person for row in alerts_by_person(review_agency) if not row.alerts]


def alerts_complete(review_agency: ReviewAgency) -> bool:
    """Every child and family member has at least one alert recorded by the agency."""
    return not people_without_alert(review_agency)


def alerts_to_review(review_agency: ReviewAgency) -> QuerySet[Alert]:
    """The agency's alerts not yet recorded as reviewed (for the reminder at closure)."""
    return review_agency.alerts.filter(reviewed_on__isnull=True)


# --- the staff register ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffCount:
    recorded: int
    informed: int


def staff_count(review_agency: ReviewAgency) -> StaffCount:
    staff = StaffMember.objects.filter(review_agency=review_agency)
    return StaffCount(
        recorded=staff.count(), informed=staff.filter(informed_on__isnull=False).count()
    )


def staff_informed(review_agency: ReviewAgency) -> bool:
    """At least one member of staff is recorded, and every one recorded has been informed."""
    count = staff_count(review_agency)
    return count.recorded > 0 and count.informed == count.recorded
