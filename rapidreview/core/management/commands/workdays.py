"""`rapidreview workdays`: the working-day calendar from the command line.

rapidreview workdays add 2026-12-18 15             prints 2027-01-13
rapidreview workdays add 2027-01-13 -15            prints 2026-12-18
rapidreview workdays between 2026-12-18 2027-01-13 prints 15
rapidreview workdays load-bank-holidays --from 2012 --to 2040
"""

import argparse
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from rapidreview.core import calendar
from rapidreview.core.dates import long_date

_MIN_YEAR = 1900
_MAX_YEAR = 2100


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: give it as YYYY-MM-DD, for example 2026-12-18"
        ) from None


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number of working days, for example 15 or -3"
        ) from None


def year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not _MIN_YEAR <= value <= _MAX_YEAR:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a year from {_MIN_YEAR} to {_MAX_YEAR}, for example 2027"
        )
    return value


class Command(BaseCommand):
    help = "Count England & Wales working days, and load the bank holidays they skip."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        add = sub.add_parser(
            "add",
            help="Print the date N working days after START (before it when N is negative). "
            "START is day 0.",
        )
        add.add_argument("start", type=iso_date, help="YYYY-MM-DD")
        add.add_argument("n", type=whole_number, help="working days, for example 15 or -3")

        between = sub.add_parser(
            "between",
            help="Print how many working days there are after A, up to and including B "
            "(negative when B is before A).",
        )
        between.add_argument("a", type=iso_date, help="YYYY-MM-DD")
        between.add_argument("b", type=iso_date, help="YYYY-MM-DD")

        load = sub.add_parser(
            "load-bank-holidays",
            help="Load England & Wales bank holidays from the installed `holidays` package. "
            "Safe to run again.",
        )
        load.add_argument("--from", dest="first_year", type=year, default=2012)
        load.add_argument("--to", dest="last_year", type=year, default=2040)

    def handle(self, *args, action: str, **options):
        try:
            if action == "add":
                result = calendar.add_working_days(options["start"], options["n"])
                self.stdout.write(result.isoformat())
            elif action == "between":
                self.stdout.write(str(calendar.working_days_between(options["a"], options["b"])))
            else:
                self._load(options["first_year"], options["last_year"])
        except (calendar.CalendarNotLoadedError, OverflowError, ValueError) as exc:
            message = str(exc)
            if isinstance(exc, OverflowError):
                message = "The answer would fall outside the dates the calendar can count"
            raise CommandError(message) from exc

    def _load(self, first_year: int, last_year: int) -> None:
        if first_year > last_year:
            raise CommandError(f"--from {first_year} is after --to {last_year}")
        result = calendar.load_bank_holidays(first_year, last_year)
        self.stdout.write(
            f"Bank holidays {first_year} to {last_year}: {len(result.added)} added, "
            f"{len(result.renamed)} renamed, {len(result.removed)} removed"
        )
        for day in result.already_closure_days:
            self.stdout.write(
                f"{long_date(day)} is a bank holiday and already a closure day: "
                "left as the partnership set it"
            )
