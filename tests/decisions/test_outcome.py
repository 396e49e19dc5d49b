"""Sharing the completed rapid review with the agencies: one email per agency with no names,
only once; each agency sees only its own row; its representative records that the staff were
told."""

from datetime import date

import pytest
from django.urls import reverse

from rapidreview.accounts.models import Role
from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.core import calendar
from rapidreview.core.dates import long_date
from rapidreview.decisions import outcome
from rapidreview.decisions.models import OutcomeShare
from rapidreview.notifications.models import OutboxMessage, Purpose
from rapidreview.reviews.models import Child, FamilyMember, ReviewAgency
from rapidreview.reviews.services import Invalid, ServiceError

from ..conftest import signed_in_client
from ..factories import make_user
from .access_panel import awaiting_sign_off, sent, shared_with_agency_a

pytestmark = pytest.mark.django_db


def _share(client, review, *agencies):
    return client.post(
        reverse("decisions:outcome_share", args=[review.reference]),
        {"agencies": [str(agency.public_id) for agency in agencies]},
    )


def test_sharing_emails_each_agency_once_with_no_names(personas):
    review = sent(personas)
    ReviewAgency.objects.create(review=review, agency=personas.agency_b)
    second_rep = make_user(Role.AGENCY_REPRESENTATIVE, personas.agency_a, full_name="Ari Second")
    team = signed_in_client(personas.partnership_team)

    response = _share(team, review, personas.agency_a, personas.agency_b)

    assert response.status_code == 302
    assert OutcomeShare.objects.filter(review_agency__review=review).count() == 2
    emails = {
        tuple(message.recipients): message
        for message in OutboxMessage.objects.filter(review_reference=review.reference)
    }
    assert set(emails) == {
        tuple(sorted([personas.agency_a_rep.email, second_rep.email])),
        (personas.agency_b_rep.email,),
    }
    names = [
        *Child.objects.filter(incident=review.incident).values_list("full_name", "pseudonym"),
        *FamilyMember.objects.filter(incident=review.incident).values_list(
            "full_name", "pseudonym"
        ),
    ]
    for message in emails.values():
        assert message.purpose == Purpose.WORKFLOW
        assert review.reference in message.subject and review.reference in message.body
        assert reverse("decisions:outcome", args=[review.reference]) in message.body
        for full_name, pseudonym in names:
            for word in [*full_name.split(), pseudonym]:
                assert word not in message.body and word not in message.subject
    events = AuditEvent.objects.filter(verb=Verb.OUTCOME_SHARED, review_reference=review.reference)
    assert sorted(e.payload["agency"] for e in events) == sorted(
        [personas.agency_a.name, personas.agency_b.name]
    )

    # Sharing again changes nothing and sends nothing.
    again = _share(team, review, personas.agency_a)
    assert again.status_code == 200
    assert OutboxMessage.objects.filter(review_reference=review.reference).count() == 2
    assert OutcomeShare.objects.filter(review_agency__review=review).count() == 2
    with pytest.raises(ServiceError, match="already been shared"):
        outcome.outcome_share(
            actor=personas.partnership_team,
            review=review,
            review_agencies=ReviewAgency.objects.filter(
                review=review, agency__in=[personas.agency_a, personas.agency_b]
            ),
        )


def test_the_team_sees_every_agency_and_shares_only_those_not_shared_yet(personas):
    review = shared_with_agency_a(personas)
    team = signed_in_client(personas.partnership_team)

    page = team.get(reverse("decisions:outcome", args=[review.reference])).content.decode()

    assert f"Shared on {long_date(outcome.shared_on(OutcomeShare.objects.get()))}" in page
    assert "Not shared" in page
    assert page.count('name="agencies"') == 1  # only the partner agency is left to share with
    assert f'value="{personas.partner_agency.public_id}"' in page
    nothing = _share(team, review)
    assert "Select the agencies to share the completed rapid review with" in (
        nothing.content.decode()
    )


def test_nothing_can_be_shared_before_the_review_is_sent(personas):
    review = awaiting_sign_off(personas)
    team = signed_in_client(personas.partnership_team)
    page = team.get(reverse("decisions:outcome", args=[review.reference])).content.decode()
    assert "once it has been sent to the Panel" in page
    assert 'name="agencies"' not in page
    assert _share(team, review, personas.agency_a).status_code == 403
    with pytest.raises(ServiceError, match="once it has been sent to the Panel"):
        outcome.outcome_share(
            actor=personas.partnership_team,
            review=review,
            review_agencies=ReviewAgency.objects.filter(review=review),
        )
    assert not OutcomeShare.objects.exists()


