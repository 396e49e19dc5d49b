"""Encryption at rest for uploaded files: Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`.

Keys come from FILE_ENCRYPTION_KEYS, newest first. The newest key encrypts; every key decrypts,
so a new key can be added in front, the files re-encrypted (`rapidreview documents rotate-keys`)
and the old key then removed (docs/production.md).

In DEBUG or DEMO_MODE with no keys set, one key is derived from SECRET_KEY so the demo works
without set-up. Settings refuse to start in production without FILE_ENCRYPTION_KEYS.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt", "reencrypt"]


def _demo_key() -> bytes:
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"rapidreview uploaded files, demo and debug only",
    ).derive(settings.SECRET_KEY.encode())
    return base64.urlsafe_b64encode(derived)


def _keys() -> list[bytes]:
    keys = [key.encode() for key in settings.FILE_ENCRYPTION_KEYS]
    if keys:
        return keys
    if settings.DEBUG or settings.DEMO_MODE:
        return [_demo_key()]
    # Settings already refuse this; kept so a misconfigured override cannot fall back silently.
    raise RuntimeError("FILE_ENCRYPTION_KEYS is empty outside DEBUG and DEMO_MODE")


def _fernet() -> MultiFernet:
    # Built on each call (it is cheap) so a change of settings, as in key rotation, takes effect.
    return MultiFernet([Fernet(key) for key in _keys()])


def encrypt(plaintext: bytes) -> bytes:
    return _fernet().encrypt(plaintext)


def decrypt(token: bytes) -> bytes:
    """The plaintext, or InvalidToken if no configured key opens it or it was altered."""
    return _fernet().decrypt(token)


def reencrypt(token: bytes) -> bytes:
    """The same plaintext under the newest key (InvalidToken if no key opens it)."""
    return _fernet().rotate(token)
