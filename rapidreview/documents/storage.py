"""A file storage that encrypts every file before it reaches the disk.

It wraps Django's FileSystemStorage: `save` encrypts, `open` decrypts, and the names are random
(the uploaded name is kept only in the database). There are no URLs: files leave only through
the download view, which asks the access policy and writes an audit event.

Fernet works on whole files in memory, which the upload size limit (UPLOAD_MAX_MB) keeps small.
"""

import os
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from . import crypto


class EncryptedFileSystemStorage(FileSystemStorage):
    def __init__(self, location: str | Path | None = None) -> None:
        super().__init__(
            location=location if location is not None else settings.UPLOADED_FILES_DIR,
            base_url=None,
            file_permissions_mode=0o600,
            directory_permissions_mode=0o700,
        )

    @staticmethod
    def new_name() -> str:
        """A random name that says nothing about the file, spread over 256 folders."""
        token = secrets.token_hex(20)
        return f"{token[:2]}/{token}"

    def _save(self, name: str, content) -> str:
        content.seek(0)
        return super()._save(name, ContentFile(crypto.encrypt(content.read())))

    def _open(self, name: str, mode: str = "rb") -> ContentFile:
        if mode not in {"r", "rb"}:
            raise ValueError("Encrypted files are opened for reading only")
        with super()._open(name, "rb") as stored:
            token = stored.read()
        return ContentFile(crypto.decrypt(token), name=name)

    def read_raw(self, name: str) -> bytes:
        """The bytes as they are on disk (encrypted)."""
        with super()._open(name, "rb") as stored:
            return stored.read()

    def reencrypt(self, name: str) -> None:
        """Re-encrypt one file with the newest key, replacing it atomically."""
        path = Path(self.path(name))
        token = crypto.reencrypt(path.read_bytes())
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".rotate-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(token)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def url(self, name: str | None) -> str:
        # No public address, ever: a file leaves only through documents:download (policy + audit).
        raise RuntimeError("Uploaded files are served only through documents:download")


def documents_storage() -> EncryptedFileSystemStorage:
    """The storage for uploaded files, read from settings on each call (tests change them)."""
    return EncryptedFileSystemStorage()
