"""`rapidreview report RR-2026-004 --format docx --output report.docx`: the report to the National
Panel as a file, checked for names like the one the web page gives.

Exits 0 having written the file, or exits 1 with the reason on stderr (an unknown reference, no
decision yet, or the fields the anonymisation check refused) and no file written. The file is
written beside its destination and renamed into place, so a half-written report never appears.
Recorded in the audit trail with no actor and {"via": "command line"}.
"""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapidreview.decisions import reporting
from rapidreview.reviews.models import RapidReview

VIA = "command line"


class Command(BaseCommand):
    help = (
        "Write the report to the National Panel for a review as Word (docx) or PDF, after the "
        "anonymisation check. Exits 1 with the reason, writing nothing, if the check refuses."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The review's reference, such as RR-2026-004")
        parser.add_argument(
            "--format", dest="fmt", choices=sorted(reporting.FORMATS), required=True
        )
        parser.add_argument("--output", required=True, help="Where to write the file")

    def handle(self, *args, reference: str, fmt: str, output: str, **options) -> None:
        review = RapidReview.objects.select_related("incident").filter(
            reference__iexact=reference.strip()
        ).first()
        if review is None:
            raise CommandError(f"No rapid review with the reference {reference}")
        destination = Path(output).expanduser()
        if destination.is_dir():
            raise CommandError(f"{output} is a folder: give a file name")
        if not destination.parent.is_dir():
            raise CommandError(f"The folder {destination.parent} does not exist")
        try:
            content = reporting.generate(review, fmt, actor=None, via=VIA)
        except reporting.ReportRefused as refused:
            fields = "\n".join(f"  - {leak}" for leak in refused.leaks)
            raise CommandError(
                f"Refused: the report on {review.reference} names someone on the review. "
                f"Change these fields to pseudonyms or roles:\n{fields}"
            ) from refused
        except reporting.ReportError as error:
            raise CommandError(str(error)) from error
        _write_atomically(destination, content)
        label = reporting.FORMATS[fmt].label
        size = reporting.human_size(len(content))
        self.stdout.write(f"Wrote {review.reference} report ({label}, {size}) to {destination}")


def _write_atomically(destination: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".part"
    )
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
