"""The statutory clock: due dates derived from the anchor dates, re-planned when they move, and
counted the one way throughout (working days; docs/adr/0002-statutory-clock.md)."""

from datetime import date

import pytest

from rapidreview.reviews import clock, services
from rapidreview.reviews.clock import ClockRules, Key, Rag, by_key, countdown, plan
from rapidreview.reviews.models import ClockAnchor, Incident, RapidReview, State

from .factories import make_incident, make_review

pytestmark = pytest.mark.django_db


def rules(**overrides) -> ClockRules:
    defaults = {
        "sin_days": 5,
        "partners_told_days": 5,
        "involvement_days": 2,
        "returns_days": 10,
        "returns_before_meeting_days": 2,
        "meeting_days": 12,
        "sign_off_opens_days": 12,
        "panel_days": 15,
        "red_days": 1,
        "amber_days": 3,
    }
    return ClockRules(**defaults | overrides)


def due_dates(incident, review=None, *, today=date(2026, 3, 11), **rule_overrides):
    milestones = plan(incident, review, rules=rules(**rule_overrides), today=today)
    return {milestone.key: milestone.due for milestone in milestones}


def an_incident(**dates) -> Incident:
    values = {
        "incident_date": date(2026, 3, 2),
        "la_aware_date": date(2026, 3, 2),
        "partners_aware_date": date(2026, 3, 3),
        "sin_submitted_date": date(2026, 3, 6),
    }
    return Incident(**values | dates)


def test_the_settings_hold_the_defaults_of_the_statutory_guidance():
    assert ClockRules.from_settings() == rules()


def test_every_milestone_is_counted_from_its_anchor_in_working_days():
    assert due_dates(an_incident()) == {
        Key.SIN: date(2026, 3, 9),  # 5 after LA aware (Monday 2 March)
        Key.PARTNERS_TOLD: date(2026, 3, 9),
        Key.INVOLVEMENT: date(2026, 3, 10),  # 2 after the SIN date until agencies are asked
        Key.RETURNS: date(2026, 3, 20),  # 10 after the SIN date (Friday 6 March)
        Key.MEETING: date(2026, 3, 24),  # by 12
        Key.SIGN_OFF: date(2026, 3, 27),
        Key.PANEL: date(2026, 3, 27),  # 15
    }


def test_fifteen_working_days_from_18_december_2026_cross_christmas_to_13_january_2027():
    incident = an_incident(
        incident_date=date(2026, 12, 14),
        la_aware_date=date(2026, 12, 14),
        partners_aware_date=date(2026, 12, 15),
        sin_submitted_date=date(2026, 12, 18),
    )
    dates = due_dates(incident, today=date(2026, 12, 21))
    assert dates[Key.PANEL] == date(2027, 1, 13)
    assert dates[Key.SIN] == date(2026, 12, 21)
    # 25 December, 28 December (Boxing Day substitute) and 1 January are not working days.
    assert dates[Key.RETURNS] == date(2027, 1, 6)


def test_the_anchor_can_be_the_date_the_partners_became_aware(personas):
    incident = make_incident(personas.partnership_team)
    review = make_review(
        incident, convened_by=personas.partnership_team, clock_anchor=ClockAnchor.PARTNERS_AWARE
    )
    # Partners aware Tuesday 3 March: 15 working days on is Tuesday 24 March.
    assert due_dates(incident, review)[Key.PANEL] == date(2026, 3, 24)


def test_changing_the_sin_date_re_plans_every_deadline_that_counts_from_it(personas, today):
    incident = make_incident(personas.partnership_team)
    review = make_review(incident, convened_by=personas.partnership_team)
    before = due_dates(incident, review)

    services.incident_change_dates(
        actor=personas.partnership_team,
        review=review,
        incident_date=date(2026, 3, 2),
        la_aware_date=date(2026, 3, 2),
        partners_aware_date=date(2026, 3, 3),
        sin_submitted_date=date(2026, 3, 9),
    )
    incident.refresh_from_db()
    after = due_dates(incident, RapidReview.objects.get(pk=review.pk))

    moved_by_one = {Key.INVOLVEMENT, Key.RETURNS, Key.MEETING, Key.SIGN_OFF, Key.PANEL}
    for key in moved_by_one:
        assert after[key] == clock.calendar.add_working_days(before[key], 1), key
    # SIN and partners told count from the local authority becoming aware, which did not move.
    assert after[Key.SIN] == before[Key.SIN]
    assert after[Key.PANEL] == date(2026, 3, 30)


