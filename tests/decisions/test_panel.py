"""Sending the rapid review to the Panel and recording the Panel's response: the lifecycle moves
on with the dates, sending waits for all three partners, a dissent must be seen, dates before
sending are refused with a clear message, and a request for more information can be followed
by a further response."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.core import calendar
from rapidreview.decisions import panel
from rapidreview.decisions.models import (
    PanelResponseKind,
    PanelSubmission,
    PartnerSignOff,
    ReportText,
)
from rapidreview.reviews.models import State
from rapidreview.reviews.services import Invalid, ServiceError

from ..conftest import signed_in_client
from .access_panel import SENT_ON, awaiting_sign_off, sent

pytestmark = pytest.mark.django_db


def _send_page(client, review, **data):
    return client.post(reverse("decisions:panel_sent", args=[review.reference]), data)


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


# --- sending ----------------------------------------------------------------------------------------


def test_sending_is_refused_until_all_three_partners_have_signed_off(personas):
    review = awaiting_sign_off(personas, signed=("local_authority", "icb"))
    team = signed_in_client(personas.partnership_team)

    page = team.get(reverse("decisions:panel_sent", args=[review.reference]))
    assert "Get a sign-off from the police" in page.content.decode()
    assert 'name="sent_on_day"' not in page.content.decode()  # no form to fill in

    response = _send_page(team, review, **_date("sent_on", date(2026, 3, 20)))
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.state == State.AWAITING_SIGN_OFF
    assert not PanelSubmission.objects.exists()
    with pytest.raises(ServiceError, match="Get a sign-off from the police"):
        panel.panel_send(actor=personas.partnership_team, review=review, sent_on=date(2026, 3, 20))


def test_sending_moves_the_review_on_with_the_dates_and_who_sent_it(personas):
    review = awaiting_sign_off(personas)
    # The last partner signs at 00:30 on 31 March in England (23:30 on 30 March in UTC).
    PartnerSignOff.objects.filter(review=review, partner="police").update(
        signed_at=datetime(2026, 3, 30, 23, 30, tzinfo=UTC)
    )
    team = signed_in_client(personas.partnership_team)

    response = _send_page(team, review, **_date("sent_on", date(2026, 4, 1)))

    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:panel", args=[review.reference])
    review.refresh_from_db()
    assert review.state == State.SENT_TO_PANEL
    assert review.signed_off_on == date(2026, 3, 31)
    assert review.sent_to_panel_on == date(2026, 4, 1)
    submission = PanelSubmission.objects.get(review=review)
    assert (submission.sent_on, submission.sent_by) == (date(2026, 4, 1), personas.partnership_team)
    events = AuditEvent.objects.filter(review_reference=review.reference)
    assert events.get(verb=Verb.SENT_TO_PANEL).payload == {
        "sent_on": "2026-04-01",
        "signed_off_on": "2026-03-31",
        "partners_disagreeing": [],
    }
    assert events.filter(verb=Verb.REVIEW_STATE_CHANGED).count() == 1

    page = team.get(response["Location"]).content.decode()
    assert "1 April 2026" in page and personas.partnership_team.full_name in page


def test_the_sending_page_offers_today_and_lists_the_sign_offs(personas):
    review = awaiting_sign_off(personas)
    page = signed_in_client(personas.partnership_team).get(
        reverse("decisions:panel_sent", args=[review.reference])
    )
    body = page.content.decode()
    today = calendar.today()
    assert f'name="sent_on_day" value="{today.day}"' in body
    assert body.count("Agreed:") == 3
    assert "Signed off by the partners" in body and "18 March 2026" in body


def test_sending_is_refused_while_the_report_names_someone_on_the_review(personas):
    review = awaiting_sign_off(personas)
    ReportText.objects.create(
        review=review,
        case_summary="Zinnia was found at home by a neighbour.",  # the child's first name
        updated_by=personas.partnership_team,
    )
    team = signed_in_client(personas.partnership_team)

    page = team.get(reverse("decisions:panel_sent", args=[review.reference])).content.decode()
    assert (
        "The report names someone on the review. Case summary holds the first name of "
        "Child A." in page
    )
    assert "Zinnia" not in page  # the refusal never repeats the name
    response = _send_page(team, review, **_date("sent_on", SENT_ON))

    assert response.status_code == 200
    review.refresh_from_db()
    assert review.state == State.AWAITING_SIGN_OFF
    assert not PanelSubmission.objects.exists()


def test_a_date_before_the_partners_signed_off_is_refused_with_a_clear_message(personas):
    review = awaiting_sign_off(personas)  # signed off on 18 March 2026
    team = signed_in_client(personas.partnership_team)

    response = _send_page(team, review, **_date("sent_on", date(2026, 3, 17)))

    assert response.status_code == 200
    assert (
        "The date it was sent to the Panel must be the same as or after the date the partners "
        "signed off (18 March 2026)"
    ) in response.content.decode()
    review.refresh_from_db()
    assert review.state == State.AWAITING_SIGN_OFF
    assert not PanelSubmission.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.SENT_TO_PANEL).exists()


def test_a_date_in_the_future_is_refused(personas):
    review = awaiting_sign_off(personas)
    with pytest.raises(Invalid, match="must be today or in the past"):
        panel.panel_send(
            actor=personas.partnership_team,
            review=review,
            sent_on=calendar.add_working_days(calendar.today(), 2),
        )
    assert not PanelSubmission.objects.exists()


def test_a_partners_dissent_is_shown_and_must_be_confirmed_before_sending(personas):
    review = awaiting_sign_off(personas)
    PartnerSignOff.objects.filter(review=review, partner="police").update(
        agrees=False, comment="Invented: the police think a national review is needed."
    )
    team = signed_in_client(personas.partnership_team)

    page = team.get(reverse("decisions:panel_sent", args=[review.reference])).content.decode()
    assert "The police disagreed. The report to the Panel records their comment." in page

    refused = _send_page(team, review, **_date("sent_on", SENT_ON))
    assert "Confirm that you have seen the partner&#x27;s disagreement" in refused.content.decode()
    assert not PanelSubmission.objects.exists()

    accepted = _send_page(team, review, dissent_seen="on", **_date("sent_on", SENT_ON))
    assert accepted.status_code == 302
    assert AuditEvent.objects.get(verb=Verb.SENT_TO_PANEL).payload["partners_disagreeing"] == [
        "police"
    ]


def test_a_review_cannot_be_sent_twice(personas):
    review = sent(personas)
    page = signed_in_client(personas.partnership_team).get(
        reverse("decisions:panel_sent", args=[review.reference])
    )
    assert "already been recorded as sent to the Panel" in page.content.decode()
    with pytest.raises(ServiceError):
        panel.panel_send(actor=personas.partnership_team, review=review, sent_on=SENT_ON)


# --- the Panel's response -----------------------------------------------------------------------


def _respond(client, review, *, response: str, day: date, text: str = "", shown: str = ""):
    return client.post(
        reverse("decisions:panel_response", args=[review.reference]),
        {"response": response, "response_text": text, "shown_response": shown}
        | _date("responded_on", day),
    )


def test_the_panels_response_moves_the_review_on(personas):
    review = sent(personas)
    team = signed_in_client(personas.partnership_team)

    response = _respond(team, review, response=PanelResponseKind.AGREES, day=date(2026, 4, 2))

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == State.PANEL_RESPONDED
    assert review.panel_responded_on == date(2026, 4, 2)
    submission = PanelSubmission.objects.get(review=review)
    assert submission.response == PanelResponseKind.AGREES
    assert submission.response_recorded_by == personas.partnership_team
    event = AuditEvent.objects.get(verb=Verb.PANEL_RESPONSE_RECORDED)
    assert event.payload["response"] == {"old": "", "new": "agrees"}
    page = team.get(reverse("decisions:panel", args=[review.reference])).content.decode()
    assert "Agrees with the local decision" in page and "2 April 2026" in page
    assert "Record the Panel" not in page  # nothing more to record


def test_a_response_dated_before_the_review_was_sent_is_refused(personas):
    review = sent(personas)  # sent on 20 March 2026
    team = signed_in_client(personas.partnership_team)

    response = _respond(team, review, response=PanelResponseKind.AGREES, day=date(2026, 3, 19))

    assert response.status_code == 200
    assert (
        "The date the Panel responded must be the same as or after the date it was sent to the "
        "Panel (20 March 2026)"
    ) in response.content.decode()
    review.refresh_from_db()
    assert review.state == State.SENT_TO_PANEL
    assert PanelSubmission.objects.get(review=review).response == ""


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (PanelResponseKind.DISAGREES, "Enter why the Panel disagrees"),
        (PanelResponseKind.MORE_INFORMATION, "Enter what more information the Panel asked for"),
    ],
)
def test_a_disagreement_or_a_request_needs_the_panels_words(personas, kind, message):
    review = sent(personas)
    response = _respond(
        signed_in_client(personas.partnership_team), review, response=kind, day=date(2026, 4, 2)
    )
    assert message in response.content.decode()
    review.refresh_from_db()
    assert review.state == State.SENT_TO_PANEL


def test_after_a_request_for_more_information_a_further_response_replaces_it(personas):
    review = sent(personas)
    team = signed_in_client(personas.partnership_team)
    _respond(
        team,
        review,
        response=PanelResponseKind.MORE_INFORMATION,
        day=date(2026, 4, 2),
        text="Invented: the Panel asks how the school's attendance concerns were followed up.",
    )
    page = team.get(reverse("decisions:panel", args=[review.reference])).content.decode()
    assert "Record the Panel's further response" in page

    form = team.get(reverse("decisions:panel_response", args=[review.reference])).content.decode()
    assert "how the school&#x27;s attendance concerns were followed up" in form
    earlier = _respond(
        team,
        review,
        response=PanelResponseKind.AGREES,
        day=date(2026, 4, 1),
        shown="more_information",
    )
    assert "must be the same as or after the date of its earlier response (2 April 2026)" in (
        earlier.content.decode()
    )

    response = _respond(
        team,
        review,
        response=PanelResponseKind.AGREES,
        day=date(2026, 4, 9),
        shown="more_information",
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == State.PANEL_RESPONDED
    assert review.panel_responded_on == date(2026, 4, 2)  # the first response's date stays
    submission = PanelSubmission.objects.get(review=review)
    assert (submission.response, submission.response_on, submission.response_text) == (
        PanelResponseKind.AGREES,
        date(2026, 4, 9),
        "",
    )
    events = AuditEvent.objects.filter(verb=Verb.PANEL_RESPONSE_RECORDED).order_by("sequence")
    assert [e.payload["response"]["new"] for e in events] == ["more_information", "agrees"]
    assert events.last().payload["further_response"] is True
    assert events.last().payload["response_text"] == {"changed": True}
    # Now it is settled: nothing more can be recorded.
    refused = team.get(reverse("decisions:panel_response", args=[review.reference]))
    assert "A further response can be recorded only after the Panel asks" in (
        refused.content.decode()
    )


def test_a_response_recorded_by_a_colleague_meanwhile_is_not_overwritten(personas):
    review = sent(personas)
    team = signed_in_client(personas.partnership_team)
    # A colleague records the Panel's agreement while this page was open (shown with none).
    panel.panel_response_record(
        actor=personas.partnership_team,
        review=review,
        response=PanelResponseKind.MORE_INFORMATION,
        responded_on=date(2026, 4, 2),
        response_text="Invented: a colleague's note of the Panel's request.",
        shown_response="",
    )

    response = _respond(
        team,
        review,
        response=PanelResponseKind.DISAGREES,
        day=date(2026, 4, 3),
        text="Invented: my note of the Panel's view.",
    )

    body = response.content.decode()
    assert "Someone else recorded the Panel&#x27;s response" in body
    assert "Invented: my note of the Panel&#x27;s view." in body  # kept, not lost
    assert PanelSubmission.objects.get(review=review).response == "more_information"


def test_the_panel_page_shows_what_was_sent_to_everyone_on_the_review_once_sent(personas):
    review = sent(personas)
    page = signed_in_client(personas.agency_a_rep).get(
        reverse("decisions:panel", args=[review.reference])
    )
    body = page.content.decode()
    assert "20 March 2026" in body
    assert "Record the Panel" not in body  # reading only
