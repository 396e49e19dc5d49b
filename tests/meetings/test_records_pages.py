"""The pages for what is recorded at and after the meeting, as people use them. Who may open
what is the access matrix's job (access_records.py); here, what the pages say and do: bad
answers come back at their fields with the rest kept, a stale save shows the person's own text
beside the latest, agencies see Respond and Update only where it is theirs to answer."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapidreview.meetings import records, records_challenges
from rapidreview.meetings.models import (
    ActionStatus,
    Challenge,
    ChallengeStatus,
    ForWhom,
    LearningPoint,
    LearningTheme,
    Meeting,
    SafeguardingAction,
)

from .access_records import (
    health_trust,
    make_action,
    make_challenge,
    make_learning,
    make_process,
    make_records_review,
)


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def review(personas):
    return make_records_review(personas)


@pytest.fixture
def team(personas, client_for):
    return client_for(personas.partnership_team)


def url(name: str, review, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"reference": review.reference, **kwargs})


# --- challenges -----------------------------------------------------------------------------------


def test_a_challenge_raised_with_the_same_agency_is_refused_beside_the_field(
    review, personas, team
):
    police = str(personas.agency_a.public_id)
    response = team.post(
        url("challenge_add", review),
        {"raised_by": police, "raised_with": police, "question": "Invented: why so late?"},
    )
    assert response.status_code == 200
    page = response.text
    assert 'id="id_raised_with-error"' in page
    assert "Select a different agency from the one that raised the challenge" in page
    assert "Invented: why so late?</textarea>" in page
    assert f'<option value="{police}" selected>' in page
    assert not Challenge.objects.exists()


def test_the_challenged_agency_sees_respond_only_on_its_own_challenges(
    review, personas, team, client_for
):
    to_police = make_challenge(review, health_trust(), personas.agency_a, personas.partnership_team)
    to_health = make_challenge(review, personas.agency_a, health_trust(), personas.partnership_team)
    rep = client_for(personas.agency_a_rep)
    page = rep.get(url("challenges", review)).text
    assert url("challenge_respond", review, public_id=to_police.public_id) in page
    assert url("challenge_respond", review, public_id=to_health.public_id) not in page
    assert "Change<span" not in page and "Add another challenge" not in page
    forbidden = rep.post(
        url("challenge_respond", review, public_id=to_health.public_id),
        {"response": "Invented", "status": "answered", "version": "1"},
    )
    assert forbidden.status_code == 403

    answered = rep.post(
        url("challenge_respond", review, public_id=to_police.public_id),
        {"response": "Invented: it was, on day 3.", "status": "answered", "version": "1"},
    )
    assert answered.status_code == 302
    to_police.refresh_from_db()
    assert to_police.status == ChallengeStatus.ANSWERED
    assert "Invented: it was, on day 3." in team.get(url("challenges", review)).text


def test_a_stale_change_is_refused_and_shows_both_versions(review, personas, team):
    challenge = make_challenge(review, health_trust(), personas.agency_a, personas.partnership_team)
    edit = url("challenge_edit", review, public_id=challenge.public_id)
    assert 'name="version" value="1"' in team.get(edit).text
    records_challenges.challenge_respond(
        actor=personas.agency_a_rep,
        challenge=challenge,
        response="Invented: the answer from the police",
        status=ChallengeStatus.ANSWERED,
        base_version=1,
    )
    mine = {
        "raised_by": str(health_trust().public_id),
        "raised_with": str(personas.agency_a.public_id),
        "question": "Invented: my sharper question",
        "version": "1",
    }
    refused = team.post(edit, mine)
    assert refused.status_code == 200
    page = refused.text
    assert "Your changes were not saved" in page
    assert "Invented: my sharper question</textarea>" in page  # the person's own text
    assert "Invented: the answer from the police" in page  # the latest version beside it
    assert 'name="version" value="2"' in page
    assert Challenge.objects.get().question != "Invented: my sharper question"

    assert team.post(edit, mine | {"version": "2"}).status_code == 302
    assert Challenge.objects.get().question == "Invented: my sharper question"


def test_removing_asks_first_and_then_removes(review, personas, team):
    challenge = make_challenge(review, health_trust(), personas.agency_a, personas.partnership_team)
    remove = url("challenge_remove", review, public_id=challenge.public_id)
    page = team.get(remove).text
    assert "Are you sure you want to remove this challenge?" in page
    assert challenge.question in page
    assert team.post(remove, {"version": "1"}).status_code == 302
    assert not Challenge.objects.exists()


# --- actions --------------------------------------------------------------------------------------


def action_answers(review, personas, **overrides) -> dict:
    return {
        "for_whom": ForWhom.SIBLING,
        "person": "family:2",
        "description": "Invented: a safety plan for the sibling",
        "owner": str(personas.agency_a.public_id),
        "due_on_day": "23",
        "due_on_month": "3",
        "due_on_year": "2026",
    } | overrides


def test_an_action_form_names_people_by_pseudonym_and_keeps_answers_on_error(
    review, personas, team
):
    form = team.get(url("action_add", review)).text
    assert ">Sibling B</option>" in form and ">Child A</option>" in form
    assert "Invented Childname" not in form and "Invented Adultname" not in form

    response = team.post(
        url("action_add", review), action_answers(review, personas, due_on_month="13")
    )
    assert response.status_code == 200
    assert "Due date must be a real date" in response.text
    assert "Invented: a safety plan for the sibling</textarea>" in response.text
    assert '<option value="family:2" selected>' in response.text
    assert not SafeguardingAction.objects.exists()

    assert team.post(url("action_add", review), action_answers(review, personas)).status_code == 302
    action = SafeguardingAction.objects.get()
    assert (action.for_whom, action.family_member.pseudonym) == (ForWhom.SIBLING, "Sibling B")


def test_only_the_owner_agency_updates_an_action_and_done_needs_a_date(
    review, personas, client_for
):
    police_action = make_action(review, personas.agency_a, personas.partnership_team)
    health_action = make_action(review, health_trust(), personas.partnership_team)
    rep = client_for(personas.agency_a_rep)
    page = rep.get(url("actions", review)).text
    assert url("action_update", review, public_id=police_action.public_id) in page
    assert url("action_update", review, public_id=health_action.public_id) not in page
    update = url("action_update", review, public_id=health_action.public_id)
    assert rep.get(update).status_code == 403

    mine = url("action_update", review, public_id=police_action.public_id)
    response = rep.post(
        mine, {"status": "done", "update": "Invented: plan in place", "version": "1"}
    )
    assert "Enter the date the action was completed" in response.text
    assert "Invented: plan in place</textarea>" in response.text
    done = {"completed_on_day": "20", "completed_on_month": "3", "completed_on_year": "2026"}
    with time_machine.travel(date(2026, 3, 21), tick=False):
        response = rep.post(
            mine, {"status": "done", "update": "Invented: plan in place", "version": "1", **done}
        )
    assert response.status_code == 302
    police_action.refresh_from_db()
    assert (police_action.status, police_action.completed_on) == (
        ActionStatus.DONE,
        date(2026, 3, 20),
    )


def test_overdue_actions_are_tagged_in_words(review, personas, team):
    make_action(review, personas.agency_a, personas.partnership_team, due_on=date(2026, 3, 23))
    make_action(
        review,
        personas.agency_a,
        personas.partnership_team,
        due_on=date(2026, 3, 20),
        status=ActionStatus.DONE,
        completed_on=date(2026, 3, 19),
    )
    with time_machine.travel(date(2026, 3, 24), tick=False):
        page = team.get(url("actions", review)).text
    assert page.count(">Overdue</strong>") == 1
    assert "2 actions recorded, 1 overdue" in page


def queries_for(client, *paths) -> int:
    with CaptureQueriesContext(connection) as captured:
        for path in paths:
            assert client.get(path).status_code == 200
    return len(captured)


def test_the_lists_cost_the_same_queries_however_long(review, personas, client_for):
    rep = client_for(personas.nominee)  # the policy asks about nominations: the costliest case
    team = personas.partnership_team
    lists = [url(name, review) for name in ("actions", "challenges", "learning", "processes")]

    def one_of_each():
        for owner, other in (
            (personas.agency_a, health_trust()),
            (health_trust(), personas.agency_a),
        ):
            make_action(review, owner, team)
            make_challenge(review, other, owner, team)
        make_learning(review, team, "Neglect", "Domestic abuse")
        make_process(review, team)

    one_of_each()
    queries_for(rep, *lists)  # the session and the calendar, read once
    few = queries_for(rep, *lists)
    for _ in range(5):
        one_of_each()
    # The policy is asked once per agency on the review, not once per record.
    assert queries_for(rep, *lists) == few


# --- learning points ------------------------------------------------------------------------------


def test_a_retired_theme_is_not_offered_but_still_shown_on_old_points(review, personas, team):
    point = make_learning(review, personas.partnership_team, "Neglect")
    LearningTheme.objects.filter(name="Neglect").update(is_active=False)
    add_page = team.get(url("learning_add", review)).text
    assert "Neglect" not in add_page and "Domestic abuse" in add_page
    assert "Neglect (retired)" in team.get(url("learning", review)).text
    edit_page = team.get(url("learning_edit", review, public_id=point.public_id)).text
    neglect = LearningTheme.objects.get(name="Neglect")
    assert f'value="{neglect.pk}" checked' in edit_page and "Neglect (retired)" in edit_page


def test_a_learning_point_needs_a_theme_and_keeps_its_text(review, team):
    response = team.post(url("learning_add", review), {"text": "Invented: ask sooner"})
    assert "Select at least one theme" in response.text
    assert "Invented: ask sooner</textarea>" in response.text
    assert not LearningPoint.objects.exists()


# --- the minutes and the family -------------------------------------------------------------------


def test_stale_minutes_show_the_persons_text_beside_the_latest(review, personas, team):
    page = team.get(url("minutes", review)).text
    assert 'name="version" value="1"' in page
    records.minutes_save(
        actor=personas.partnership_team,
        meeting=review.meeting,
        minutes="Invented: notes from the other laptop",
        base_version=1,
    )
    response = team.post(url("minutes", review), {"minutes": "Invented: my notes", "version": "1"})
    page = response.text
    assert response.status_code == 200
    assert "Invented: my notes</textarea>" in page
    assert "Invented: notes from the other laptop" in page.split('id="latest-minutes"', 1)[1]
    assert 'name="version" value="2"' in page
    saved = team.post(url("minutes", review), {"minutes": "Invented: both", "version": "2"})
    assert saved.status_code == 302 and saved["Location"] == url("minutes", review)
    assert Meeting.objects.get().minutes == "Invented: both"


def test_without_a_meeting_the_minutes_page_says_so_and_links_to_arranging_it(personas, team):
    review = make_records_review(personas, meeting=False)
    page = team.get(url("minutes", review)).text
    assert "No meeting has been arranged for this review yet" in page
    assert url("arrange", review) in page
    assert "<textarea" not in page


def test_agencies_read_the_minutes_and_the_family_without_a_form(review, personas, client_for):
    records.minutes_save(
        actor=personas.partnership_team,
        meeting=review.meeting,
        minutes="Invented: the minutes",
        base_version=1,
    )
    rep = client_for(personas.senior_leader)
    page = rep.get(url("minutes", review)).text
    assert "Invented: the minutes" in page and "<textarea" not in page
    assert "Not recorded yet" in rep.get(url("family", review)).text


def test_the_family_told_how_is_saved_and_needed(review, team):
    response = team.post(url("family", review), {"family_informed": "yes", "version": "1"})
    assert "Enter how, when and by whom the family was told" in response.text
    assert 'value="yes" checked' in response.text
    response = team.post(
        url("family", review),
        {
            "family_informed": "yes",
            "family_informed_detail": "Invented: by the social worker, 17 March",
            "version": "1",
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.get().family_informed == "yes"
