"""Invented records work for the demo: on the brothers' review (NMR-SIN-0102), the partnership's
terms of reference and notification summary, and the police's records secured, two alerts and
two staff register entries. Called from `reviews.demo.load`; does nothing if the review already
has documents, so it is safe to run again. Everything here is invented."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from rapidreview.accounts.models import User
from rapidreview.reviews.models import RapidReview

from . import records, records_people
from .models import DocumentKind

SIN_REFERENCE = "NMR-SIN-0102"
POLICE_REP = "police.rep@demo.rapidreview.invalid"

TERMS = b"""Northmoor Safeguarding Children Partnership
Rapid review: terms of reference (invented, for the demonstration)

1. Establish the facts of the incident and what each agency knew.
2. Identify immediate learning and action already taken.
3. Decide whether the criteria for a local child safeguarding practice review are met.
"""


def _pdf(text: str) -> bytes:
    """A one-page PDF with one line of text: enough for the upload checks and a viewer."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def load(*, coordinator: User) -> bool:
    """Add the records work if it is not there yet. Returns whether anything was added."""
    review = RapidReview.objects.filter(incident__sin_reference=SIN_REFERENCE).first()
    police_rep = User.objects.filter(email=POLICE_REP).select_related("membership").first()
    if review is None or police_rep is None or review.documents.exists() or not review.is_open:
        return False
    _documents(review, coordinator)
    police = review.agencies.filter(agency_id=police_rep.membership.agency_id).first()
    if police is not None:
        _police_records(review, police, police_rep)
    return True


def _documents(review: RapidReview, coordinator: User) -> None:
    records.review_document_add(
        actor=coordinator,
        review=review,
        title="Terms of reference",
        kind=DocumentKind.TERMS_OF_REFERENCE,
        uploaded_file=SimpleUploadedFile("Terms of reference.txt", TERMS),
    )
    records.review_document_add(
        actor=coordinator,
        review=review,
        title="Notification summary",
        kind=DocumentKind.NOTIFICATION_SUMMARY,
        uploaded_file=SimpleUploadedFile(
            "Notification summary.pdf",
            _pdf(f"Invented notification summary for review {review.reference}"),
        ),
    )


def _police_records(review: RapidReview, police, rep: User) -> None:
    asked = review.agencies_asked_on or review.convened_on
    records.records_secure(
        actor=rep,
        review_agency=police,
        secured_on=asked,
        location="Invented: restricted folder 'RR case' on the records management system, "
        "with the paper file locked in the public protection unit's cabinet",
        who_may_access="Invented: the police representative and the nominated detective "
        "sergeant only",
    )
    incident = review.incident
    child, mother = incident.children.first(), incident.family.first()
    for person, system in ((child, "Records management system"), (mother, "Niche custody")):
        if person is not None:
            records_people.alert_record(
                actor=rep,
                review_agency=police,
                person=person,
                system=f"Invented: {system}",
                placed_on=asked,
                placed_by="Invented: R. Hartwell, records supervisor",
            )
    for role, initials, informed in (
        ("Response officer", "TK", True),
        ("Call handler", "MB", False),
    ):
        records_people.staff_record(
            actor=rep,
            review_agency=police,
            role=role,
            initials=initials,
            contact_with=child.full_name if child else "The family",
            informed_on=asked + timedelta(days=1) if informed else None,
            support_offered="Invented: occupational health referral offered" if informed else "",
        )
