"""The demo's invented reviews: several states, one overdue, one across Christmas; run twice,
the second run adds nothing."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from rapidreview.reviews.clock import ClockRules, Key, Rag, by_key, plan
from rapidreview.reviews.models import Incident, RapidReview, State

from .factories import at

pytestmark = pytest.mark.django_db


def load_demo(settings, day: date) -> None:
    settings.DEMO_MODE = True
    with time_machine.travel(at(day), tick=False):
        call_command("demo", stdout=StringIO())
        call_command("demo", stdout=StringIO())  # a second run changes nothing


def milestones(review, day):
    return by_key(plan(review.incident, review, rules=ClockRules.from_settings(), today=day))


def test_the_demo_has_reviews_in_several_states_one_overdue_and_one_across_christmas(settings):
    today = date(2027, 1, 5)
    load_demo(settings, today)

    # With the earlier review the Panel has answered, and the brothers' review taken through its
    # meeting to sign-off (rapidreview/decisions/demo.py).
    assert Incident.objects.count() == 8
    assert RapidReview.objects.count() == 7
    assert set(RapidReview.objects.values_list("state", flat=True)) == {
        State.CONVENED,
        State.READY_FOR_MEETING,
        State.AWAITING_SIGN_OFF,
        State.PANEL_RESPONDED,
        State.STOPPED,
    }
    assert Incident.objects.filter(review__isnull=True).count() == 1

    overdue = RapidReview.objects.get(incident__sin_reference="NMR-SIN-0103")
    panel = milestones(overdue, today)[Key.PANEL]
    assert (panel.countdown.rag, panel.countdown.words) == (Rag.RED, "Overdue by 3 working days")

    christmas = RapidReview.objects.get(incident__sin_reference="NMR-SIN-2026-1218")
    assert christmas.incident.sin_submitted_date == date(2026, 12, 18)
    assert milestones(christmas, today)[Key.PANEL].due == date(2027, 1, 13)
    assert christmas.reference.startswith("RR-2026-")  # convened in 2026


def test_the_demo_works_on_any_day_and_keeps_every_rule(settings):
    # Mid-year, the Christmas review is last winter's and has been answered by the Panel.
    today = date(2026, 7, 15)
    load_demo(settings, today)
    christmas = RapidReview.objects.get(incident__sin_reference="NMR-SIN-2025-1218")
    assert christmas.state == State.PANEL_RESPONDED
    assert milestones(christmas, today)[Key.PANEL].due == date(2026, 1, 13)
    for review in RapidReview.objects.select_related("incident"):
        review.full_clean()
        review.incident.full_clean()
        for child in review.incident.children.all():
            assert child.date_of_birth <= review.incident.incident_date
