"""Reading the email that reached the test SMTP server."""

import re
import time
from email.message import EmailMessage

from rapidreview.core.mailsink import MaildirHandler


def wait_for_email(sink: MaildirHandler, to: str, timeout: float = 5.0) -> EmailMessage:
    """The one message sent to this address, waiting briefly for it to arrive."""
    deadline = time.monotonic() + timeout
    while True:
        found = [message for message in sink.messages if to in message["To"]]
        if found:
            assert len(found) == 1, f"{len(found)} messages to {to}"
            return found[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"No email to {to}; the sink holds {len(sink.messages)} others")
        time.sleep(0.05)


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message: EmailMessage, base_url: str) -> str:
    """The one link in the email that points at the service, as a path."""
    links = re.findall(re.escape(base_url) + r"(/\S+)", body_of(message))
    assert len(links) == 1, f"expected one link to {base_url} in:\n{body_of(message)}"
    return links[0]
