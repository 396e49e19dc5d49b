"""The demo's scoping returns on the brothers' review: the police's released with 12 rows, the
hospital trust's released with 6 (one a likely duplicate of a police row in the merged
chronology), children's social care's a draft with two sections done. A second run of the demo
changes nothing."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from rapidreview.accounts.models import User
from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.reviews.models import RapidReview
from rapidreview.scoping.merged import merged_chronology
from rapidreview.scoping.models import ReturnState, ReturnVersion, ScopingReturn
from rapidreview.scoping.workflow import missing_for_submission

from ..conftest import signed_in_client
from ..reviews.factories import at

pytestmark = pytest.mark.django_db


def _state_of_returns():
    return sorted(
        ScopingReturn.objects.values_list(
            "review_agency__agency__name", "state", "version", "completed_sections"
        )
    )


def test_the_demo_has_returns_in_every_state_and_a_second_run_changes_nothing(settings):
    settings.DEMO_MODE = True
    with time_machine.travel(at(date(2027, 1, 5)), tick=False):
        call_command("demo", stdout=StringIO())
        before = (_state_of_returns(), ReturnVersion.objects.count(), AuditEvent.objects.count())
        call_command("demo", stdout=StringIO())
        after = (_state_of_returns(), ReturnVersion.objects.count(), AuditEvent.objects.count())
    assert after == before

    review = RapidReview.objects.get(incident__sin_reference="NMR-SIN-0102")
    returns = {
        r.review_agency.agency.name: r
        for r in ScopingReturn.objects.filter(review_agency__review=review)
    }
    assert ScopingReturn.objects.count() == len(returns) == 3
    police = returns["Northmoor Constabulary"]
    assert police.state == ReturnState.RELEASED
    assert police.chronology.count() == 12
    assert police.signed_off_by.email == "police.senior@demo.rapidreview.invalid"
    assert police.released_by.email == "coordinator@demo.rapidreview.invalid"
    assert police.answers["A"]["author_name"] == "Priya Oakhurst"
    health = returns["Northmoor Hospitals NHS Trust"]
    assert health.state == ReturnState.RELEASED
    assert health.chronology.count() == 6
    draft = returns["Northmoor Council Children's Services"]
    assert draft.state == ReturnState.DRAFT
    assert draft.completed_sections == ["A", "D"]
    assert missing_for_submission(draft)  # still work to do

    merged = merged_chronology(review)
    assert merged.total == 18
    duplicates = [row for row in merged.rows if row.likely_duplicate]
    assert {row.agency.name for row in duplicates} == {
        "Northmoor Constabulary",
        "Northmoor Hospitals NHS Trust",
    }
    assert len({row.entry.occurred_on for row in duplicates}) == 1

    # Built through the services: every row and step is in the audit trail.
    reference = review.reference
    events = AuditEvent.objects.filter(review_reference=reference)
    assert events.filter(verb=Verb.CHRONOLOGY_ROW_ADDED).count() == 18
    assert events.filter(verb=Verb.RETURN_RELEASED).count() == 2
    assert events.filter(verb=Verb.RETURN_SIGNED_OFF).count() == 2
    assert events.filter(verb=Verb.RETURN_SECTION_SAVED).count() == 12


def test_the_demo_returns_open_for_the_coordinator_and_the_draft_for_social_care(settings):
    settings.DEMO_MODE = True
    with time_machine.travel(at(date(2027, 1, 5)), tick=False):
        call_command("demo", stdout=StringIO())
        reference = RapidReview.objects.get(incident__sin_reference="NMR-SIN-0102").reference
        coordinator = signed_in_client(
            User.objects.get(email="coordinator@demo.rapidreview.invalid")
        )
        page = coordinator.get(
            reverse("scoping:merged_chronology", kwargs={"reference": reference})
        )
        assert page.status_code == 200
        assert "Likely duplicate" in page.content.decode()
        social_care = signed_in_client(
            User.objects.get(email="social.care.rep@demo.rapidreview.invalid")
        )
        page = social_care.get(reverse("scoping:return_overview", kwargs={"reference": reference}))
        assert page.status_code == 200
