"""Inviting agencies to a review: the service (who is invited, what is recorded, who is
emailed and what the email says) and the partnership team's invite page."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from rapidreview.accounts.models import Agency, AgencyType, Role, StatutoryPartner
from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.core.dates import long_date
from rapidreview.notifications.models import OutboxMessage, Purpose
from rapidreview.participation.invitations import agencies_invite
from rapidreview.reviews.models import ReviewAgency, State
from rapidreview.reviews.services import ServiceError

from ..factories import make_user
from ..reviews.factories import at, make_incident, make_review

pytestmark = pytest.mark.django_db

# Wednesday 11 March 2026. The test review's SIN was submitted on Friday 6 March, so with
# agencies asked today, involvement is due Friday 13 March, returns Friday 20 March, and the
# meeting is to be held by Tuesday 24 March.
TODAY = date(2026, 3, 11)


@pytest.fixture(autouse=True)
def today(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(at(TODAY), tick=False):
        yield TODAY


@pytest.fixture
def partners(personas) -> list[Agency]:
    """All three safeguarding partners (the personas have the local authority only)."""
    return [
        personas.partner_agency,
        Agency.objects.create(
            name="Invented ICB", agency_type=AgencyType.ICB, statutory_partner=StatutoryPartner.ICB
        ),
        Agency.objects.create(
            name="Invented Constabulary",
            agency_type=AgencyType.POLICE,
            statutory_partner=StatutoryPartner.POLICE,
        ),
    ]


@pytest.fixture
def review(personas):
    incident = make_incident(
        personas.partnership_team, children=("Child A", "Child B"), family=("Mother", "Brother")
    )
    incident.children.filter(position=1).update(other_names="Invented Alias")
    incident.family.filter(position=1).update(
        other_names="Invented Maiden", date_of_birth=date(1990, 7, 23)
    )
    return make_review(incident, convened_by=personas.partnership_team)


def invite(personas, review, *agencies):
    return agencies_invite(actor=personas.partnership_team, review=review, agencies=agencies)


def names_on(review) -> list[str]:
    return sorted(review.agencies.values_list("agency__name", flat=True))


# --- the service ----------------------------------------------------------------------------


def test_inviting_one_agency_brings_the_three_safeguarding_partners(personas, partners, review):
    invited = invite(personas, review, personas.agency_b)
    assert sorted(ra.agency.name for ra in invited) == names_on(review)
    assert names_on(review) == sorted([personas.agency_b.name, *(p.name for p in partners)])
    assert {ra.invited_by for ra in invited} == {personas.partnership_team}


def test_inviting_again_changes_nothing_and_emails_no_one(personas, partners, review):
    invite(personas, review, personas.agency_a, personas.agency_b)
    events, emails = AuditEvent.objects.count(), OutboxMessage.objects.count()
    assert invite(personas, review, personas.agency_a, personas.agency_b, partners[1]) == []
    assert review.agencies.count() == 5
    assert (AuditEvent.objects.count(), OutboxMessage.objects.count()) == (events, emails)


def test_a_later_invitation_adds_only_the_new_agency(personas, partners, review):
    invite(personas, review, personas.agency_a)
    later = invite(personas, review, personas.agency_a, personas.agency_b)
    assert [ra.agency for ra in later] == [personas.agency_b]


def test_each_agency_invited_is_one_audit_event(personas, partners, review):
    invite(personas, review, personas.agency_a, personas.agency_b)
    events = AuditEvent.objects.filter(verb=Verb.AGENCY_INVITED)
    assert events.count() == 5
    assert {event.review_reference for event in events} == {review.reference}
    police = events.get(target_id=str(personas.agency_a.public_id))
    assert police.payload == {
        "agency": personas.agency_a.name,
        "safeguarding_partner": False,
        "representatives_emailed": 1,
    }


def test_the_date_agencies_were_asked_is_set_once(personas, partners, review):
    invite(personas, review, personas.agency_a)
    review.refresh_from_db()
    assert review.agencies_asked_on == TODAY
    change = AuditEvent.objects.get(verb=Verb.REVIEW_CHANGED)
    assert change.payload == {"agencies_asked_on": {"old": None, "new": TODAY.isoformat()}}
    with time_machine.travel(at(date(2026, 3, 12)), tick=False):
        invite(personas, review, personas.agency_b)
    review.refresh_from_db()
    assert review.agencies_asked_on == TODAY


def test_each_agency_is_emailed_at_its_active_representatives_only(personas, partners, review):
    second_rep = make_user(Role.AGENCY_REPRESENTATIVE, personas.agency_a, full_name="Ann Other")
    make_user(Role.AGENCY_REPRESENTATIVE, personas.agency_a, full_name="Gone Away", is_active=False)
    invite(personas, review, personas.agency_a, personas.agency_b)
    emails = {
        tuple(sorted(message.recipients)): message
        for message in OutboxMessage.objects.filter(purpose=Purpose.INVITATION)
    }
    # Agency A's two active representatives (not its senior leader, nominee or the inactive
    # one); agency B's representative; the partners have no representatives here.
    assert set(emails) == {
        tuple(sorted([personas.agency_a_rep.email, second_rep.email])),
        (personas.agency_b_rep.email,),
    }
    assert {message.review_reference for message in emails.values()} == {review.reference}


def test_an_agency_with_no_representative_is_still_invited(personas, partners, review):
    housing = Agency.objects.create(name="Invented Housing", agency_type=AgencyType.HOUSING)
    invited = invite(personas, review, housing)
    assert housing in [ra.agency for ra in invited]
    assert not OutboxMessage.objects.exists()


def test_the_email_gives_the_reference_due_dates_link_and_contacts(
    personas, partners, review, settings
):
    settings.SITE_URL = "https://rapidreview.example.org"
    settings.PARTNERSHIP_CONTACTS = [
        {"role": "Business co-ordinator", "name": "Invented Coordinator", "email": "c@x.invalid"}
    ]
    invite(personas, review, personas.agency_a)
    message = OutboxMessage.objects.get()
    assert message.subject == (
        f"Rapid review {review.reference}: your agency is invited to take part"
    )
    body = message.body
    assert f"https://rapidreview.example.org/reviews/{review.reference}/" in body
    assert "including a nil return): 13 March 2026" in body
    assert "your agency's return: 20 March 2026" in body
    assert "rapid review meeting: to be held by 24 March 2026" in body
    assert "Business co-ordinator: Invented Coordinator, c@x.invalid" in body


def test_the_email_gives_the_meeting_date_once_it_is_set(personas, partners, review):
    review.meeting_date = date(2026, 3, 19)
    review.save(update_fields=["meeting_date"])
    invite(personas, review, personas.agency_a)
    body = OutboxMessage.objects.get().body
    assert "rapid review meeting: 19 March 2026" in body
    # Returns are due two working days before the meeting, if that is earlier.
    assert "your agency's return: 17 March 2026" in body


def test_the_email_holds_nothing_about_the_child_or_family(personas, partners, review):
    invite(personas, review, personas.agency_a)
    message = OutboxMessage.objects.get()
    people = [*review.incident.children.all(), *review.incident.family.all()]
    secrets = set()
    for person in people:
        secrets |= {person.full_name, *person.full_name.split(), person.pseudonym}
        if person.other_names:
            secrets |= {person.other_names, *person.other_names.split()}
        if person.date_of_birth:
            dob = person.date_of_birth
            secrets |= {dob.isoformat(), long_date(dob), dob.strftime("%d/%m/%Y"), str(dob.year)}
    secrets -= {"Invented"}  # every invented name has it, agencies' too
    for text in (message.subject, message.body):
        found = [secret for secret in secrets if secret in text]
        assert not found, f"{found} in {text!r}"
    assert "Childname" not in message.body and "Adultname" not in message.body
    assert "Alias" not in message.body and "Maiden" not in message.body


def test_the_email_is_delivered_after_the_invitation_commits(
    personas, partners, review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(personas, review, personas.agency_b)
    assert [message.to for message in mail.outbox] == [[personas.agency_b_rep.email]]
    assert review.reference in mail.outbox[0].subject


def test_a_closed_review_cannot_have_agencies_invited(personas, partners):
    closed = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        state=State.STOPPED,
        stopped_on=TODAY,
        stopped_reason="Invented: not a serious incident.",
    )
    with pytest.raises(ServiceError, match="agencies cannot be invited"):
        invite(personas, closed, personas.agency_a)
    assert not closed.agencies.exists()


def test_an_inactive_agency_cannot_be_invited(personas, partners, review):
    gone = Agency.objects.create(
        name="Invented Closed Service", agency_type=AgencyType.OTHER, is_active=False
    )
    with pytest.raises(ServiceError, match="Invented Closed Service can no longer be invited"):
        invite(personas, review, personas.agency_a, gone)
    assert not review.agencies.exists()
    assert not OutboxMessage.objects.exists()


def test_an_inactive_safeguarding_partner_is_not_added(personas, partners, review):
    Agency.objects.filter(pk=partners[2].pk).update(is_active=False)
    invite(personas, review, personas.agency_a)
    assert partners[2].name not in names_on(review)


# --- the invite page ------------------------------------------------------------------------


def invite_url(review) -> str:
    return reverse("participation:invite", args=[review.reference])


def agencies_url(review) -> str:
    return reverse("participation:agencies", args=[review.reference])


def test_the_invite_page_offers_agencies_not_yet_invited_and_names_the_partners(
    personas, partners, review, client_for
):
    make_review(make_incident(personas.partnership_team), convened_by=personas.partnership_team)
    ReviewAgency.objects.create(review=review, agency=personas.agency_a)
    Agency.objects.create(name="Invented Gone", agency_type=AgencyType.OTHER, is_active=False)
    page = client_for(personas.partnership_team).get(invite_url(review)).content.decode()
    assert personas.agency_b.name in page
    assert f'value="{personas.agency_a.public_id}"' not in page  # already invited
    assert "Invented Gone" not in page  # not active
    for partner in partners:  # come anyway, so not offered as a choice
        assert f'value="{partner.public_id}"' not in page
    assert "The safeguarding partners are always invited" in page
    assert "Invite all agencies" in page


def test_inviting_chosen_agencies_shows_how_many_were_invited_and_emailed(
    personas, partners, review, client_for
):
    housing = Agency.objects.create(name="Invented Housing", agency_type=AgencyType.HOUSING)
    client = client_for(personas.partnership_team)
    response = client.post(
        invite_url(review), {"agencies": [personas.agency_a.public_id, housing.public_id]}
    )
    assert response.status_code == 302
    assert response["Location"] == agencies_url(review)
    page = client.get(agencies_url(review)).content.decode()
    assert "5 agencies invited. 1 representative emailed." in page
    # The partners and housing have no representative in this test: said plainly.
    assert (
        "No one at Invented Constabulary, Invented Council, Invented Housing and Invented ICB "
        "received the email: they have no active representative." in page
    )


def test_choosing_no_agency_is_an_error_and_invites_no_one(personas, partners, review, client_for):
    response = client_for(personas.partnership_team).post(invite_url(review), {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select the agencies to invite" in page
    assert not review.agencies.exists()


def test_a_junk_choice_is_an_error(personas, partners, review, client_for):
    response = client_for(personas.partnership_team).post(
        invite_url(review), {"agencies": ["not-a-uuid"]}
    )
    assert response.status_code == 200
    assert "Select agencies from the list" in response.content.decode()
    assert not review.agencies.exists()


def test_invite_all_invites_every_active_agency(personas, partners, review, client_for):
    Agency.objects.create(name="Invented Gone", agency_type=AgencyType.OTHER, is_active=False)
    response = client_for(personas.partnership_team).post(invite_url(review), {"invite_all": "yes"})
    assert response.status_code == 302
    assert names_on(review) == sorted(
        Agency.objects.filter(is_active=True).values_list("name", flat=True)
    )


def test_when_everyone_is_invited_the_page_says_so(personas, partners, review, client_for):
    invite(personas, review, *Agency.objects.all())
    client = client_for(personas.partnership_team)
    page = client.get(invite_url(review)).content.decode()
    assert "Every active agency is already invited to this review." in page
    response = client.post(invite_url(review), {"invite_all": "yes"})
    assert "Every active agency is already invited" in response.content.decode()