def test_an_agency_sees_only_its_own_row_and_nothing_before_it_is_shared(personas):
    review = sent(personas)
    ReviewAgency.objects.create(review=review, agency=personas.agency_b)
    rep = signed_in_client(personas.agency_a_rep)

    before = rep.get(reverse("decisions:outcome", args=[review.reference])).content.decode()
    assert "The outcome has not been shared with your agency yet" in before

    _share(signed_in_client(personas.partnership_team), review, personas.agency_b)
    still = rep.get(reverse("decisions:outcome", args=[review.reference])).content.decode()
    assert "The outcome has not been shared with your agency yet" in still
    assert personas.agency_b.name not in still

    _share(signed_in_client(personas.partnership_team), review, personas.agency_a)
    after = rep.get(reverse("decisions:outcome", args=[review.reference])).content.decode()
    assert "The completed rapid review was shared with" in after
    assert personas.agency_b.name not in after
    assert reverse("participation:staff", args=[review.reference]) in after
    assert reverse("decisions:report", args=[review.reference]) in after  # they may read it
    assert 'name="told_on_day"' in after
    # Their senior leader reads the same row, with no form to fill in.
    senior = signed_in_client(personas.senior_leader)
    leader = senior.get(reverse("decisions:outcome", args=[review.reference])).content.decode()
    assert "The completed rapid review was shared with" in leader
    assert 'name="told_on_day"' not in leader


def test_the_representative_records_that_the_staff_were_told(personas):
    review = shared_with_agency_a(personas)
    rep = signed_in_client(personas.agency_a_rep)
    url = reverse("decisions:outcome_staff_told", args=[review.reference])
    today = calendar.today()

    page = rep.get(url).content.decode()
    assert f'name="told_on_day" value="{today.day}"' in page

    early = rep.post(url, {"told_on_day": 1, "told_on_month": 1, "told_on_year": 2026})
    assert early.status_code == 200
    assert (
        "The date your staff were told must be the same as or after the date the completed "
        "rapid review was shared with your agency" in early.content.decode()
    )
    assert OutcomeShare.objects.get().staff_told_on is None

    response = rep.post(
        url, {"told_on_day": today.day, "told_on_month": today.month, "told_on_year": today.year}
    )

    assert response.status_code == 302
    share = OutcomeShare.objects.get()
    assert (share.staff_told_on, share.staff_told_recorded_by) == (today, personas.agency_a_rep)
    event = AuditEvent.objects.get(verb=Verb.OUTCOME_STAFF_TOLD)
    assert event.payload["staff_told_on"] == {"old": None, "new": today.isoformat()}
    team_page = signed_in_client(personas.partnership_team).get(
        reverse("decisions:outcome", args=[review.reference])
    )
    assert "Told on" in team_page.content.decode()


def test_staff_told_needs_the_outcome_shared_first(personas):
    review = sent(personas)
    review_agency = ReviewAgency.objects.get(review=review, agency=personas.agency_a)
    with pytest.raises(ServiceError, match="not been shared with your agency yet"):
        outcome.outcome_staff_told(
            actor=personas.agency_a_rep, review_agency=review_agency, told_on=date(2026, 3, 25)
        )
    response = signed_in_client(personas.agency_a_rep).post(
        reverse("decisions:outcome_staff_told", args=[review.reference]),
        {"told_on_day": 25, "told_on_month": 3, "told_on_year": 2026},
    )
    assert response.status_code == 403


def test_no_agencies_chosen_is_refused_by_the_service_too(personas):
    review = sent(personas)
    with pytest.raises(Invalid):
        outcome.outcome_share(actor=personas.partnership_team, review=review, review_agencies=[])


@pytest.mark.parametrize("persona", ["agency_b_rep", "scrutineer"])
def test_people_not_on_the_review_get_not_found(personas, persona):
    review = shared_with_agency_a(personas)
    client = signed_in_client(getattr(personas, persona))
    for name in ("decisions:outcome", "decisions:panel", "decisions:outcome_staff_told"):
        assert client.get(reverse(name, args=[review.reference])).status_code == 404
