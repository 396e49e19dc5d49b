"""A local SMTP server that keeps every message it receives as an .eml file.

`make run` starts it so the demo can send real email without sending it anywhere; the tests
start one too, so that email goes through a real SMTP conversation.
"""

import itertools
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller


class MaildirHandler:
    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self.messages: list[EmailMessage] = []
        self._counter = itertools.count(1)
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        if self.directory is not None:
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{next(self._counter):04d}.eml"
            (self.directory / name).write_bytes(envelope.content)
        return "250 Message accepted for delivery"


def start_sink(*, port: int, directory: Path | None = None) -> tuple[Controller, MaildirHandler]:
    handler = MaildirHandler(directory)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, handler
