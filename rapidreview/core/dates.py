"""Dates and times as GOV.UK writes them ("13 January 2027, 2:30pm"), always in UK time.

Written out by hand rather than with strftime or Django's `date` filter: those follow the
process locale or give "p.m.", and the audit trail must read the same on every server.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

UK_TIME = ZoneInfo("Europe/London")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(value: date | None) -> str:
    """13 January 2027."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def clock_time(value: datetime) -> str:
    """2:30pm, 9:05am, midday, midnight (GOV.UK style)."""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


def uk_datetime(value: datetime | None) -> str:
    """13 January 2027, 2:30pm, in Europe/London whatever the server's time zone."""
    if value is None:
        return ""
    local = value.astimezone(UK_TIME)
    return f"{long_date(local.date())}, {clock_time(local)}"
