"""Keep personal data out of the logs.

`RedactPersonalData` sits on the root handler (settings.LOGGING), so every record that is
written anywhere passes through it. It errs on the side of saying too little:

- arguments that are free text are replaced by "[redacted]". Kept are numbers, UUIDs and other
  identifier-like values without letters-only words, HTTP reason phrases ("Not Found"), and
  URL paths and request lines (with their query strings removed);
- objects are never turned into text (a user's `str()` is their name): "[redacted]";
- in the finished message, and in any traceback, email addresses, dates, NHS-number-like and
  telephone-like digit runs, postcodes, query strings and secret-looking URL segments (invitation
  and password reset tokens) are replaced;
- the request object Django attaches to a record (with its body and cookies) is removed.

Names cannot be recognised in free text, which is why free-text arguments go altogether: log
identifiers (public ids), never what a person typed.
"""

import logging
import re
import traceback
import uuid
from http import HTTPStatus

REDACTED = "[redacted]"

_REASON_PHRASES = frozenset(status.phrase for status in HTTPStatus)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)

# Applied in order to the whole message. Dates before phone numbers, so "2019-04-03" is a date.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE), "[email]"),
    # 03/04/2019, 3-4-19, 03.04.2019, 2019-04-03, 2019/4/3
    (re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"), "[date]"),
    (
        re.compile(r"\b\d{4}[/.-]\d{1,2}[/.-]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\b"),
        "[date]",
    ),
    # 3 April 2019, 3rd Apr 19, April 3, 2019, April 2019
    (
        re.compile(
            rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTHS}\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?\s+\d{{2,4}}\b",
            re.IGNORECASE,
        ),
        "[date]",
    ),
    (re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\b", re.IGNORECASE), "[date]"),
    # NHS numbers (3 3 4 digits), telephone numbers and other long runs of digits
    (re.compile(r"(?<![\w-])\+?\d[\d ()-]{8,}\d(?![\w-])"), "[number]"),
    # UK postcodes
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE), "[postcode]"),
]

# A query string after a path or URL: "/search/?q=Jane" -> "/search/?[redacted]".
_QUERY = re.compile(r"(?P<path>(?:https?://[^\s/?#]+)?/[^\s?#\"']*)\?[^\s\"'#]*")
# A path segment that looks like a secret: long, letters and digits mixed (not a UUID).
_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-:]{20,}(?=/|$|\s|\?|\")")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

# Argument strings kept as they are: numbers and identifiers with a digit (ids, hashes, sizes).
_SAFE_TOKEN = re.compile(r"^[0-9a-fA-F.:_\-]{1,64}$")
_PATH = re.compile(r"^(?:https?://[^\s/]+)?/\S*$")
_REQUEST_LINE = re.compile(r"^[A-Z]{3,7} \S+ HTTP/\d(?:\.\d)?$")


def _redact_segment(match: re.Match[str]) -> str:
    segment = match.group(0)
    if _UUID.match(segment) or not any(char.isdigit() for char in segment):
        return segment
    return REDACTED


def redact_text(text: str) -> str:
    """Remove query strings, token-like URL segments and recognisable personal data."""
    text = _QUERY.sub(lambda match: f"{match.group('path')}?{REDACTED}", text)
    text = _SEGMENT.sub(_redact_segment, text)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _safe_arg(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | uuid.UUID):
        return value
    if isinstance(value, bytes):
        return REDACTED
    if isinstance(value, str):
        if value in _REASON_PHRASES or (
            _SAFE_TOKEN.match(value) and any(char.isdigit() for char in value)
        ):
            return value
        if _PATH.match(value) or _REQUEST_LINE.match(value):
            return redact_text(value)
        return REDACTED
    return REDACTED


def format_exception_without_messages(exc: BaseException) -> str:
    """A traceback (frames and exception types) without the exceptions' messages, which often
    quote the data that caused them ("Key (email)=(...) already exists")."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    parts = []
    previous: BaseException | None = None
    for error in reversed(chain):
        if previous is not None:
            parts.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
                if error.__cause__ is previous
                else "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        previous = error
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(error.__traceback__))
        kind = type(error)
        message = _safe_arg(str(error)) if str(error) else ""
        parts.append(f"{kind.__module__}.{kind.__qualname__}{': ' if message else ''}{message}\n")
    return redact_text("".join(parts).rstrip("\n"))


class RedactPersonalData(logging.Filter):
    """Rewrite each record so that it carries no personal data (see the module docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            self._redact(record)
        except Exception:  # a log line must never break the request
            record.msg, record.args = "[log message withheld: it could not be redacted]", None
            record.exc_info = record.exc_text = record.stack_info = None
        return True

    def _redact(self, record: logging.LogRecord) -> None:
        args = record.args
        if isinstance(args, dict):
            args = {key: _safe_arg(value) for key, value in args.items()}
        elif args:
            args = tuple(_safe_arg(value) for value in args)
        # A message that is not a string is an object; its text could be anyone's name.
        template = record.msg if isinstance(record.msg, str) else REDACTED
        try:
            message = template % args if args else template
        except (TypeError, ValueError, KeyError):
            message = template
        record.msg, record.args = redact_text(message), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = format_exception_without_messages(record.exc_info[1])
        elif record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        # django.request attaches the request (body, cookies, headers) for handlers that mail it.
        if hasattr(record, "request"):
            record.request = None
