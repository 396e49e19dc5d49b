"""The partnership team invites someone; they set a password and an authenticator app."""

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from .journey import (
    choose_option,
    choose_radio,
    menu_link,
    navigation,
    path_of,
    press,
    sign_in,
    type_into,
    visit,
)
from .mail import body_of, link_in, wait_for_email

pytestmark = pytest.mark.e2e

INVITEE_NAME = "Robin Newcomer"
INVITEE_EMAIL = "robin.newcomer@example.invalid"
INVITEE_PASSWORD = "lantern-orchard-pebble-77"


def code_from_key(key_shown: str) -> str:
    """What an authenticator app shows for the key typed into it (time-based, 30 seconds)."""
    secret = key_shown.replace(" ", "").upper()
    secret += "=" * (-len(secret) % 8)
    return f"{totp(base64.b32decode(secret), step=30, t0=0, digits=6):06d}"


def test_an_invited_person_follows_the_emailed_link_sets_up_their_account_and_reaches_home(
    open_page, partnership_team, police, mail_sink, settings, live_server
):
    settings.SITE_URL = live_server.url  # the address invitation emails link to
    team = open_page()
    sign_in(team, partnership_team)
    with navigation(team):
        press(team, menu_link(team, "Users"))
    with navigation(team):
        press(team, team.get_by_role("button", name="Invite a user"))

    type_into(team, team.get_by_label("Full name"), INVITEE_NAME)
    type_into(team, team.get_by_label("Work email address"), INVITEE_EMAIL)
    type_into(team, team.get_by_label("Job title"), "Designated safeguarding lead")
    choose_radio(team, team.get_by_role("radio", name="Agency representative"))
    with navigation(team):
        press(team, team.get_by_role("button", name="Send invitation"))

    # An agency representative needs an agency: the form says so and keeps the other answers.
    expect(team).to_have_title("Error: Invite a user – Rapid Review")
    expect(team.locator(".govuk-error-summary")).to_contain_text(
        "Select the agency this person works for"
    )
    expect(team.get_by_label("Full name")).to_have_value(INVITEE_NAME)
    expect(team.get_by_role("radio", name="Agency representative")).to_be_checked()
    choose_option(team, team.get_by_label("Agency", exact=True), "Invented Police Force")
    with navigation(team):
        press(team, team.get_by_role("button", name="Send invitation"))

    assert path_of(team) == "/users/"
    expect(team.get_by_role("alert")).to_contain_text(f"Invitation sent to {INVITEE_EMAIL}")
    expect(team.get_by_role("row", name=INVITEE_NAME)).to_contain_text("Agency representative")

    email = wait_for_email(mail_sink, INVITEE_EMAIL)
    assert email["Subject"] == "You have been invited to use Rapid Review"
    whole_email = email.as_string()
    for part_of_name in INVITEE_NAME.split():
        assert part_of_name not in whole_email
    assert "Designated safeguarding lead" not in whole_email
    invitation_path = link_in(email, live_server.url)
    assert invitation_path.startswith("/invitation/")
    assert f"expires in {settings.INVITATION_VALID_DAYS} days" in body_of(email)

    # The invitee, at their own desk.
    invitee = open_page()
    visit(invitee, invitation_path)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Create your password")
    expect(invitee.get_by_role("main")).to_contain_text(INVITEE_EMAIL)
    type_into(invitee, invitee.get_by_label("Create a password"), INVITEE_PASSWORD)
    type_into(invitee, invitee.get_by_label("Confirm your password"), INVITEE_PASSWORD)
    with navigation(invitee):
        press(invitee, invitee.get_by_role("button", name="Continue"))

    assert path_of(invitee) == "/set-up-authenticator/"
    expect(invitee.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    press(invitee, invitee.locator("summary", has_text="I cannot scan the QR code"))
    key = invitee.locator("#setup-key")
    expect(key).to_be_visible()
    type_into(invitee, invitee.get_by_label("Security code"), code_from_key(key.inner_text()))
    with navigation(invitee):
        invitee.keyboard.press("Enter")

    expect(invitee.get_by_role("heading", level=1)).to_have_text("Save your backup codes")
    expect(invitee.locator("#backup-codes li")).to_have_count(10)
    with navigation(invitee):
        press(invitee, invitee.get_by_role("button", name="I have saved my backup codes"))

    assert path_of(invitee) == "/"
    expect(invitee.get_by_role("main")).to_contain_text(
        "You are signed in as agency representative for Invented Police Force."
    )

    # The link worked once.
    response = visit(invitee, invitation_path)
    assert response.status == 404
    expect(invitee.get_by_role("heading", level=1)).to_have_text("This link does not work")
