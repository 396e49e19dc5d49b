"""Recording the decision and sending it to the partners (rapidreview/decisions/decision.py)."""

from datetime import date

import pytest

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.decisions import decision as decisions
from rapidreview.decisions.models import Decision, Outcome, PartnerSignOff
from rapidreview.decisions.queries import current_sign_offs, partners_not_signed
from rapidreview.notifications.models import OutboxMessage, Purpose
from rapidreview.reviews.models import State

from ..reviews.factories import make_incident, make_review
from .factories import make_decision, make_partners, sign_off

ANSWERS = {
    "criterion_a": "met",
    "criterion_a_reasoning": "Invented: the agencies missed the same sign twice.",
    "criterion_b": "met",
    "criterion_b_reasoning": "Invented: neglect again, as in two earlier reviews.",
    "criterion_c": "unclear",
    "criterion_c_reasoning": "Invented: information sharing between the school and police.",
    "criterion_d": "not_met",
    "criterion_d_reasoning": "Invented: the Panel has not considered this case.",
    "outcome": "lcspr",
    "rationale": "Invented: an LCSPR will show how the agencies worked together.",
    "alternative_route": "",
    "alternative_detail": "",
    "national_view": "does_not",
    "national_view_reasoning": "",
}


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def review(personas):
    incident = make_incident(personas.partnership_team, family=("Mother",))
    return make_review(
        incident,
        convened_by=personas.partnership_team,
        state=State.MEETING_HELD,
        meeting_date=date(2026, 3, 20),
        agencies=(personas.agency_a,),
    )


def record(personas, review, base_version=0, **changes):
    return decisions.decision_record(
        actor=personas.partnership_team,
        review=review,
        answers=ANSWERS | changes,
        base_version=base_version,
    )


def test_recording_a_decision_saves_every_answer_and_is_audited(personas, review):
    recorded = record(personas, review)

    saved = Decision.objects.get(review=review)
    assert recorded.created and saved.version == 1
    assert saved.criterion_c == "unclear" and saved.outcome == Outcome.LCSPR
    assert saved.rationale == ANSWERS["rationale"]
    event = AuditEvent.objects.get(verb=Verb.DECISION_RECORDED)
    assert event.review_reference == review.reference
    assert "rationale" in event.payload["fields"]
    # Field names only: the reasoning itself is not copied into the audit trail.
    assert ANSWERS["rationale"] not in str(event.payload)


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("criterion_b", "Select whether criterion (b) is met, not met or unclear"),
        ("criterion_d_reasoning", "Enter the reasoning for criterion (d)"),
        ("outcome", "Select the outcome"),
        ("rationale", "Enter the reasoning for the decision"),
        ("national_view", "Select the partners' view on a national review"),
    ],
)
def test_a_missing_answer_is_refused_naming_the_field(personas, review, missing, message):
    with pytest.raises(decisions.InvalidDecision) as refused:
        record(personas, review, **{missing: "   "})
    assert refused.value.problems == {missing: message}
    assert not Decision.objects.exists()


def test_an_alternative_route_is_needed_only_for_that_outcome(personas, review):
    with pytest.raises(decisions.InvalidDecision) as refused:
        record(personas, review, outcome="alternative")
    assert refused.value.problems == {"alternative_route": "Select the alternative learning route"}

    record(personas, review, alternative_route="thematic", alternative_detail="Invented detail")
    saved = Decision.objects.get(review=review)
    # Not an alternative outcome: the route is not kept, so the report cannot show a stray one.
    assert (saved.alternative_route, saved.alternative_detail) == ("", "")


def test_an_alternative_route_is_saved_with_its_detail(personas, review):
    record(personas, review, outcome="alternative", alternative_route="practitioner_event")
    assert Decision.objects.get(review=review).alternative_route == "practitioner_event"


def test_a_choice_not_on_offer_is_refused(personas, review):
    with pytest.raises(decisions.InvalidDecision) as refused:
        record(personas, review, outcome="publish_everything")
    assert refused.value.problems == {"outcome": "Select one of the options"}


def test_changing_the_decision_bumps_its_version_and_voids_the_sign_offs(personas, review):
    make_decision(review, by=personas.partnership_team, **ANSWERS)
    partners = make_partners(personas.safeguarding_partner)
    review.state = State.AWAITING_SIGN_OFF
    review.save()
    sign_off(review, partners["local_authority"])
    sign_off(review, partners["police"], agrees=False, comment="Invented: needs a national view")

    recorded = record(personas, review, base_version=1, outcome="national")

    assert recorded.decision.version == 2 and recorded.sign_offs_voided == 2
    assert recorded.changed == ["outcome"]
    # The old sign-offs are history; none counts for the changed decision.
    assert PartnerSignOff.objects.filter(review=review).count() == 2
    assert current_sign_offs(review) == {}
    assert len(partners_not_signed(review)) == 3
    event = AuditEvent.objects.get(verb=Verb.DECISION_CHANGED)
    assert event.payload["changed"] == ["outcome"]
    assert event.payload["version"] == {"old": 1, "new": 2}
    assert event.payload["outcome"] == {"old": "lcspr", "new": "national"}


