"""The review's lifecycle: each step allowed only from the right state, with what must happen
first, its dates checked, and one audit event."""

from datetime import date

import pytest

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.reviews import lifecycle, services
from rapidreview.reviews.lifecycle import STEPS, blockers, steps_from
from rapidreview.reviews.models import RapidReview, State
from rapidreview.reviews.services import ServiceError

from ..decisions.factories import make_decision, make_partners, sign_off
from .factories import make_incident, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(personas, today):
    return make_review(
        make_incident(personas.partnership_team), convened_by=personas.partnership_team
    )


def test_a_review_goes_from_convened_to_closed(personas, review, time_machine):
    from .factories import at

    team = personas.partnership_team
    review = lifecycle.review_start_gathering(
        actor=team, review=review, agencies_asked_on=date(2026, 3, 9)
    )
    assert review.state == State.GATHERING_INFORMATION
    review = services.review_set_meeting(actor=team, review=review, meeting_date=date(2026, 3, 19))
    review = lifecycle.review_mark_ready(
        actor=team,
        review=review,
        involvement_complete_on=date(2026, 3, 10),
        returns_complete_on=date(2026, 3, 11),
    )
    assert review.state == State.READY_FOR_MEETING
    time_machine.move_to(at(date(2026, 3, 19)), tick=False)
    review = lifecycle.review_record_meeting(actor=team, review=review, held_on=date(2026, 3, 19))
    with pytest.raises(ServiceError, match="Record the decision"):
        lifecycle.review_start_sign_off(actor=team, review=review)
    make_decision(review, by=team)
    review = lifecycle.review_start_sign_off(actor=team, review=review)
    assert review.state == State.AWAITING_SIGN_OFF
    time_machine.move_to(at(date(2026, 3, 26)), tick=False)
    partners = make_partners(personas.safeguarding_partner)
    sign_off(review, partners["local_authority"])
    with pytest.raises(ServiceError, match="the integrated care board and the police"):
        lifecycle.review_send_to_panel(
            actor=team, review=review, signed_off_on=date(2026, 3, 25), sent_on=date(2026, 3, 26)
        )
    sign_off(review, partners["icb"])
    sign_off(review, partners["police"], agrees=False, comment="We would have chosen otherwise.")
    review = lifecycle.review_send_to_panel(
        actor=team, review=review, signed_off_on=date(2026, 3, 25), sent_on=date(2026, 3, 26)
    )
    time_machine.move_to(at(date(2026, 4, 9)), tick=False)
    review = lifecycle.review_record_panel_response(
        actor=team, review=review, responded_on=date(2026, 4, 8)
    )
    review = lifecycle.review_close(actor=team, review=review)

    stored = RapidReview.objects.get(pk=review.pk)
    assert stored.state == State.CLOSED
    assert (stored.sent_to_panel_on, stored.closed_on) == (date(2026, 3, 26), date(2026, 4, 9))
    moves = AuditEvent.objects.filter(verb=Verb.REVIEW_STATE_CHANGED).order_by("sequence")
    assert [event.payload["state"]["new"] for event in moves] == [
        "gathering_information",
        "ready_for_meeting",
        "meeting_held",
        "awaiting_sign_off",
        "sent_to_panel",
        "panel_responded",
        "closed",
    ]
    sent = moves[4]
    assert sent.payload == {
        "state": {"old": "awaiting_sign_off", "new": "sent_to_panel"},
        "signed_off_on": {"old": None, "new": "2026-03-25"},
        "sent_to_panel_on": {"old": None, "new": "2026-03-26"},
    }
    assert {event.review_reference for event in moves} == {review.reference}


