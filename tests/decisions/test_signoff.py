"""The safeguarding partners' sign-off of the decision: the service (signoff.py) and its pages."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.decisions import signoff
from rapidreview.decisions.models import PartnerSignOff
from rapidreview.decisions.queries import sign_off_in_words
from rapidreview.notifications.models import OutboxMessage
from rapidreview.reviews import lifecycle
from rapidreview.reviews.models import State
from rapidreview.reviews.services import ServiceError

from ..reviews.factories import make_incident, make_review
from .factories import make_decision, make_partners


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def review(personas):
    review = make_review(
        make_incident(personas.partnership_team, family=("Mother",)),
        convened_by=personas.partnership_team,
        state=State.AWAITING_SIGN_OFF,
        meeting_date=date(2026, 3, 20),
        agencies=(personas.agency_a,),
    )
    make_decision(review, by=personas.partnership_team)
    return review


@pytest.fixture
def partners(personas):
    return make_partners(personas.safeguarding_partner)


def give(user, review, *, agrees=True, comment="", role="Delegate", version=1):
    return signoff.partner_sign_off(
        actor=user,
        review=review,
        agrees=agrees,
        comment=comment,
        role=role,
        decision_version=version,
    )


def url(name, review):
    return reverse(f"decisions:{name}", kwargs={"reference": review.reference})


# --- the service -------------------------------------------------------------------------------------


def test_each_partner_signs_once_and_the_words_follow(review, partners):
    give(partners["local_authority"], review)
    assert sign_off_in_words(review) == [
        "Signed off by the local authority.",
        "Waiting for the integrated care board and the police.",
    ]
    give(partners["police"], review)
    assert sign_off_in_words(review) == [
        "Signed off by the local authority and the police.",
        "Waiting for the integrated care board.",
    ]
    give(partners["icb"], review, agrees=False, comment="Invented: the Panel should look.")
    assert sign_off_in_words(review) == [
        "Signed off by the local authority and the police.",
        "The integrated care board disagreed: Invented: the Panel should look.",
    ]


def test_a_sign_off_records_the_account_name_the_role_given_and_is_audited(review, partners):
    given = give(partners["police"], review, role="Detective chief superintendent, delegate")
    assert given.signed_name == partners["police"].full_name
    assert given.signed_role == "Detective chief superintendent, delegate"
    assert given.partner == "police" and given.decision_version == 1
    event = AuditEvent.objects.get(verb=Verb.PARTNER_SIGNED_OFF)
    assert event.payload["partner"] == "police" and event.payload["agrees"] is True
    assert partners["police"].full_name not in str(event.payload)


def test_disagreeing_needs_a_comment(review, partners):
    with pytest.raises(signoff.InvalidSignOff) as refused:
        give(partners["police"], review, agrees=False, comment="   ")
    assert refused.value.problems == {"comment": "Enter why you do not agree with the decision"}
    assert not PartnerSignOff.objects.exists()


def test_a_second_sign_off_for_the_same_partner_is_refused_saying_who_signed(
    review, partners, personas
):
    from ..factories import make_user

    colleague = make_user(
        "safeguarding_partner",
        partners["police"].membership.agency,
        full_name="Invented Second Delegate",
    )
    give(partners["police"], review)
    with pytest.raises(signoff.AlreadySigned) as refused:
        give(colleague, review, agrees=False, comment="Invented: a different view.")
    assert refused.value.sign_off.signed_by == partners["police"]
    assert PartnerSignOff.objects.count() == 1


def test_a_sign_off_of_a_version_since_changed_is_refused(review, partners):
    decision = review.decision
    decision.version = 2
    decision.save()
    with pytest.raises(signoff.DecisionChanged) as refused:
        give(partners["icb"], review, version=1)
    assert refused.value.current_version == 2
    assert not PartnerSignOff.objects.exists()


def test_only_while_awaiting_sign_off(review, partners):
    review.state = State.MEETING_HELD
    review.save()
    with pytest.raises(signoff.SignOffRefused):
        give(partners["icb"], review)


def test_the_team_hears_once_when_the_third_partner_signs(review, partners, personas):
    give(partners["local_authority"], review)
    give(partners["icb"], review)
    assert not OutboxMessage.objects.exists()
    give(partners["police"], review, agrees=False, comment="Invented: Invented Adultname1 said")

    (email,) = OutboxMessage.objects.all()
    assert email.subject == (
        f"{review.reference} has been signed off by the three safeguarding partners"
    )
    assert email.recipients == ["partnership@rapidreview.invalid"]
    assert "The police did not agree with the decision" in email.body
    # The comment is free text and may name someone: it is never emailed.
    assert "Invented Adultname1" not in email.body and "Invented:" not in email.body
    for user in partners.values():
        assert user.full_name not in email.body


def test_with_all_three_signed_the_review_can_be_sent_even_with_a_dissent(review, partners):
    step = lifecycle.STEPS["sent-to-panel"]
    give(partners["local_authority"], review)
    give(partners["icb"], review)
    assert lifecycle.blockers(review, step, today=date(2026, 3, 25)) == [
        "Get a sign-off from the police"
    ]
    give(partners["police"], review, agrees=False, comment="Invented: a dissent.")
    assert lifecycle.blockers(review, step, today=date(2026, 3, 25)) == []


def test_someone_who_is_not_a_partner_cannot_sign(review, personas):
    with pytest.raises(ServiceError):
        give(personas.partnership_team, review)


# --- the pages ------------------------------------------------------------------------------------------


def test_the_page_shows_the_decision_and_prefills_the_role(review, partners, client_for):
    police = partners["police"]
    police.job_title = "Invented chief superintendent"
    police.save()
    page = client_for(police).get(url("sign_off", review)).content.decode()
    assert "Reasoning for (a)." in page
    assert police.full_name in page
    assert 'value="Invented chief superintendent"' in page
    assert (
        "I confirm I am the safeguarding partner, or their delegate, for the police"
        in page.replace("\n", " ")
    )
    assert "Waiting for the local authority, the integrated care board and the police." in page


def test_disagreeing_without_a_comment_is_refused_beside_the_field(review, partners, client_for):
    response = client_for(partners["police"]).post(
        url("sign_off", review),
        {
            "decision_version": "1",
            "agrees": "no",
            "comment": "",
            "role": "Delegate",
            "declaration": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<p id="id_comment-error" class="govuk-error-message">' in page
    assert "Enter why you do not agree with the decision" in page
    assert 'value="no" checked' in page and 'value="Delegate"' in page
    assert not PartnerSignOff.objects.exists()


def test_the_declaration_must_be_ticked(review, partners, client_for):
    response = client_for(partners["icb"]).post(
        url("sign_off", review), {"decision_version": "1", "agrees": "yes", "role": "Delegate"}
    )
    assert "Confirm that you are the safeguarding partner or their delegate" in (
        response.content.decode()
    )
    assert not PartnerSignOff.objects.exists()


def test_signing_leads_to_a_confirmation(review, partners, client_for):
    client = client_for(partners["icb"])
    response = client.post(
        url("sign_off", review),
        {"decision_version": "1", "agrees": "yes", "role": "Delegate", "declaration": "on"},
    )
    assert response["Location"] == url("sign_off_done", review)
    page = client.get(url("sign_off_done", review)).content.decode()
    assert "Sign-off recorded" in page and "The integrated care board agrees" in page
    assert "Signed off by the integrated care board." in page


def test_a_second_visit_says_it_is_already_signed_by_whom_and_when(review, partners, client_for):
    give(partners["police"], review, role="Invented delegate")
    page = client_for(partners["police"]).get(url("sign_off", review)).content.decode()
    assert 'id="already-signed"' in page
    assert escape(partners["police"].full_name) in page and "Invented delegate" in page
    assert '<form method="post" novalidate>' not in page.split('id="already-signed"')[1]


def test_a_decision_changed_while_reading_is_refused_keeping_the_answers(
    review, partners, client_for
):
    decision = review.decision
    decision.version, decision.rationale = 2, "Invented: a changed rationale."
    decision.save()
    response = client_for(partners["icb"]).post(
        url("sign_off", review),
        {
            "decision_version": "1",
            "agrees": "no",
            "comment": "Invented: my comment.",
            "role": "Delegate",
            "declaration": "on",
        },
    )
    page = response.content.decode()
    assert "The decision changed while you were reading it" in page
    assert "Invented: a changed rationale." in page and "Invented: my comment." in page
    assert 'name="decision_version" value="2"' in page
    assert not PartnerSignOff.objects.exists()


def test_a_partner_is_refused_before_the_decision_is_sent(review, partners, client_for):
    review.state = State.MEETING_HELD
    review.save()
    response = client_for(partners["police"]).get(url("sign_off", review))
    assert response.status_code == 403
    assert "while it is awaiting sign-off" in response.content.decode()