def test_a_change_while_awaiting_sign_off_asks_every_partner_to_sign_again(personas, review):
    make_decision(review, by=personas.partnership_team, **ANSWERS)
    partners = make_partners(personas.safeguarding_partner)
    review.state = State.AWAITING_SIGN_OFF
    review.save()

    record(personas, review, base_version=1, rationale="Invented: a changed rationale.")

    emails = OutboxMessage.objects.filter(purpose=Purpose.WORKFLOW)
    assert sorted(e.recipients[0] for e in emails) == sorted(u.email for u in partners.values())
    assert all("sign it off again" in e.subject for e in emails)


def test_saving_the_same_answers_again_changes_nothing(personas, review):
    make_decision(review, by=personas.partnership_team, **ANSWERS)
    recorded = record(personas, review, base_version=1)
    assert recorded.changed == [] and recorded.decision.version == 1
    assert not AuditEvent.objects.filter(verb=Verb.DECISION_CHANGED).exists()


def test_a_save_from_an_older_version_is_refused_and_changes_nothing(personas, review):
    make_decision(review, by=personas.partnership_team, **ANSWERS)
    record(personas, review, base_version=1, rationale="Invented: someone else's rationale.")

    with pytest.raises(decisions.StaleDecision) as refused:
        record(personas, review, base_version=1, rationale="Invented: my rationale.")

    assert refused.value.current_version == 2
    saved = Decision.objects.get(review=review)
    assert saved.rationale == "Invented: someone else's rationale." and saved.version == 2


def test_a_new_decision_is_refused_if_someone_recorded_one_meanwhile(personas, review):
    make_decision(review, by=personas.partnership_team)
    with pytest.raises(decisions.StaleDecision):
        record(personas, review, base_version=0)


def test_the_decision_cannot_be_recorded_once_sent(personas, review):
    review.state = State.SENT_TO_PANEL
    review.signed_off_on, review.sent_to_panel_on = date(2026, 3, 23), date(2026, 3, 24)
    review.save()
    with pytest.raises(decisions.DecisionRefused):
        record(personas, review)


# --- sending it to the partners ------------------------------------------------------------------


def test_sending_moves_the_review_on_and_emails_each_partner_once(personas, review):
    make_decision(review, by=personas.partnership_team)
    partners = make_partners(personas.safeguarding_partner)

    decisions.decision_send_for_sign_off(actor=personas.partnership_team, review=review)

    review.refresh_from_db()
    assert review.state == State.AWAITING_SIGN_OFF
    emails = list(OutboxMessage.objects.filter(purpose=Purpose.WORKFLOW))
    assert sorted(e.recipients for e in emails) == sorted([u.email] for u in partners.values())
    for email in emails:
        assert email.review_reference == review.reference
        assert f"/reviews/{review.reference}/sign-off/" in email.body
        assert "partnership@rapidreview.invalid" in email.body
        # No name of the child, the family, a partner or the team.
        for name in [
            *review.incident.children.values_list("full_name", flat=True),
            *review.incident.family.values_list("full_name", flat=True),
            *(u.full_name for u in partners.values()),
            personas.partnership_team.full_name,
            "Partnership team",  # the contact's name; only its role and address are given
        ]:
            assert name not in email.body and name not in email.subject


def test_a_second_send_is_refused_and_emails_no_one_again(personas, review):
    make_decision(review, by=personas.partnership_team)
    make_partners(personas.safeguarding_partner)
    decisions.decision_send_for_sign_off(actor=personas.partnership_team, review=review)
    queued = OutboxMessage.objects.count()

    with pytest.raises(decisions.ServiceError):
        decisions.decision_send_for_sign_off(actor=personas.partnership_team, review=review)
    assert OutboxMessage.objects.count() == queued


def test_an_inactive_partner_account_is_not_emailed(personas, review):
    make_decision(review, by=personas.partnership_team)
    partners = make_partners(personas.safeguarding_partner)
    partners["icb"].is_active = False
    partners["icb"].save()

    decisions.decision_send_for_sign_off(actor=personas.partnership_team, review=review)
    recipients = [e.recipients[0] for e in OutboxMessage.objects.all()]
    assert partners["icb"].email not in recipients and len(recipients) == 2


def test_without_a_decision_nothing_is_sent(personas, review):
    with pytest.raises(decisions.DecisionRefused):
        decisions.decision_send_for_sign_off(actor=personas.partnership_team, review=review)
    review.refresh_from_db()
    assert review.state == State.MEETING_HELD and not OutboxMessage.objects.exists()


def test_not_a_serious_incident_is_stopped_rather_than_sent(personas, review):
    make_decision(review, by=personas.partnership_team, outcome=Outcome.NOT_SERIOUS_INCIDENT)
    with pytest.raises(decisions.DecisionRefused, match="stop the review instead"):
        decisions.decision_send_for_sign_off(actor=personas.partnership_team, review=review)
    review.refresh_from_db()
    assert review.state == State.MEETING_HELD


def test_the_email_reaches_a_partner_through_smtp(
    personas, review, mail_sink, django_capture_on_commit_callbacks
):
    make_decision(review, by=personas.partnership_team)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.decision_send_for_sign_off(actor=personas.partnership_team, review=review)
    delivered = [m for m in mail_sink.messages if personas.safeguarding_partner.email in m["To"]]
    assert len(delivered) == 1
    assert (
        delivered[0]["Subject"] == f"Rapid review {review.reference} is ready for you to sign off"
    )
