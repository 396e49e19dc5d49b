"""Email backends for the outbox tests: an SMTP server that refuses every recipient, quoting the
address back as real servers do (so the tests can check it is never stored or logged)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        refused = {
            address: (550, f"5.1.1 <{address}>: mailbox unavailable".encode())
            for message in email_messages
            for address in message.recipients()
        }
        raise smtplib.SMTPRecipientsRefused(refused)
