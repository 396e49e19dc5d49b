"""The services for the partnership's documents, records secured and the private area: what
they save, what they refuse, what they record in the audit trail, and that a refusal or a
failure part-way leaves nothing behind (no row, no encrypted file)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rapidreview.access.policy import files_visible_to
from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.core import calendar
from rapidreview.documents.models import StoredFile
from rapidreview.participation import records
from rapidreview.participation.models import (
    DocumentRead,
    PrivateRecord,
    RecordsSecured,
    ReviewDocument,
)
from rapidreview.reviews.models import ReviewAgency, State

from ..reviews.factories import make_incident, make_review
from .factories import nominate


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path) -> Path:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.UPLOADED_FILES_DIR = tmp_path / "uploads"
    return settings.UPLOADED_FILES_DIR


def files_on_disk(uploads: Path) -> list[Path]:
    return [p for p in uploads.rglob("*") if p.is_file()] if uploads.exists() else []


def upload(content: bytes = b"An invented note.\n", name: str = "Invented note.txt"):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def review(personas):
    review = make_review(
        make_incident(personas.partnership_team, family=("Mother",)),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return review


@pytest.fixture
def part_a(review, personas) -> ReviewAgency:
    return ReviewAgency.objects.get(review=review, agency=personas.agency_a)


def events(verb: Verb) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb).order_by("sequence"))


def add_document(review, personas, title="Invented terms of reference") -> ReviewDocument:
    return records.review_document_add(
        actor=personas.partnership_team,
        review=review,
        title=title,
        kind="terms_of_reference",
        uploaded_file=upload(),
    )


def close(review) -> None:
    review.meeting_date = date(2026, 3, 20)
    review.signed_off_on, review.sent_to_panel_on = date(2026, 3, 23), date(2026, 3, 24)
    review.panel_responded_on, review.closed_on = date(2026, 3, 30), date(2026, 4, 2)
    review.state = State.CLOSED
    review.save()


# --- the partnership's documents -------------------------------------------------------------------


def test_a_document_is_stored_encrypted_for_the_review_and_audited(review, personas, uploads):
    document = add_document(review, personas)
    stored = document.stored_file
    assert stored.review_reference == review.reference and stored.owner_agency is None
    (on_disk,) = files_on_disk(uploads)
    assert b"An invented note" not in on_disk.read_bytes()
    (event,) = events(Verb.REVIEW_DOCUMENT_ADDED)
    assert event.review_reference == review.reference
    assert event.payload["title"] == "Invented terms of reference"


def test_a_document_without_a_title_is_refused_and_nothing_is_stored(review, personas, uploads):
    with pytest.raises(records.Invalid) as refused:
        records.review_document_add(
            actor=personas.partnership_team,
            review=review,
            title="   ",
            kind="terms_of_reference",
            uploaded_file=upload(),
        )
    assert refused.value.findings[0].field == "title"
    assert not StoredFile.objects.exists() and not files_on_disk(uploads)


def test_no_document_is_added_to_a_closed_review(review, personas, uploads):
    close(review)
    with pytest.raises(records.ServiceError):
        add_document(review, personas)
    assert not StoredFile.objects.exists() and not files_on_disk(uploads)


def test_if_saving_fails_after_the_file_is_stored_the_file_goes_too(
    review, personas, uploads, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(records.ReviewDocument.objects, "create", broken)
    with pytest.raises(RuntimeError):
        add_document(review, personas)
    assert not StoredFile.objects.exists() and not files_on_disk(uploads)
    assert not events(Verb.FILE_UPLOADED)


def test_confirming_a_read_twice_keeps_one_confirmation_and_one_event(review, personas, part_a):
    document = add_document(review, personas)
    for _ in range(2):
        records.document_confirm_read(
            actor=personas.agency_a_rep, document=document, review_agency=part_a
        )
    assert DocumentRead.objects.get().user == personas.agency_a_rep
    assert len(events(Verb.DOCUMENT_READ)) == 1


def test_a_document_of_another_review_cannot_be_confirmed(review, personas, part_a):
    other = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a,),
    )
    document = add_document(other, personas)
    with pytest.raises(records.ServiceError):
        records.document_confirm_read(
            actor=personas.agency_a_rep, document=document, review_agency=part_a
        )
    assert not DocumentRead.objects.exists()


def test_a_removed_document_keeps_its_file_for_the_team_only(review, personas):
    document = add_document(review, personas)
    stored = document.stored_file
    assert files_visible_to(personas.agency_a_rep).filter(pk=stored.pk).exists()
    records.review_document_remove(actor=personas.partnership_team, document=document)
    assert not ReviewDocument.objects.exists()
    assert files_visible_to(personas.partnership_team).filter(pk=stored.pk).exists()
    assert not files_visible_to(personas.agency_a_rep).filter(pk=stored.pk).exists()
    assert events(Verb.REVIEW_DOCUMENT_REMOVED)[0].payload["title"] == document.title


# --- records secured --------------------------------------------------------------------------------


def secure(part, personas, **changes):
    values = {
        "secured_on": date(2026, 3, 9),
        "location": "Invented restricted folder",
        "who_may_access": "The representative and nominee",
    } | changes
    return records.records_secure(actor=personas.agency_a_rep, review_agency=part, **values)


def test_securing_records_then_correcting_them_records_old_and_new(part_a, personas):
    secure(part_a, personas)
    secure(part_a, personas, location="Invented vault")
    first, second = events(Verb.RECORDS_SECURED)
    assert first.payload["new"]["location"] == "Invented restricted folder"
    assert second.payload["changes"] == {
        "location": {"old": "Invented restricted folder", "new": "Invented vault"}
    }
    assert RecordsSecured.objects.get(review_agency=part_a).location == "Invented vault"


def test_saving_the_same_answers_again_records_nothing_new(part_a, personas):
    secure(part_a, personas)
    secure(part_a, personas)
    assert len(events(Verb.RECORDS_SECURED)) == 1


def test_records_cannot_be_secured_in_the_future_or_nowhere(part_a, personas):
    with pytest.raises(records.Invalid) as refused:
        secure(part_a, personas, secured_on=calendar.today() + timedelta(days=1), location="")
    assert {f.field for f in refused.value.findings} == {"secured_on", "location"}
    assert not events(Verb.RECORDS_SECURED)


# --- the private area ---------------------------------------------------------------------------------


def add_private(part, personas, actor=None) -> PrivateRecord:
    return records.private_record_add(
        actor=actor or personas.agency_a_rep,
        review_agency=part,
        description="Invented call log",
        uploaded_file=upload(),
    )


def test_a_private_record_is_seen_only_by_the_representative_and_nominee(part_a, personas):
    stored = add_private(part_a, personas).stored_file
    assert stored.owner_agency == personas.agency_a
    for who in ("agency_a_rep", "nominee"):
        assert files_visible_to(getattr(personas, who)).filter(pk=stored.pk).exists(), who
    for who in ("partnership_team", "senior_leader", "agency_b_rep", "safeguarding_partner"):
        assert not files_visible_to(getattr(personas, who)).filter(pk=stored.pk).exists(), who


def test_the_private_record_event_does_not_keep_the_description(part_a, personas):
    add_private(part_a, personas)
    (event,) = events(Verb.PRIVATE_RECORD_ADDED)
    assert "Invented call log" not in str(event.payload)


def test_removing_a_private_record_destroys_the_copy(
    part_a, personas, uploads, django_capture_on_commit_callbacks
):
    record = add_private(part_a, personas)
    with django_capture_on_commit_callbacks(execute=True):
        records.private_record_remove(actor=personas.nominee, record=record)
    assert not PrivateRecord.objects.exists() and not StoredFile.objects.exists()
    assert not files_on_disk(uploads)
    assert events(Verb.PRIVATE_RECORD_REMOVED)[0].actor == personas.nominee


def test_a_private_record_without_a_description_stores_nothing(part_a, personas, uploads):
    with pytest.raises(records.Invalid):
        records.private_record_add(
            actor=personas.agency_a_rep,
            review_agency=part_a,
            description="",
            uploaded_file=upload(),
        )
    assert not StoredFile.objects.exists() and not files_on_disk(uploads)


def test_a_file_that_is_not_allowed_is_refused_by_the_service_too(part_a, personas, uploads):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        records.private_record_add(
            actor=personas.agency_a_rep,
            review_agency=part_a,
            description="Invented",
            uploaded_file=upload(b"MZ\x90\x00\x03binary", "tool.exe"),
        )
    assert not PrivateRecord.objects.exists() and not files_on_disk(uploads)
