"""Uploading through the page: refused files leave nothing behind; accepted ones are encrypted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.documents.models import StoredFile
from rapidreview.documents.validation import WRONG_TYPE

from ..conftest import signed_in_client
from . import samples

pytestmark = pytest.mark.django_db

UPLOAD = reverse("documents:upload")


def upload(client, name: str, data: bytes, content_type: str = "application/pdf"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, content_type)})


def error_beside_field(html: str, message: str) -> bool:
    return (
        f'<p id="id_file-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {message}</p>'
        in html
    )


@pytest.mark.parametrize("make", [samples.elf, samples.pe], ids=["linux", "windows"])
def test_an_executable_named_pdf_is_refused_with_a_message_and_nothing_is_kept(
    personas, files_on_disk, make
):
    client = signed_in_client(personas.partnership_team)
    response = upload(client, "Terms of reference.pdf", make())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Upload a file – Rapid Review</title>" in html
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert f'<a href="#id_file">{WRONG_TYPE}</a>' in html
    assert error_beside_field(html, WRONG_TYPE)
    assert StoredFile.objects.count() == 0
    assert files_on_disk() == []
    assert not AuditEvent.objects.filter(verb=Verb.FILE_UPLOADED).exists()


def test_a_png_named_pdf_is_refused(personas, files_on_disk):
    response = upload(signed_in_client(personas.partnership_team), "minutes.pdf", samples.png())
    assert error_beside_field(response.content.decode(), WRONG_TYPE)
    assert StoredFile.objects.count() == 0
    assert files_on_disk() == []


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(
    personas, settings, files_on_disk
):
    settings.UPLOAD_MAX_MB = 1
    too_big = samples.pdf() + b"0" * (1024 * 1024)
    response = upload(signed_in_client(personas.partnership_team), "big.pdf", too_big)
    assert error_beside_field(
        response.content.decode(), "The selected file must be smaller than 1MB"
    )
    assert StoredFile.objects.count() == 0
    assert files_on_disk() == []


def test_no_file_chosen_says_select_a_file(personas):
    response = signed_in_client(personas.partnership_team).post(UPLOAD, {})
    assert error_beside_field(response.content.decode(), "Select a file")


def test_an_empty_file_says_it_is_empty(personas):
    response = upload(signed_in_client(personas.partnership_team), "blank.pdf", b"")
    assert error_beside_field(response.content.decode(), "The selected file is empty")


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("Terms of reference.pdf", samples.pdf, "pdf"),
        ("scan.png", samples.png, "png"),
        ("agencies.csv", samples.csv, "csv"),
        ("chronology.docx", samples.docx, "docx"),
    ],
)
def test_a_real_file_is_accepted_encrypted_and_audited(personas, files_on_disk, name, make, kind):
    team = personas.partnership_team
    data = make()
    response = upload(signed_in_client(team), name, data)

    assert response.status_code == 302
    assert response.url == reverse("documents:file_list")
    stored = StoredFile.objects.get()
    assert (stored.original_name, stored.kind, stored.size) == (name, kind, len(data))
    assert stored.uploaded_by == team
    # On disk: one file, under a random name, and not the plaintext.
    (path,) = files_on_disk()
    assert name not in str(path)
    assert path.name not in name
    on_disk = path.read_bytes()
    assert on_disk != data
    assert samples.MARKER.encode() not in on_disk
    assert data[:8] not in on_disk
    assert on_disk.startswith(b"gAAAAA")  # a Fernet token
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    event = AuditEvent.objects.get(verb=Verb.FILE_UPLOADED)
    assert (event.actor, event.target_id) == (team, str(stored.public_id))
    assert name not in str(event.payload)  # the name may be personal data


def test_the_success_message_and_the_list_show_the_file_with_type_and_size(personas):
    client = signed_in_client(personas.partnership_team)
    data = samples.pdf() + b"%" * (48 * 1024 - len(samples.pdf()))
    response = client.post(
        UPLOAD,
        {"file": SimpleUploadedFile("Terms of reference.pdf", data, "application/pdf")},
        follow=True,
    )
    html = response.content.decode()
    assert "Terms of reference.pdf has been uploaded" in html
    stored = StoredFile.objects.get()
    link = f'href="{reverse("documents:download", args=[stored.public_id])}"'
    assert link in html
    assert "Terms of reference, PDF, 48 KB</a>" in html


def test_the_uploaded_name_is_kept_without_folders_or_control_characters(personas):
    upload(
        signed_in_client(personas.partnership_team), "minutes\x07 of\x1b meeting.pdf", samples.pdf()
    )
    assert StoredFile.objects.get().original_name == "minutes of meeting.pdf"


@pytest.mark.parametrize(
    "persona", ["agency_a_rep", "senior_leader", "safeguarding_partner", "scrutineer"]
)
def test_only_the_partnership_team_can_upload_or_list_files(personas, persona, files_on_disk):
    client = signed_in_client(personas.by_name(persona))
    response = client.get(UPLOAD)
    assert response.status_code == 403
    assert "Only the partnership team can upload files here." in response.content.decode()
    assert client.get(reverse("documents:file_list")).status_code == 403
    assert upload(client, "minutes.pdf", samples.pdf()).status_code == 403
    assert StoredFile.objects.count() == 0
    assert files_on_disk() == []


def test_signed_out_people_are_sent_to_sign_in(client):
    for url in (UPLOAD, reverse("documents:file_list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))


def test_the_file_list_takes_the_same_number_of_queries_for_one_file_or_many(
    personas, django_assert_max_num_queries
):
    client = signed_in_client(personas.partnership_team)
    upload(client, "one.pdf", samples.pdf())
    client.get(reverse("documents:file_list"))  # warm the session
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("documents:file_list"))
    for number in range(5):
        upload(client, f"more-{number}.pdf", samples.pdf())
    with django_assert_max_num_queries(20) as many:
        client.get(reverse("documents:file_list"))
    assert len(many.captured_queries) == len(one.captured_queries)
