"""The services behind what is recorded at and after the meeting: what each refuses, what a
stale save does (nothing, and says what is there now), and what the audit trail keeps (field
names and ids, never the words typed)."""

import json
from datetime import date

import pytest
import time_machine

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.meetings import (
    records,
    records_actions,
    records_challenges,
    records_learning,
    records_processes,
)
from rapidreview.meetings.models import (
    ActionStatus,
    Challenge,
    ChallengeStatus,
    FamilyInformed,
    ForWhom,
    LearningPoint,
    LearningTheme,
    Meeting,
    ProcessKind,
)
from rapidreview.reviews.models import State

from ..reviews.factories import make_incident, make_review
from .access_records import (
    health_trust,
    make_action,
    make_challenge,
    make_learning,
    make_records_review,
    on_review,
)

SECRET = "Invented secret words"


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def review(personas):
    return make_records_review(personas)


@pytest.fixture
def team(personas):
    return personas.partnership_team


def last_event(verb: Verb) -> AuditEvent:
    return AuditEvent.objects.filter(verb=verb).latest("sequence")


def no_text_in(event: AuditEvent) -> None:
    assert SECRET not in json.dumps(event.payload)


def fields_of(error: records.Invalid) -> dict[str, str]:
    return {finding.field: finding.message for finding in error.findings}


# --- the minutes and the family -------------------------------------------------------------------


def test_minutes_are_saved_with_the_version_bumped_and_audited_without_their_words(review, team):
    meeting = review.meeting
    saved = records.minutes_save(
        actor=team, meeting=meeting, minutes=f"  {SECRET}\n", base_version=1
    )
    assert (saved.minutes, saved.version) == (SECRET, 2)
    event = last_event(Verb.MINUTES_SAVED)
    assert event.payload["changed"] == ["minutes"]
    no_text_in(event)


def test_minutes_saved_from_an_older_version_are_refused_and_say_what_is_there_now(review, team):
    meeting = review.meeting
    records.minutes_save(actor=team, meeting=meeting, minutes="First notes", base_version=1)
    with pytest.raises(records.Stale) as refused:
        records.minutes_save(actor=team, meeting=meeting, minutes="Other notes", base_version=1)
    assert refused.value.current.minutes == "First notes"
    assert refused.value.current.version == 2
    assert Meeting.objects.get().minutes == "First notes"


def test_saving_the_same_minutes_again_writes_nothing(review, team):
    records.minutes_save(actor=team, meeting=review.meeting, minutes="Notes", base_version=1)
    again = records.minutes_save(
        actor=team, meeting=review.meeting, minutes="Notes", base_version=2
    )
    assert again.version == 2
    assert AuditEvent.objects.filter(verb=Verb.MINUTES_SAVED).count() == 1


def test_the_family_told_needs_how_and_is_audited_without_the_detail(review, team):
    with pytest.raises(records.Invalid) as refused:
        records.family_record(
            actor=team,
            meeting=review.meeting,
            family_informed=FamilyInformed.YES,
            detail=" ",
            base_version=1,
        )
    assert "family_informed_detail" in fields_of(refused.value)
    saved = records.family_record(
        actor=team,
        meeting=review.meeting,
        family_informed=FamilyInformed.YES,
        detail=SECRET,
        base_version=1,
    )
    assert saved.family_informed == FamilyInformed.YES
    event = last_event(Verb.FAMILY_CONTACT_RECORDED)
    assert event.payload["family_informed"] == {"old": "", "new": "yes"}
    no_text_in(event)


def test_not_yet_told_needs_no_detail(review, team):
    saved = records.family_record(
        actor=team,
        meeting=review.meeting,
        family_informed=FamilyInformed.NOT_YET,
        detail="",
        base_version=1,
    )
    assert saved.family_informed == FamilyInformed.NOT_YET


# --- challenges -----------------------------------------------------------------------------------


def test_a_challenge_is_between_two_agencies_on_the_review(review, team, personas):
    police = on_review(review, personas.agency_a)
    with pytest.raises(records.Invalid) as refused:
        records_challenges.challenge_record(
            actor=team, review=review, raised_by=police, raised_with=police, question="Why?"
        )
    assert "raised_with" in fields_of(refused.value)

    elsewhere = make_review(
        make_incident(team), convened_by=team, agencies=(personas.agency_b,)
    ).agencies.get()
    with pytest.raises(records.Invalid) as refused:
        records_challenges.challenge_record(
            actor=team, review=review, raised_by=police, raised_with=elsewhere, question="Why?"
        )
    assert fields_of(refused.value)["raised_with"] == "Select an agency taking part in this review"
    assert not Challenge.objects.exists()


