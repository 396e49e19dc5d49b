from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from .validation import EMPTY, REQUIRED, WRONG_TYPE, validate_uploaded_file


class DocumentField(forms.FileField):
    """A file upload checked against the allow-list by content, with GOV.UK messages.

    After cleaning, the UploadedFile carries `.detected` (kind and content type). Use it in any
    form that takes a file, then hand the file to `documents.services.file_store`.
    """

    widget = forms.FileInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)
        self.error_messages.update(
            {
                "required": REQUIRED,
                "empty": EMPTY,
                "invalid": "The selected file could not be uploaded – try again",
                "missing": "The selected file could not be uploaded – try again",
                "max_length": "The file name must be 255 characters or fewer",
                "contradiction": REQUIRED,
            }
        )

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            try:
                uploaded.detected = validate_uploaded_file(uploaded)
            except ValidationError as error:
                # One message beside the field, whichever check failed.
                raise ValidationError(error.messages[0], code=error.code) from None
        return uploaded


class UploadForm(forms.Form):
    file = DocumentField(label="Upload a file")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "A PDF, Word document, Excel spreadsheet, image (PNG or JPEG), CSV or text file, "
            f"smaller than {settings.UPLOAD_MAX_MB}MB"
        )


__all__ = ["WRONG_TYPE", "DocumentField", "UploadForm"]
