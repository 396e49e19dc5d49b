"""Key rotation: add a new key first, run `rapidreview documents rotate-keys`, drop the old key."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from rapidreview.documents.services import FileIntegrityError, file_open, file_store
from rapidreview.documents.storage import documents_storage

from . import samples

pytestmark = pytest.mark.django_db


def test_rotate_keys_reencrypts_so_the_old_key_can_be_removed(personas, settings, capsys):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FILE_ENCRYPTION_KEYS = [old_key]
    team = personas.partnership_team
    files = {
        name: (data, file_store(actor=team, uploaded_file=SimpleUploadedFile(name, data)))
        for name, data in [("a.pdf", samples.pdf()), ("b.csv", samples.csv())]
    }
    storage = documents_storage()
    before = {name: storage.read_raw(stored.storage_name) for name, (_, stored) in files.items()}

    settings.FILE_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("documents", "rotate-keys")
    assert capsys.readouterr().out.strip() == "2 files re-encrypted with the newest key"

    settings.FILE_ENCRYPTION_KEYS = [new_key]
    for name, (data, stored) in files.items():
        raw = storage.read_raw(stored.storage_name)
        assert raw != before[name]
        assert Fernet(new_key).decrypt(raw) == data
        with pytest.raises(InvalidToken):
            Fernet(old_key).decrypt(raw)
        assert file_open(actor=team, stored_file=stored).read() == data


def test_without_the_rotation_removing_the_old_key_makes_files_unreadable(personas, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FILE_ENCRYPTION_KEYS = [old_key]
    stored = file_store(
        actor=personas.partnership_team, uploaded_file=SimpleUploadedFile("a.pdf", samples.pdf())
    )
    settings.FILE_ENCRYPTION_KEYS = [new_key]
    with pytest.raises(FileIntegrityError):
        file_open(actor=personas.partnership_team, stored_file=stored)


def test_rotate_keys_names_files_no_key_opens_and_leaves_them_alone(personas, settings):
    lost_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FILE_ENCRYPTION_KEYS = [lost_key]
    stored = file_store(
        actor=personas.partnership_team, uploaded_file=SimpleUploadedFile("a.pdf", samples.pdf())
    )
    raw = documents_storage().read_raw(stored.storage_name)

    settings.FILE_ENCRYPTION_KEYS = [new_key]
    with pytest.raises(CommandError, match=str(stored.public_id)):
        call_command("documents", "rotate-keys")
    assert documents_storage().read_raw(stored.storage_name) == raw


def test_the_demo_derives_a_key_from_the_secret_key_when_none_is_set(personas, settings):
    settings.DEMO_MODE = True
    settings.FILE_ENCRYPTION_KEYS = []
    data = samples.pdf()
    stored = file_store(
        actor=personas.partnership_team, uploaded_file=SimpleUploadedFile("a.pdf", data)
    )
    assert samples.MARKER.encode() not in documents_storage().read_raw(stored.storage_name)
    assert file_open(actor=personas.partnership_team, stored_file=stored).read() == data
    settings.SECRET_KEY = "a-different-demo-secret-key-for-this-test-only"
    with pytest.raises(FileIntegrityError):
        file_open(actor=personas.partnership_team, stored_file=stored)
