"""The production environment as docs/production.md writes it down, for tests to run under."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

DOC = Path(__file__).resolve().parents[2] / "docs" / "production.md"


def documented_environment() -> dict[str, str]:
    """The variables in the first ```sh block under '## Environment', with the placeholders
    (`<...>`) for secrets filled with freshly made values of the kind the document asks for."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Environment", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    environment = {}
    for line in block.splitlines():
        name, _, value = line.partition("=")
        environment[name.strip()] = value.strip()
    environment["SECRET_KEY"] = "prod-test-" + os.urandom(48).hex()
    environment["FILE_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    return environment


def _run(command: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    """A fresh process that sees only these settings (not the test run's own variables)."""
    base = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        command,
        env={**base, **environment, "DJANGO_SETTINGS_MODULE": "rapidreview.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_with(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run `rapidreview <args>` with exactly these settings."""
    return _run([sys.executable, "-m", "rapidreview.manage", *args], environment)


def settings_under(environment: dict[str, str], *names: str) -> dict[str, object]:
    """The values of some settings as a process started with `environment` sees them."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}))"
    )
    result = _run([sys.executable, "-c", code], environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
