from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def uploads_dir(settings, tmp_path) -> Path:
    """Each test stores its files in a folder of its own."""
    settings.UPLOADED_FILES_DIR = tmp_path / "uploads"
    return settings.UPLOADED_FILES_DIR


@pytest.fixture
def files_on_disk(uploads_dir) -> Callable[[], list[Path]]:
    def list_files() -> list[Path]:
        if not uploads_dir.exists():
            return []
        return [path for path in uploads_dir.rglob("*") if path.is_file()]

    return list_files
