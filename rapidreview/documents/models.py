"""Uploaded files. The content is encrypted on disk under a random name (storage.py); this row
keeps what the person uploaded it as, what it really is, and who may see it (access policy)."""

import math
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone

from .validation import FileKind


def human_size(size: int) -> str:
    """GOV.UK style file sizes: '512 bytes', '48 KB', '2.5 MB'."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    if size < 1024 * 1024:
        return f"{math.ceil(size / 1024)} KB"
    megabytes = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return f"{megabytes} MB"


class StoredFile(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(help_text="Bytes, before encryption")
    sha256 = models.CharField(max_length=64, help_text="Of the content, before encryption")
    storage_name = models.CharField(max_length=100, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, db_index=True)
    owner_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="If set, only this agency's users and the partnership team can see the file",
    )
    review_reference = models.CharField(max_length=30, null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=FileKind.values), name="stored_file_kind_allowed"
            )
        ]

    def __str__(self) -> str:
        return f"File {self.public_id}"

    @property
    def title(self) -> str:
        """The uploaded name without its extension: 'Terms of reference'."""
        return PurePath(self.original_name).stem or self.original_name

    @property
    def size_display(self) -> str:
        return human_size(self.size)

    @property
    def description(self) -> str:
        """'Terms of reference, PDF, 48 KB'."""
        return f"{self.title}, {self.get_kind_display()}, {self.size_display}"

    @property
    def response_content_type(self) -> str:
        if self.content_type.startswith("text/"):
            return f"{self.content_type}; charset=utf-8"
        return self.content_type
