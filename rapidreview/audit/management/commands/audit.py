"""`rapidreview audit verify`: check that no audit event was edited, removed or inserted."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapidreview.audit.verification import DEFAULT_BATCH_SIZE, verify_chain


class Command(BaseCommand):
    help = "Work with the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="verify")
        verify = subcommands.add_parser(
            "verify",
            help=(
                "Check the hash chain. Prints 'N events, chain intact' and exits 0, or exits 1 "
                "naming the first event that was changed, removed or inserted."
            ),
        )
        verify.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"How many events to read at a time (default {DEFAULT_BATCH_SIZE}).",
        )

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand == "verify":
            self.verify(batch_size=options["batch_size"])

    def verify(self, *, batch_size: int) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more")
        report = verify_chain(batch_size=batch_size)
        if not report.intact:
            raise CommandError(
                f"Audit chain broken at event {report.broken_at}: {report.problem}. "
                f"The {report.checked} events before it are intact."
            )
        noun = "event" if report.checked == 1 else "events"
        self.stdout.write(f"{report.checked} {noun}, chain intact")
        # Removing events from the end of the chain leaves a chain that verifies; keeping this
        # line somewhere outside the database is what reveals it.
        if report.checked:
            self.stdout.write(f"Last event {report.last_sequence}, hash {report.last_hash}")
