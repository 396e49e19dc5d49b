"""Account emails (invitations, password resets) go through the outbox like every other email,
and their one-time links do not stay in it once sent."""

import pytest
from django.urls import reverse

from rapidreview.accounts.models import Role
from rapidreview.accounts.services import user_invite
from rapidreview.notifications.delivery import BODY_REMOVED
from rapidreview.notifications.models import OutboxMessage, OutboxState, Purpose


@pytest.mark.django_db
def test_an_invitation_goes_through_the_outbox(
    personas, mail_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(
            actor=personas.partnership_team,
            email="new.rep@example.invalid",
            full_name="Invented Newcomer",
            job_title="Designated safeguarding lead",
            role=Role.AGENCY_REPRESENTATIVE,
            agency=personas.agency_b,
        )
    message = OutboxMessage.objects.get()
    assert (message.purpose, message.state) == (Purpose.ACCOUNT, OutboxState.SENT)
    assert message.recipients == ["new.rep@example.invalid"]
    assert message.body == BODY_REMOVED
    assert "/invitation/" in mail_sink.messages[0].get_content()


@pytest.mark.django_db
def test_a_password_reset_goes_through_the_outbox(
    personas, client, mail_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": personas.scrutineer.email})
    message = OutboxMessage.objects.get()
    assert (message.purpose, message.state) == (Purpose.ACCOUNT, OutboxState.SENT)
    assert message.subject == mail_sink.messages[0]["Subject"]
    assert message.body == BODY_REMOVED
    assert "/password-reset/" in mail_sink.messages[0].get_content()
