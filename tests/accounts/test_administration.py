"""The partnership team's pages for inviting users, changing roles and managing agencies."""

import re

import pytest
from django.urls import reverse

from rapidreview.accounts.models import Agency, Invitation, Membership, Role, User
from rapidreview.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db

INVITE = {
    "full_name": "Nell Invented",
    "email": "nell.invented@example.invalid",
    "job_title": "Designated safeguarding lead",
    "role": Role.AGENCY_REPRESENTATIVE,
}


def test_partnership_team_invites_a_user_who_gets_a_one_time_link(
    personas, client_for, mail_sink, django_capture_on_commit_callbacks
):
    client = client_for(personas.partnership_team)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_invite"), {**INVITE, "agency": personas.agency_b.pk}
        )
    assert response.status_code == 302
    invited = User.objects.get(email=INVITE["email"])
    assert not invited.has_usable_password()
    assert invited.membership.role == Role.AGENCY_REPRESENTATIVE
    assert invited.membership.agency == personas.agency_b

    # The email went through a real SMTP conversation, holds the link and no personal name.
    assert len(mail_sink.messages) == 1
    message = mail_sink.messages[0]
    assert message["To"] == INVITE["email"]
    body = message.get_content()
    assert "Nell" not in body and "Invented" not in body
    link = re.search(r"http://\S+/invitation/(\S+)/", body)
    assert link

    event = AuditEvent.objects.get(verb=Verb.USER_INVITED)
    assert event.actor == personas.partnership_team
    assert event.target_id == str(invited.public_id)


def test_invite_with_errors_keeps_answers_and_saves_nothing(personas, client_for, mail_sink):
    client = client_for(personas.partnership_team)
    response = client.post(
        reverse("accounts:user_invite"), {**INVITE, "email": "not-an-email", "agency": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter an email address in the correct format" in page
    assert "Select the agency this person works for" in page
    assert 'value="Nell Invented"' in page
    assert not User.objects.filter(full_name="Nell Invented").exists()
    assert mail_sink.messages == []


def test_invite_refuses_an_email_already_in_use(personas, client_for):
    client = client_for(personas.partnership_team)
    response = client.post(
        reverse("accounts:user_invite"),
        {**INVITE, "email": personas.scrutineer.email.upper(), "agency": personas.agency_a.pk},
    )
    assert "There is already an account with this email address" in response.content.decode()


def test_invitation_link_sets_password_once_then_leads_to_2fa_set_up(
    personas, client_for, client, mail_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(personas.partnership_team).post(
            reverse("accounts:user_invite"), {**INVITE, "agency": personas.agency_b.pk}
        )
    token = re.search(r"/invitation/(\S+)/", mail_sink.messages[0].get_content()).group(1)
    url = reverse("accounts:invitation_accept", args=[token])

    response = client.post(url, {"password1": "short", "password2": "short"})
    assert "at least 12 characters" in response.content.decode()

    response = client.post(url, {"password1": "password1234", "password2": "password1234"})
    assert "too common" in response.content.decode()

    good = "violet-lantern-harbour-93"
    response = client.post(url, {"password1": good, "password2": good})
    assert response.url == reverse("accounts:two_factor_setup")
    assert User.objects.get(email=INVITE["email"]).check_password(good)
    # Home needs the authenticator first.
    assert client.get(reverse("core:home")).url == reverse("accounts:two_factor_setup")

    # The link works once.
    assert client.get(url).status_code == 404
    assert Invitation.objects.get().used_at is not None


def test_change_role_is_audited_with_old_and_new_values(personas, client_for):
    client = client_for(personas.partnership_team)
    person = personas.agency_a_rep
    response = client.post(
        reverse("accounts:user_detail", args=[person.public_id]),
        {"role": Role.SENIOR_LEADER, "agency": personas.agency_a.pk},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=person).role == Role.SENIOR_LEADER
    event = AuditEvent.objects.get(verb=Verb.USER_CHANGED)
    assert event.payload["role"] == {"old": "agency_representative", "new": "senior_leader"}


def test_safeguarding_partner_must_belong_to_a_partner_agency(personas, client_for):
    client = client_for(personas.partnership_team)
    response = client.post(
        reverse("accounts:user_detail", args=[personas.agency_b_rep.public_id]),
        {"role": Role.SAFEGUARDING_PARTNER, "agency": personas.agency_b.pk},
    )
    assert (
        "must belong to one of the three safeguarding partner agencies" in response.content.decode()
    )
    assert personas.agency_b_rep.membership.role == Role.AGENCY_REPRESENTATIVE


def test_deactivated_user_is_signed_out_at_once(personas, client_for):
    team = client_for(personas.partnership_team)
    victim = client_for(personas.agency_b_rep)
    assert victim.get(reverse("core:home")).status_code == 200
    team.post(reverse("accounts:user_deactivate", args=[personas.agency_b_rep.public_id]))
    assert victim.get(reverse("core:home")).status_code == 302
    assert AuditEvent.objects.filter(verb=Verb.USER_DEACTIVATED).count() == 1


def test_partnership_team_cannot_deactivate_themselves(personas, client_for):
    me = personas.partnership_team
    client = client_for(me)
    client.post(reverse("accounts:user_deactivate", args=[me.public_id]))
    me.refresh_from_db()
    assert me.is_active


def test_agency_representative_cannot_manage_users_or_agencies(personas, client_for):
    client = client_for(personas.agency_a_rep)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    response = client.post(
        reverse("accounts:agency_create"), {"name": "Sneaky", "agency_type": "police"}
    )
    assert response.status_code == 403
    assert not Agency.objects.filter(name="Sneaky").exists()


def test_add_agency_checks_the_partner_is_not_taken(personas, client_for):
    client = client_for(personas.partnership_team)
    response = client.post(
        reverse("accounts:agency_create"),
        {
            "name": "Second Council",
            "agency_type": "local_authority",
            "statutory_partner": "local_authority",
        },
    )
    assert "already recorded as this safeguarding partner" in response.content.decode()
    response = client.post(
        reverse("accounts:agency_create"),
        {"name": "Invented Homes", "agency_type": "housing", "statutory_partner": ""},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="Invented Homes")
    assert not agency.is_statutory_partner
    assert AuditEvent.objects.get(verb=Verb.AGENCY_CREATED).target_id == str(agency.public_id)


def test_password_reset_email_holds_a_working_link_and_no_name(
    personas, client, mail_sink, django_capture_on_commit_callbacks
):
    user = personas.agency_a_rep
    with django_capture_on_commit_callbacks(execute=True):  # sent from the outbox on commit
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert len(mail_sink.messages) == 1
    body = mail_sink.messages[0].get_content()
    assert user.full_name.split()[0] not in body
    path = re.search(r"http://[^/\s]+(/password-reset/\S+/)", body).group(1)
    response = client.get(path, follow=True)
    new = "amber-quarry-ledger-51"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_for_unknown_email_looks_the_same_and_sends_nothing(client, mail_sink, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.invalid"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail_sink.messages == []