def test_a_challenge_is_audited_with_agency_ids_and_never_the_question(review, team, personas):
    challenge = records_challenges.challenge_record(
        actor=team,
        review=review,
        raised_by=on_review(review, health_trust()),
        raised_with=on_review(review, personas.agency_a),
        question=SECRET,
    )
    event = last_event(Verb.CHALLENGE_RECORDED)
    assert event.target_id == str(challenge.public_id)
    assert event.payload == {
        "raised_by": str(health_trust().public_id),
        "raised_with": str(personas.agency_a.public_id),
    }


def test_an_answer_needs_a_response_but_a_draft_may_wait(review, team, personas):
    challenge = make_challenge(review, health_trust(), personas.agency_a, team)
    rep = personas.agency_a_rep
    with pytest.raises(records.Invalid) as refused:
        records_challenges.challenge_respond(
            actor=rep,
            challenge=challenge,
            response="",
            status=ChallengeStatus.ANSWERED,
            base_version=1,
        )
    assert "response" in fields_of(refused.value)
    draft = records_challenges.challenge_respond(
        actor=rep,
        challenge=challenge,
        response="Invented draft",
        status=ChallengeStatus.OPEN,
        base_version=1,
    )
    answered = records_challenges.challenge_respond(
        actor=rep,
        challenge=challenge,
        response=SECRET,
        status=ChallengeStatus.ANSWERED,
        base_version=draft.version,
    )
    assert answered.status == ChallengeStatus.ANSWERED and answered.version == 3
    event = last_event(Verb.CHALLENGE_CHANGED)
    assert event.payload == {
        "changed": ["response", "status"],
        "status": {"old": "open", "new": "answered"},
    }


def test_a_response_to_an_older_version_is_refused(review, team, personas):
    challenge = make_challenge(review, health_trust(), personas.agency_a, team)
    records_challenges.challenge_change(
        actor=team,
        challenge=challenge,
        raised_by=challenge.raised_by,
        raised_with=challenge.raised_with,
        question="Invented: a sharper question",
        base_version=1,
    )
    with pytest.raises(records.Stale) as refused:
        records_challenges.challenge_respond(
            actor=personas.agency_a_rep,
            challenge=challenge,
            response="Invented answer",
            status=ChallengeStatus.ANSWERED,
            base_version=1,
        )
    assert refused.value.current.question == "Invented: a sharper question"
    assert Challenge.objects.get().response == ""


# --- immediate safeguarding actions ---------------------------------------------------------------


def details(review, personas, **overrides):
    return {
        "for_whom": ForWhom.SIBLING,
        "child": None,
        "family_member": review.incident.family.get(pseudonym="Sibling B"),
        "description": SECRET,
        "owner": on_review(review, personas.agency_a),
        "due_on": date(2026, 3, 23),
    } | overrides


def test_an_action_for_a_named_sibling_is_audited_by_position_not_name(review, team, personas):
    action = records_actions.action_record(actor=team, review=review, **details(review, personas))
    assert action.family_member.pseudonym == "Sibling B"
    event = last_event(Verb.ACTION_RECORDED)
    assert event.payload == {
        "for_whom": "sibling",
        "child": None,
        "family_member": 2,
        "owner": str(personas.agency_a.public_id),
        "due_on": "2026-03-23",
    }
    assert "Invented Adultname" not in json.dumps(event.payload)


def test_an_action_needs_an_owner_and_a_due_date_and_someone_on_this_review(review, team, personas):
    other = make_incident(team, children=("Child Z",)).children.get()
    with pytest.raises(records.Invalid) as refused:
        records_actions.action_record(
            actor=team,
            review=review,
            **details(review, personas, owner=None, due_on=None, family_member=None, child=other),
        )
    assert set(fields_of(refused.value)) == {"owner", "due_on", "person"}


def test_done_needs_the_date_it_was_done_and_not_a_future_one(review, team, personas):
    action = make_action(review, personas.agency_a, team)
    update = {"actor": personas.agency_a_rep, "action": action, "update": "", "base_version": 1}
    with time_machine.travel(date(2026, 3, 20), tick=False):
        with pytest.raises(records.Invalid) as refused:
            records_actions.action_update(status=ActionStatus.DONE, completed_on=None, **update)
        assert "completed_on" in fields_of(refused.value)
        with pytest.raises(records.Invalid) as refused:
            records_actions.action_update(
                status=ActionStatus.DONE, completed_on=date(2026, 3, 21), **update
            )
        assert fields_of(refused.value)["completed_on"] == (
            "The completion date must be today or earlier"
        )
        with pytest.raises(records.Invalid):
            records_actions.action_update(
                status=ActionStatus.IN_PROGRESS, completed_on=date(2026, 3, 19), **update
            )
        done = records_actions.action_update(
            status=ActionStatus.DONE, completed_on=date(2026, 3, 19), **update | {"update": SECRET}
        )
    assert (done.status, done.completed_on) == (ActionStatus.DONE, date(2026, 3, 19))
    event = last_event(Verb.ACTION_CHANGED)
    assert event.payload["changed"] == ["completed_on", "status", "update"]
    no_text_in(event)