def test_setting_and_moving_the_meeting_re_plans_what_hangs_off_it(personas, today):
    incident = make_incident(personas.partnership_team)
    review = make_review(incident, convened_by=personas.partnership_team)
    assert due_dates(incident, review)[Key.RETURNS] == date(2026, 3, 20)

    review = services.review_set_meeting(
        actor=personas.partnership_team, review=review, meeting_date=date(2026, 3, 18)
    )
    milestones = by_key(plan(incident, review, rules=rules(), today=today))
    # Returns are due 2 working days before an earlier meeting...
    assert milestones[Key.RETURNS].due == date(2026, 3, 16)
    # ...and the partners can sign off from the working day after it.
    assert milestones[Key.SIGN_OFF].opens == date(2026, 3, 19)
    assert milestones[Key.MEETING].planned == date(2026, 3, 18)
    assert milestones[Key.MEETING].done is None

    review = services.review_set_meeting(
        actor=personas.partnership_team, review=review, meeting_date=date(2026, 3, 23)
    )
    milestones = by_key(plan(incident, review, rules=rules(), today=today))
    assert milestones[Key.RETURNS].due == date(2026, 3, 19)
    assert milestones[Key.SIGN_OFF].opens == date(2026, 3, 24)
    # The statutory deadline does not move with the meeting.
    assert milestones[Key.PANEL].due == date(2026, 3, 27)


def test_a_late_meeting_never_moves_returns_later_than_the_anchor_allows(personas, today):
    incident = make_incident(personas.partnership_team)
    review = make_review(
        incident, convened_by=personas.partnership_team, meeting_date=date(2026, 3, 26)
    )
    assert due_dates(incident, review)[Key.RETURNS] == date(2026, 3, 20)
    assert due_dates(incident, review, returns_before_meeting_days=0)[Key.RETURNS] == date(
        2026, 3, 20
    )


def test_asking_agencies_re_plans_their_involvement_responses(personas, today):
    incident = make_incident(personas.partnership_team)
    review = make_review(
        incident,
        convened_by=personas.partnership_team,
        state=State.GATHERING_INFORMATION,
        agencies_asked_on=date(2026, 3, 11),
    )
    assert due_dates(incident, review)[Key.INVOLVEMENT] == date(2026, 3, 13)


# --- how a milestone stands today -------------------------------------------------------------


def test_countdown_in_words_with_colour_thresholds_from_the_rules():
    friday = date(2026, 3, 20)

    def on(today, **overrides):
        result = countdown(due=friday, done=None, today=today, rules=rules(**overrides))
        return result.rag, result.words

    assert on(date(2026, 3, 9)) == (Rag.GREEN, "Due in 9 working days")
    assert on(date(2026, 3, 17)) == (Rag.AMBER, "Due in 3 working days")
    assert on(date(2026, 3, 19)) == (Rag.RED, "Due in 1 working day")
    assert on(date(2026, 3, 20)) == (Rag.RED, "Due today")
    assert on(date(2026, 3, 17), amber_days=2) == (Rag.GREEN, "Due in 3 working days")


def test_lateness_is_counted_in_working_days_and_a_weekend_counts_as_the_monday():
    friday = date(2026, 3, 20)
    saturday = countdown(due=friday, done=None, today=date(2026, 3, 21), rules=rules())
    assert (saturday.rag, saturday.words, saturday.days_late) == (
        Rag.RED,
        "Overdue by 1 working day",
        1,
    )
    wednesday = countdown(due=friday, done=None, today=date(2026, 3, 25), rules=rules())
    assert (wednesday.words, wednesday.days_late) == ("Overdue by 3 working days", 3)

    sent_sunday = countdown(
        due=friday, done=date(2026, 3, 22), today=date(2026, 4, 1), rules=rules()
    )
    assert (sent_sunday.rag, sent_sunday.words, sent_sunday.days_late) == (
        Rag.DONE_LATE,
        "Done 1 working day late",
        1,
    )
    on_time = countdown(due=friday, done=friday, today=date(2026, 4, 1), rules=rules())
    assert (on_time.rag, on_time.words, on_time.days_late) == (Rag.DONE, "Done on time", 0)


def test_lateness_over_christmas_counts_only_working_days():
    # Due Wednesday 23 December 2026; sent Tuesday 29 December: 24th is a working day, then
    # 25th, 28th (bank holidays) and the weekend are not, so it is 2 working days late.
    result = countdown(
        due=date(2026, 12, 23), done=date(2026, 12, 29), today=date(2027, 1, 4), rules=rules()
    )
    assert result.days_late == 2


def test_milestones_not_done_when_a_review_stops_are_not_needed(personas, today):
    incident = make_incident(personas.partnership_team)
    review = make_review(
        incident,
        convened_by=personas.partnership_team,
        state=State.STOPPED,
        stopped_on=today,
        stopped_reason="Invented reason",
    )
    milestones = by_key(plan(incident, review, rules=rules(), today=today))
    assert milestones[Key.SIN].countdown.words == "Done on time"
    assert milestones[Key.PANEL].countdown.rag == Rag.NOT_NEEDED
    assert milestones[Key.PANEL].countdown.words == "Not needed: the review stopped"


def test_the_next_milestone_is_the_first_not_done():
    incident = an_incident()
    milestones = plan(incident, None, rules=rules(), today=date(2026, 3, 11))
    assert clock.next_milestone(milestones).key == Key.INVOLVEMENT
