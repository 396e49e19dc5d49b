"""The outbox page: the partnership team sees whether email is going out, without its text or
its addresses."""

import pytest
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.notifications.models import OutboxMessage, OutboxState, Purpose

URL = reverse("notifications:outbox")


def an_email(state: str, **fields) -> OutboxMessage:
    defaults = {
        "purpose": Purpose.REMINDER,
        "recipients": ["hidden.rep@example.invalid"],
        "subject": "A subject the page does not show",
        "body": "A body the page does not show",
        "review_reference": "RR-2027-007",
    }
    return OutboxMessage.objects.create(state=state, **(defaults | fields))


@pytest.mark.django_db
def test_the_team_sees_each_emails_state_but_not_its_text_or_address(personas, client_for):
    an_email(OutboxState.SENT, attempts=1)
    an_email(OutboxState.QUEUED, attempts=2, last_error="ConnectionRefusedError (errno 111)")
    an_email(OutboxState.FAILED, attempts=8, last_error="SMTPRecipientsRefused: SMTP codes 550")
    page = client_for(personas.partnership_team).get(URL).content.decode()
    for shown in [
        "Sent",
        "Waiting to be sent",
        "Could not be sent",
        "Reminder",
        "RR-2027-007",
        "ConnectionRefusedError (errno 111)",
        "SMTP codes 550",
    ]:
        assert shown in page
    for hidden in ["hidden.rep@example.invalid", "does not show"]:
        assert hidden not in page
    assert AuditEvent.objects.filter(verb=Verb.PAGE_VIEWED, actor=personas.partnership_team)


@pytest.mark.django_db
def test_the_team_can_list_only_the_emails_that_could_not_be_sent(personas, client_for):
    an_email(OutboxState.SENT, attempts=1, review_reference="RR-2027-001")
    an_email(OutboxState.FAILED, attempts=8, review_reference="RR-2027-002")
    client = client_for(personas.partnership_team)
    page = client.get(URL, {"state": "failed"}).content.decode()
    assert "RR-2027-002" in page and "RR-2027-001" not in page
    # An unknown state is not an error: everything is listed.
    page = client.get(URL, {"state": "nonsense"}).content.decode()
    assert "RR-2027-002" in page and "RR-2027-001" in page
