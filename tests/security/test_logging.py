"""No personal data reaches the logs: the filter as settings.LOGGING installs it, end to end.

Each test writes through the real loggers to the real root handler; only the handler's stream
is swapped for a buffer so the output can be read.
"""

import io
import logging
import uuid

import pytest

from rapidreview.core.logging import RedactPersonalData


class Person:
    def __str__(self) -> str:
        return "Jane Invented-Example"


@pytest.fixture
def log_output():
    """The text the configured console handler writes, through its configured filter."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactPersonalData) for f in handler.filters)
    ]
    assert len(handlers) == 1, "LOGGING must install RedactPersonalData on the root handler"
    (handler,) = handlers
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        yield buffer
    finally:
        handler.setStream(previous)


def test_the_filter_sits_on_the_root_handler_and_djangos_loggers_reach_it():
    root = logging.getLogger()
    assert any(
        isinstance(f, RedactPersonalData) for handler in root.handlers for f in handler.filters
    )
    for name in ("django", "django.request", "django.server", "django.security", "rapidreview"):
        logger = logging.getLogger(name)
        # Nothing on the way up may have a handler of its own that bypasses the filter.
        while logger is not root:
            assert logger.handlers == [], (logger.name, logger.handlers)
            assert logger.propagate, logger.name
            logger = logger.parent


def test_an_email_address_is_redacted_in_the_message_and_in_arguments(log_output):
    log = logging.getLogger("rapidreview.test")
    log.warning("Invitation bounced for jane.example@school.invalid")
    log.warning("Invitation bounced for %s", "jane.example@school.invalid")
    output = log_output.getvalue()
    assert "jane.example" not in output
    assert "school.invalid" not in output
    assert "Invitation bounced for [email]" in output
    assert "Invitation bounced for [redacted]" in output


@pytest.mark.parametrize(
    "date",
    [
        "03/04/2019",
        "3/4/19",
        "2019-04-03",
        "03.04.2019",
        "3 April 2019",
        "3rd Apr 2019",
        "April 3, 2019",
    ],
)
def test_a_date_of_birth_is_redacted_however_it_is_written(log_output, date):
    logging.getLogger("rapidreview.test").warning(f"Child born {date} added")
    output = log_output.getvalue()
    assert "Child born [date] added" in output
    assert date not in output


def test_names_and_free_text_passed_as_arguments_are_dropped(log_output):
    log = logging.getLogger("rapidreview.test")
    log.info("Review opened for %s by %s", "Jane Example", Person())
    log.info("Note saved: %s", "Mother said the baby was not feeding; GP not told")
    log.info("Single name %s", "Jane")
    log.info("Values %(child)s %(count)s", {"child": "Jane Example", "count": 3})
    log.info(Person())
    output = log_output.getvalue()
    for leaked in ("Jane", "Example", "Mother", "feeding", "Invented-Example"):
        assert leaked not in output
    assert "Review opened for [redacted] by [redacted]" in output
    assert "Values [redacted] 3" in output


def test_query_strings_and_link_tokens_are_removed_but_paths_and_ids_kept(log_output):
    public_id = uuid.uuid4()
    logging.getLogger("django.request").warning(
        "%s: %s", "Not Found", f"/files/{public_id}/download/?name=Jane+Example"
    )
    logging.getLogger("django.server").info(
        '"%s" %s %s',
        "GET /audit/?user=jane%40school.invalid&from=2019-04-03 HTTP/1.1",
        "200",
        "512",
    )
    logging.getLogger("django.request").warning(
        "%s: %s", "Forbidden", "/invitation/Zq3xY8_kLmN0pQ9rStUvWx2yZaBcDeFgHiJkLm/"
    )
    output = log_output.getvalue()
    assert f"Not Found: /files/{public_id}/download/?[redacted]" in output
    assert '"GET /audit/?[redacted] HTTP/1.1" 200 512' in output
    assert "Forbidden: /invitation/[redacted]/" in output
    for leaked in ("Jane", "school", "2019", "Zq3xY8"):
        assert leaked not in output


def test_phone_numbers_nhs_numbers_and_postcodes_are_redacted(log_output):
    logging.getLogger("rapidreview.test").warning(
        "Called 07700 900123 about NHS number 943 476 5919 at LS1 4AP"
    )
    output = log_output.getvalue()
    assert "Called [number] about NHS number [number] at [postcode]" in output


def test_exception_messages_are_dropped_from_tracebacks(log_output):
    log = logging.getLogger("django.request")
    # From variables, as at run time: the traceback's source lines are code and are kept.
    email, name = "jane.example@school.invalid", "Jane Example"
    try:
        try:
            raise ValueError(f"Key (email)=({email}) already exists")
        except ValueError as error:
            raise RuntimeError(f"Could not save {name}") from error
    except RuntimeError:
        log.exception("Internal Server Error: %s", "/reviews/add/?name=Jane")
    output = log_output.getvalue()
    assert "Internal Server Error: /reviews/add/?[redacted]" in output
    assert "Traceback (most recent call last):" in output
    assert "builtins.ValueError: [redacted]" in output
    assert "builtins.RuntimeError: [redacted]" in output
    assert "test_logging.py" in output  # the frames are kept for debugging
    assert "Jane" not in output
    assert "school.invalid" not in output


def test_the_request_object_is_taken_off_the_record(rf):
    request = rf.post("/sign-in/", {"email": "jane.example@school.invalid", "password": "x"})
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    keep = Keep()
    keep.addFilter(RedactPersonalData())
    logger = logging.getLogger("rapidreview.test.request")
    logger.addHandler(keep)
    try:
        logger.warning("Bad request: %s", request.path, extra={"request": request})
    finally:
        logger.removeHandler(keep)
    assert records[0].request is None
    assert records[0].getMessage() == "Bad request: /sign-in/"


def test_useful_numbers_and_ids_survive(log_output):
    public_id = uuid.uuid4()
    logging.getLogger("rapidreview.test").info(
        "Re-encrypted %s files; file %s failed with status %s", 12, public_id, "500"
    )
    assert f"Re-encrypted 12 files; file {public_id} failed with status 500" in (
        log_output.getvalue()
    )
