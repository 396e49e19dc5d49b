"""The England and Wales bank holidays for 2012 to 2028 as GOV.UK publishes them, read from
bank_holidays_england_wales.txt (typed in by hand, not generated from the `holidays` package)."""

from datetime import date
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 2012, 2028


def _read() -> dict[date, str]:
    holidays = {}
    for line in (
        (Path(__file__).parent / "bank_holidays_england_wales.txt").read_text().splitlines()
    ):
        if line.strip() and not line.startswith("#"):
            day, name = line.split(" ", 1)
            holidays[date.fromisoformat(day)] = name
    return holidays


OFFICIAL: dict[date, str] = _read()
OFFICIAL_DATES: frozenset[date] = frozenset(OFFICIAL)
