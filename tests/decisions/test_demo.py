"""The demo's meetings, decisions and report: the brothers' review waits for the police
partner's sign-off with the other two signed, and the co-ordinator can finish it; an earlier
review has been sent to the Panel, answered and shared, shares a learning theme with the
brothers' review, and `rapidreview report` writes its Word document. A second run changes
nothing."""

from datetime import date
from io import StringIO

import docx
import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from rapidreview.accounts.models import User
from rapidreview.audit.models import AuditEvent
from rapidreview.decisions.models import OutcomeShare, PanelResponseKind, PanelSubmission
from rapidreview.decisions.panel import report_refusal
from rapidreview.decisions.queries import current_sign_offs
from rapidreview.decisions.signoff import partner_sign_off
from rapidreview.decisions.themes import earlier_reviews_sharing_themes, review_themes
from rapidreview.meetings.models import ATTENDED, Meeting
from rapidreview.meetings.quorum import quorum_for
from rapidreview.reviews.models import RapidReview, State

from ..conftest import signed_in_client
from ..reviews.factories import at

pytestmark = pytest.mark.django_db
TODAY = date(2027, 1, 5)
COORDINATOR = "coordinator@demo.rapidreview.invalid"


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    with time_machine.travel(at(TODAY), tick=False):
        call_command("demo", stdout=StringIO())
        yield


def _review(sin_reference: str) -> RapidReview:
    return RapidReview.objects.get(incident__sin_reference=sin_reference)


def test_the_brothers_review_waits_for_the_police_partner_with_everything_recorded(demo):
    review = _review("NMR-SIN-0102")
    assert review.state == State.AWAITING_SIGN_OFF
    assert review.meeting_date == TODAY
    assert set(current_sign_offs(review)) == {"local_authority", "icb"}

    meeting = Meeting.objects.get(review=review)
    partners_present = meeting.attendees.filter(
        attendance__in=ATTENDED, represents_partner__gt=""
    ).values_list("represents_partner", flat=True)
    assert set(partners_present) == {"local_authority", "icb", "police"}
    assert quorum_for(meeting).met
    assert meeting.family_informed == "yes" and meeting.minutes
    assert review.challenges.count() == 2
    assert review.safeguarding_actions.count() == 3
    assert {"Neglect", "Information sharing"} <= set(review_themes(review))
    assert review.parallel_processes.count() == 1
    assert review.report_text.case_summary
    assert report_refusal(review) is None  # pseudonyms and roles only


def test_an_earlier_review_was_sent_answered_and_shared_and_shares_a_theme(demo, tmp_path):
    earlier = _review("NMR-SIN-0095")
    brothers = _review("NMR-SIN-0102")
    assert earlier.state == State.PANEL_RESPONDED
    assert earlier.convened_on < brothers.convened_on
    submission = PanelSubmission.objects.get(review=earlier)
    assert submission.sent_on == earlier.sent_to_panel_on
    assert earlier.signed_off_on <= submission.sent_on < submission.response_on <= TODAY
    assert submission.response == PanelResponseKind.AGREES
    assert earlier.panel_responded_on == submission.response_on
    shares = OutcomeShare.objects.filter(review_agency__review=earlier)
    assert [s.review_agency.agency.name for s in shares] == ["Northmoor Hospitals NHS Trust"]
    assert shares.get().shared_at.date() > submission.response_on

    coordinator = User.objects.get(email=COORDINATOR)
    listed = earlier_reviews_sharing_themes(brothers, coordinator)
    assert [(e.reference, e.themes) for e in listed] == [
        (earlier.reference, ("Information sharing", "Neglect"))
    ]

    path = tmp_path / "report.docx"
    call_command(
        "report", earlier.reference, "--format", "docx", "--output", str(path), stdout=StringIO()
    )
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert earlier.reference in text and "Child H" in text
    assert "Clover" not in text and "Ashbury" not in text


def test_the_coordinator_can_finish_the_brothers_review(demo, settings):
    review = _review("NMR-SIN-0102")
    police = User.objects.get(email="police.partner@demo.rapidreview.invalid")
    with time_machine.travel(at(TODAY, 14), tick=False):
        partner_sign_off(
            actor=police,
            review=review,
            agrees=True,
            comment="",
            role=police.job_title,
            decision_version=review.decision.version,
        )
        coordinator = signed_in_client(User.objects.get(email=COORDINATOR))
        response = coordinator.post(
            reverse("decisions:panel_sent", args=[review.reference]),
            {"sent_on_day": TODAY.day, "sent_on_month": TODAY.month, "sent_on_year": TODAY.year},
        )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.state, review.signed_off_on, review.sent_to_panel_on) == (
        State.SENT_TO_PANEL,
        TODAY,
        TODAY,
    )


def test_a_second_run_changes_nothing(demo, settings):
    before = AuditEvent.objects.count()
    with time_machine.travel(at(TODAY), tick=False):
        call_command("demo", stdout=StringIO())
    assert AuditEvent.objects.count() == before