# --- learning points and themes -------------------------------------------------------------------


def test_a_learning_point_needs_a_theme_still_in_use(review, team):
    retired = LearningTheme.objects.get(name="Neglect")
    records_learning.theme_set_active(actor=team, theme=retired, active=False)
    for themes in ([], [retired]):
        with pytest.raises(records.Invalid) as refused:
            records_learning.learning_record(
                actor=team, review=review, text="Invented", agency=None, themes=themes
            )
        assert "themes" in fields_of(refused.value)
    assert not LearningPoint.objects.exists()


def test_a_point_keeps_a_theme_retired_after_it_was_tagged(review, team):
    point = make_learning(review, team, "Neglect")
    neglect = LearningTheme.objects.get(name="Neglect")
    records_learning.theme_set_active(actor=team, theme=neglect, active=False)
    changed = records_learning.learning_change(
        actor=team,
        point=point,
        text="Invented: changed",
        agency=None,
        themes=[neglect, LearningTheme.objects.get(name="Domestic abuse")],
        base_version=1,
    )
    assert sorted(t.name for t in changed.themes.all()) == ["Domestic abuse", "Neglect"]
    event = last_event(Verb.LEARNING_CHANGED)
    assert event.payload["changed"] == ["text", "themes"]
    assert "Invented" not in json.dumps(event.payload)


def test_theme_names_are_unique_whatever_their_case_and_never_deleted(review, team):
    with pytest.raises(records.Invalid) as refused:
        records_learning.theme_add(actor=team, name="  neglect ")
    assert fields_of(refused.value)["name"] == "There is already a theme called Neglect"
    theme = records_learning.theme_add(actor=team, name="Invented  theme")
    assert theme.name == "Invented theme"
    renamed = records_learning.theme_rename(actor=team, theme=theme, name="Invented others")
    assert renamed.name == "Invented others"
    assert last_event(Verb.THEME_CHANGED).payload == {"changed": ["name"]}


# --- parallel processes and removing --------------------------------------------------------------


def test_a_process_with_a_disclosure_limit_is_audited_without_it(review, team, personas):
    process = records_processes.process_record(
        actor=team,
        review=review,
        kind=ProcessKind.POLICE,
        lead_agency=personas.agency_a,
        status="",
        disclosure_limits=SECRET,
        coordination="",
    )
    event = last_event(Verb.PROCESS_RECORDED)
    assert event.payload["has_disclosure_limits"] is True
    no_text_in(event)
    records_processes.process_change(
        actor=team,
        process=process,
        kind=ProcessKind.CORONER,
        lead_agency=None,
        status="",
        disclosure_limits=SECRET + " more",
        coordination="",
        base_version=1,
    )
    event = last_event(Verb.PROCESS_CHANGED)
    assert event.payload["changed"] == ["disclosure_limits", "kind", "lead_agency"]
    no_text_in(event)


def test_removing_a_record_changed_since_it_was_shown_is_refused(review, team, personas):
    challenge = make_challenge(review, health_trust(), personas.agency_a, team)
    records_challenges.challenge_respond(
        actor=personas.agency_a_rep,
        challenge=challenge,
        response="Invented answer",
        status=ChallengeStatus.ANSWERED,
        base_version=1,
    )
    with pytest.raises(records.Stale):
        records.record_remove(actor=team, record=challenge, base_version=1)
    records.record_remove(actor=team, record=challenge, base_version=2)
    assert not Challenge.objects.exists()
    assert last_event(Verb.MEETING_RECORD_REMOVED).payload == {
        "kind": "challenge",
        "id": str(challenge.public_id),
    }


def test_nothing_is_recorded_on_a_closed_review(personas, team):
    review = make_records_review(personas, state=State.STOPPED)
    with pytest.raises(records.ServiceError, match="is closed"):
        records.minutes_save(actor=team, meeting=review.meeting, minutes="x", base_version=1)
    with pytest.raises(records.ServiceError, match="is closed"):
        records_challenges.challenge_record(
            actor=team,
            review=review,
            raised_by=on_review(review, personas.agency_a),
            raised_with=on_review(review, health_trust()),
            question="Why?",
        )
