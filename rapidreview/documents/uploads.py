"""Uploads are held in memory, never in a temporary file on disk.

Django writes uploads larger than 2.5 MB to a plaintext temporary file; for files about children
that would put unencrypted copies on the disk. This handler (FILE_UPLOAD_HANDLERS in settings)
keeps each file in memory up to UPLOAD_MAX_MB and discards the rest of a larger one, keeping
only its size, so the form can say "The selected file must be smaller than ...".
"""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from .validation import max_upload_bytes


class MemoryOnlyUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0
        self.limit = max_upload_bytes()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= self.limit:
            self.buffer.write(raw_data)
        elif self.buffer.tell():
            self.buffer = io.BytesIO()  # too large: let the memory go, keep counting
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
