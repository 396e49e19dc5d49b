"""Downloading: only through the view, only within the access policy's scope, always audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.documents.services import FileIntegrityError, file_open, file_store
from rapidreview.documents.storage import documents_storage

from ..conftest import signed_in_client
from . import samples

pytestmark = pytest.mark.django_db


def store(actor, name="Chronology.pdf", data=None, owner_agency=None):
    data = data if data is not None else samples.pdf()
    return file_store(
        actor=actor,
        uploaded_file=SimpleUploadedFile(name, data, "application/octet-stream"),
        owner_agency=owner_agency,
    )


def download_url(stored) -> str:
    return reverse("documents:download", args=[stored.public_id])


def test_download_returns_the_exact_bytes_as_an_attachment(personas):
    data = samples.png()
    stored = store(personas.partnership_team, "Body map – invented.png", data)

    response = signed_in_client(personas.partnership_team).get(download_url(stored))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Body%20map%20%E2%80%93%20invented.png"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_text_is_sent_as_utf8(personas):
    data = samples.csv()
    stored = store(personas.partnership_team, "agencies.csv", data)
    response = signed_in_client(personas.partnership_team).get(download_url(stored))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="agencies.csv"'
    assert b"".join(response.streaming_content) == data


def test_each_download_is_audited(personas):
    stored = store(personas.partnership_team)
    client = signed_in_client(personas.agency_a_rep)
    own = store(personas.agency_a_rep, "own.pdf")

    client.get(download_url(own))
    client.get(download_url(own))

    events = AuditEvent.objects.filter(verb=Verb.FILE_DOWNLOADED)
    assert events.count() == 2
    event = events.first()
    assert event.actor == personas.agency_a_rep
    assert event.actor_agency == personas.agency_a
    assert (event.target_type, event.target_id) == ("documents.storedfile", str(own.public_id))
    assert not events.filter(target_id=str(stored.public_id)).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("partnership_team", 200),
        ("agency_a_rep", 200),
        ("senior_leader", 200),  # agency A too
        ("agency_b_rep", 404),
        ("safeguarding_partner", 404),
        ("scrutineer", 404),
    ],
)
def test_a_file_that_belongs_to_an_agency_is_seen_only_there_and_by_the_team(
    personas, persona, status
):
    stored = store(personas.partnership_team, owner_agency=personas.agency_a)
    response = signed_in_client(personas.by_name(persona)).get(download_url(stored))
    assert response.status_code == status
    downloads = AuditEvent.objects.filter(verb=Verb.FILE_DOWNLOADED).count()
    assert downloads == (1 if status == 200 else 0)


def test_another_agencys_user_gets_404_for_a_file_their_colleague_did_not_share(personas):
    stored = store(personas.agency_a_rep, "Agency A return.pdf")
    assert signed_in_client(personas.agency_b_rep).get(download_url(stored)).status_code == 404
    assert signed_in_client(personas.agency_a_rep).get(download_url(stored)).status_code == 200
    assert signed_in_client(personas.partnership_team).get(download_url(stored)).status_code == 200


def test_a_file_without_an_agency_is_seen_by_its_uploader_and_the_team_only(personas):
    stored = store(personas.partnership_team)
    for persona in ("agency_a_rep", "agency_b_rep", "senior_leader", "scrutineer"):
        client = signed_in_client(personas.by_name(persona))
        assert client.get(download_url(stored)).status_code == 404, persona


def test_an_unknown_file_is_404_and_signed_out_people_are_sent_to_sign_in(personas, client):
    stored = store(personas.partnership_team)
    unknown = reverse("documents:download", args=["00000000-0000-4000-8000-000000000000"])
    assert signed_in_client(personas.partnership_team).get(unknown).status_code == 404
    response = client.get(download_url(stored))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))
    assert not AuditEvent.objects.filter(verb=Verb.FILE_DOWNLOADED).exists()


def test_downloads_answer_get_only(personas):
    stored = store(personas.partnership_team)
    client = signed_in_client(personas.partnership_team)
    assert client.post(download_url(stored)).status_code == 405


def test_a_file_changed_on_disk_is_not_served(personas):
    stored = store(personas.partnership_team)
    path = documents_storage().path(stored.storage_name)
    with open(path, "r+b") as handle:
        handle.seek(40)
        byte = handle.read(1)
        handle.seek(40)
        handle.write(bytes([byte[0] ^ 1]))
    with pytest.raises(FileIntegrityError):
        file_open(actor=personas.partnership_team, stored_file=stored)
    assert not AuditEvent.objects.filter(verb=Verb.FILE_DOWNLOADED).exists()


def test_stored_files_have_no_public_address():
    from rapidreview.documents.storage import documents_storage

    with pytest.raises(RuntimeError, match="documents:download"):
        documents_storage().url("any-name")