def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(personas, review):
    with pytest.raises(services.ServiceError, match="The review is convened"):
        lifecycle.review_close(actor=personas.partnership_team, review=review)
    with pytest.raises(services.ServiceError):
        lifecycle.review_send_to_panel(
            actor=personas.partnership_team,
            review=review,
            signed_off_on=date(2026, 3, 10),
            sent_on=date(2026, 3, 10),
        )
    assert RapidReview.objects.get(pk=review.pk).state == State.CONVENED
    assert not AuditEvent.objects.filter(verb=Verb.REVIEW_STATE_CHANGED).exists()


def test_which_steps_may_follow_each_state():
    assert [step.slug for step in steps_from(State.CONVENED)] == ["start-gathering", "stop"]
    assert [step.slug for step in steps_from(State.AWAITING_SIGN_OFF)] == ["sent-to-panel", "stop"]
    assert [step.slug for step in steps_from(State.SENT_TO_PANEL)] == ["panel-response"]
    assert steps_from(State.CLOSED) == []
    assert steps_from(State.STOPPED) == []


def test_the_meeting_date_must_be_set_before_the_review_is_ready_for_it(personas, today):
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        state=State.GATHERING_INFORMATION,
        agencies_asked_on=date(2026, 3, 9),
    )
    assert blockers(review, STEPS["ready-for-meeting"], today=today) == [
        "Set the date of the meeting"
    ]
    with pytest.raises(services.ServiceError, match="Set the date of the meeting"):
        lifecycle.review_mark_ready(
            actor=personas.partnership_team,
            review=review,
            involvement_complete_on=date(2026, 3, 10),
            returns_complete_on=date(2026, 3, 10),
        )


def test_a_meeting_cannot_be_recorded_as_held_before_its_day(personas, today):
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        state=State.READY_FOR_MEETING,
        agencies_asked_on=date(2026, 3, 9),
        meeting_date=date(2026, 3, 12),
    )
    (waiting,) = blockers(review, STEPS["meeting-held"], today=today)
    assert waiting.startswith("The meeting is planned for 12 March 2026")


def test_the_dates_a_step_records_are_checked(personas, today):
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        state=State.GATHERING_INFORMATION,
        agencies_asked_on=date(2026, 3, 9),
        meeting_date=date(2026, 3, 20),
    )
    with pytest.raises(services.Invalid) as refused:
        lifecycle.review_mark_ready(
            actor=personas.partnership_team,
            review=review,
            involvement_complete_on=date(2026, 3, 8),  # before agencies were asked
            returns_complete_on=date(2026, 3, 12),  # in the future
        )
    assert {finding.field: finding.message for finding in refused.value.findings} == {
        "involvement_complete_on": "The date all involvement responses were in must be the "
        "same as or after the date agencies were asked (9 March 2026)",
        "returns_complete_on": "The date all agency returns were in must be today or in the past",
    }
    assert RapidReview.objects.get(pk=review.pk).state == State.GATHERING_INFORMATION


def test_stopping_needs_a_reason_and_records_it(personas, review, today):
    with pytest.raises(services.Invalid, match="Enter why this is not a serious incident"):
        lifecycle.review_stop(actor=personas.partnership_team, review=review, reason="   ")
    stopped = lifecycle.review_stop(
        actor=personas.partnership_team,
        review=review,
        reason="Invented: the injury was accidental, as the medical evidence shows.",
    )
    assert (stopped.state, stopped.stopped_on) == (State.STOPPED, today)
    assert not stopped.is_open
    with pytest.raises(services.ServiceError):
        lifecycle.review_start_gathering(
            actor=personas.partnership_team, review=stopped, agencies_asked_on=today
        )


def test_a_review_sent_to_the_panel_can_no_longer_be_stopped(personas, today):
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        state=State.SENT_TO_PANEL,
        meeting_date=date(2026, 3, 9),
        signed_off_on=date(2026, 3, 10),
        sent_to_panel_on=date(2026, 3, 10),
    )
    with pytest.raises(services.ServiceError, match="sent to the panel"):
        lifecycle.review_stop(actor=personas.partnership_team, review=review, reason="Too late")
