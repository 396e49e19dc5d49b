"""`rapidreview documents rotate-keys`: re-encrypt every uploaded file with the newest key."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapidreview.documents.services import files_reencrypt


class Command(BaseCommand):
    help = "Work with uploaded files."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="rotate-keys")
        subcommands.add_parser(
            "rotate-keys",
            help=(
                "Re-encrypt every uploaded file with the first key in FILE_ENCRYPTION_KEYS. "
                "Afterwards the other keys can be removed (docs/production.md)."
            ),
        )

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand == "rotate-keys":
            self.rotate_keys()

    def rotate_keys(self) -> None:
        report = files_reencrypt()
        noun = "file" if report.reencrypted == 1 else "files"
        self.stdout.write(f"{report.reencrypted} {noun} re-encrypted with the newest key")
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} could not be decrypted with any configured key and were "
                f"left as they were: {', '.join(report.failed)}. Keep the old keys until this "
                "is resolved."
            )
