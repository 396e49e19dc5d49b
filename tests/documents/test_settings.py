"""Settings fail loudly: production without file encryption keys does not start."""

import os
import subprocess
import sys

from cryptography.fernet import Fernet

LOAD_SETTINGS = "import django; django.setup(); from django.conf import settings; print(len(settings.FILE_ENCRYPTION_KEYS))"


def load_settings(**env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"FILE_ENCRYPTION_KEYS", "DEBUG", "DEMO_MODE"}
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "rapidreview.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", LOAD_SETTINGS],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_file_encryption_keys_refuses_to_start():
    result = load_settings(DEBUG="false", DEMO_MODE="false")
    assert result.returncode != 0
    assert (
        "FILE_ENCRYPTION_KEYS must be set when neither DEBUG nor DEMO_MODE is on" in result.stderr
    )


def test_a_malformed_key_refuses_to_start_without_printing_it():
    result = load_settings(FILE_ENCRYPTION_KEYS=f"{Fernet.generate_key().decode()},not-a-key-x")
    assert result.returncode != 0
    assert "FILE_ENCRYPTION_KEYS: key 2 is not a Fernet key" in result.stderr
    assert "not-a-key-x" not in result.stderr


def test_the_demo_starts_without_keys():
    result = load_settings(DEMO_MODE="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"
