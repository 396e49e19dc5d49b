"""Storing and opening uploaded files. Each function validates, writes and audits together."""

import hashlib
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from rapidreview.accounts.models import Agency
from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record

from .crypto import InvalidToken
from .models import StoredFile
from .storage import documents_storage
from .validation import validate_uploaded_file

logger = logging.getLogger(__name__)


class FileIntegrityError(Exception):
    """The stored file could not be decrypted, or is not the file that was uploaded."""


def clean_file_name(name: str) -> str:
    """The uploaded name, without any folder, control characters or surrounding spaces."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    return name[:255] or "file"


def file_store(
    *,
    actor: Any,
    uploaded_file: Any,
    owner_agency: Agency | None = None,
    review_reference: str | None = None,
) -> StoredFile:
    """Check, encrypt and keep an uploaded file, and record the upload in the audit trail.

    Raises ValidationError (with the GOV.UK message) for a file that is too large, empty or not
    an allowed type; then nothing is written. If saving the row or the audit event fails, the
    encrypted file is removed again.
    """
    detected = validate_uploaded_file(uploaded_file)
    uploaded_file.seek(0)
    data = uploaded_file.read()
    storage = documents_storage()
    storage_name = storage.save(storage.new_name(), ContentFile(data))
    try:
        with transaction.atomic():
            stored = StoredFile.objects.create(
                original_name=clean_file_name(uploaded_file.name or ""),
                kind=detected.kind,
                content_type=detected.content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                storage_name=storage_name,
                uploaded_by=actor,
                owner_agency=owner_agency,
                review_reference=review_reference,
            )
            # The name may itself be personal data, so the trail keeps only what it is.
            audit_record(
                actor=actor,
                verb=Verb.FILE_UPLOADED,
                target=stored,
                review_reference=review_reference or "",
                payload={"kind": detected.kind, "size": len(data), "sha256": stored.sha256},
            )
    except BaseException:
        storage.delete(storage_name)
        raise
    return stored


def _read_verified(stored_file: StoredFile) -> bytes:
    try:
        with documents_storage().open(stored_file.storage_name) as handle:
            data = handle.read()
    except InvalidToken as exc:
        raise FileIntegrityError(
            f"File {stored_file.public_id} cannot be decrypted with the configured keys"
        ) from exc
    if hashlib.sha256(data).hexdigest() != stored_file.sha256:
        raise FileIntegrityError(f"File {stored_file.public_id} does not match its checksum")
    return data


def file_open(*, actor: Any, stored_file: StoredFile) -> ContentFile:
    """The decrypted content, checked against its checksum; records the download.

    The caller has already fetched `stored_file` through `files_visible_to(actor)`.
    """
    data = _read_verified(stored_file)
    audit_record(
        actor=actor,
        verb=Verb.FILE_DOWNLOADED,
        target=stored_file,
        review_reference=stored_file.review_reference or "",
        payload={"kind": stored_file.kind, "size": stored_file.size},
    )
    return ContentFile(data, name=stored_file.original_name)


@dataclass
class RotationReport:
    reencrypted: int
    failed: list[str]


def files_reencrypt() -> RotationReport:
    """Re-encrypt every stored file with the newest key (FILE_ENCRYPTION_KEYS' first).

    Each file is replaced atomically and checked against its checksum afterwards, so the run can
    be stopped and started again. Files no configured key opens are listed, not changed.
    """
    storage = documents_storage()
    reencrypted, failed = 0, []
    for stored_file in StoredFile.objects.order_by("pk").iterator():
        try:
            storage.reencrypt(stored_file.storage_name)
            _read_verified(stored_file)
        except (InvalidToken, FileIntegrityError, FileNotFoundError):
            logger.error("Could not re-encrypt file %s", stored_file.public_id)
            failed.append(str(stored_file.public_id))
            continue
        reencrypted += 1
    return RotationReport(reencrypted=reencrypted, failed=failed)
