"""The dashboard, the review page and the pages that change a review, for each role."""

import re
from datetime import date

import pytest
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.reviews.models import Incident, RapidReview, State

from ..conftest import signed_in_client
from .factories import make_incident, make_review

pytestmark = pytest.mark.django_db


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def detail(review) -> str:
    return reverse("reviews:review_detail", args=[review.reference])


# --- the dashboard ------------------------------------------------------------------------------


def test_the_partnership_team_sees_every_open_review_with_its_countdown(
    personas, review_of_agency_a
):
    page = signed_in_client(personas.partnership_team).get(reverse("core:home")).content.decode()
    assert review_of_agency_a.reference in page
    assert "Child A and Child B" in page
    assert "Agencies&#x27; involvement responses" in page
    # Colour is never the only signal: the tag says it in words.
    assert '<strong class="govuk-tag govuk-tag--red">Overdue by 1 working day</strong>' in page
    assert "Log a serious incident notification" in page
    assert 'data-module="moj-sortable-table"' in page


def test_closed_and_stopped_reviews_leave_the_dashboard(personas, today):
    team = personas.partnership_team
    stopped = make_review(
        make_incident(team),
        convened_by=team,
        state=State.STOPPED,
        stopped_on=today,
        stopped_reason="Invented",
    )
    page = signed_in_client(team).get(reverse("core:home")).content.decode()
    assert stopped.reference not in page
    assert "There are no open rapid reviews for you to see." in page


def test_a_review_waiting_for_the_panel_says_so_on_the_dashboard(personas, today):
    team = personas.partnership_team
    sent = make_review(
        make_incident(team),
        convened_by=team,
        state=State.SENT_TO_PANEL,
        agencies_asked_on=date(2026, 3, 6),
        involvement_complete_on=date(2026, 3, 9),
        returns_complete_on=date(2026, 3, 9),
        meeting_date=date(2026, 3, 9),
        signed_off_on=date(2026, 3, 10),
        sent_to_panel_on=date(2026, 3, 10),
    )
    page = signed_in_client(team).get(reverse("core:home")).content.decode()
    assert sent.reference in page
    assert "Waiting for the Panel&#x27;s response" in page


def test_only_the_partnership_team_can_start_a_notification(personas, today):
    for person in (personas.agency_a_rep, personas.safeguarding_partner, personas.scrutineer):
        client = signed_in_client(person)
        assert client.get(reverse("reviews:intake_start")).status_code == 403
        assert client.post(reverse("reviews:intake_start")).status_code == 403


def test_the_partners_see_every_review_but_cannot_log_one(personas, review_of_agency_a):
    page = (
        signed_in_client(personas.safeguarding_partner).get(reverse("core:home")).content.decode()
    )
    assert review_of_agency_a.reference in page
    assert "Log a serious incident notification" not in page


def test_an_agency_sees_only_the_reviews_it_takes_part_in_and_no_hint_of_others(
    personas, review_of_agency_a
):
    a_page = signed_in_client(personas.agency_a_rep).get(reverse("core:home")).content.decode()
    assert review_of_agency_a.reference in a_page
    b_page = signed_in_client(personas.agency_b_rep).get(reverse("core:home")).content.decode()
    assert review_of_agency_a.reference not in b_page
    assert "Child A" not in b_page
    assert "There are no open rapid reviews for you to see." in b_page
    assert "Log a serious incident notification" not in b_page


def test_the_scrutineer_sees_no_reviews_yet(personas, review_of_agency_a):
    page = signed_in_client(personas.scrutineer).get(reverse("core:home")).content.decode()
    assert review_of_agency_a.reference not in page


def test_a_notification_not_yet_convened_is_listed_for_the_team(personas, today):
    incident = make_incident(personas.partnership_team, children=("Baby C",))
    page = signed_in_client(personas.partnership_team).get(reverse("core:home")).content.decode()
    assert "Notifications waiting for a rapid review" in page
    assert reverse("reviews:incident_detail", args=[incident.public_id]) in page
    rep_page = signed_in_client(personas.agency_a_rep).get(reverse("core:home")).content.decode()
    assert "Baby C" not in rep_page


# --- the review page ----------------------------------------------------------------------------


def test_the_review_page_shows_every_due_date_and_never_a_name_in_its_title(
    personas, review_of_agency_a
):
    response = signed_in_client(personas.agency_a_rep).get(detail(review_of_agency_a))
    page = response.content.decode()
    assert title_of(response) == f"Review {review_of_agency_a.reference} – Rapid Review"
    assert f"{review_of_agency_a.reference}: Child A and Child B</h1>" in page
    for due in ["9 March 2026", "10 March 2026", "20 March 2026", "24 March 2026", "27 March 2026"]:
        assert due in page
    assert 'class="moj-timeline"' in page
    assert "Invented Childname1" not in title_of(response)
    # An agency representative reads the page but is not offered the team's changes.
    assert reverse("meetings:arrange", args=[review_of_agency_a.reference]) not in page
    assert "Record that agencies have been asked" not in page


def test_viewing_a_review_is_audited_against_its_reference(personas, review_of_agency_a):
    signed_in_client(personas.agency_a_rep).get(detail(review_of_agency_a))
    event = AuditEvent.objects.filter(verb=Verb.PAGE_VIEWED).latest("sequence")
    assert event.actor == personas.agency_a_rep
    assert event.review_reference == review_of_agency_a.reference


def test_agency_b_cannot_see_agency_as_review(personas, review_of_agency_a):
    rep = signed_in_client(personas.agency_b_rep)
    assert rep.get(detail(review_of_agency_a)).status_code == 404
    assert (
        rep.get(reverse("meetings:arrange", args=[review_of_agency_a.reference])).status_code == 404
    )
    assert rep.get(reverse("reviews:review_detail", args=["RR-2026-999"])).status_code == 404


def test_inside_the_review_but_not_allowed_to_change_it_is_a_403(personas, review_of_agency_a):
    for person in (personas.agency_a_rep, personas.safeguarding_partner):
        client = signed_in_client(person)
        meeting = reverse("meetings:arrange", args=[review_of_agency_a.reference])
        assert client.get(meeting).status_code == 403
        assert client.post(meeting, {"day_day": "18"}).status_code == 403
    assert RapidReview.objects.get(pk=review_of_agency_a.pk).meeting_date is None


def test_what_must_happen_before_the_next_step_is_shown(personas, today):
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        state=State.GATHERING_INFORMATION,
        agencies_asked_on=date(2026, 3, 9),
    )
    page = signed_in_client(personas.partnership_team).get(detail(review)).content.decode()
    assert "Before you can record that the information is in:" in page
    assert "Set the date of the meeting" in page


# --- changing the review ------------------------------------------------------------------------


MEETING_AT = {"starts": "10am", "ends": "midday", "place": "Invented House", "version": "0"}


def test_setting_the_meeting_re_plans_the_timetable(personas, review_of_agency_a):
    team = signed_in_client(personas.partnership_team)
    page = team.get(detail(review_of_agency_a)).content.decode()
    meeting = reverse("meetings:arrange", args=[review_of_agency_a.reference])
    assert f'href="{meeting}"' in page  # the Meeting date row's Change link
    response = team.post(
        meeting, {"day_day": "18", "day_month": "3", "day_year": "2026", **MEETING_AT}
    )
    assert response.status_code == 302
    page = team.get(detail(review_of_agency_a)).content.decode()
    assert 'Planned: <time datetime="2026-03-18">18 March 2026</time>' in page
    assert "2 working days before the meeting (18 March 2026)" in page
    assert 'Due: <time datetime="2026-03-16">16 March 2026</time>' in page


def test_a_meeting_date_before_the_authority_knew_is_refused_keeping_the_answer(
    personas, review_of_agency_a
):
    team = signed_in_client(personas.partnership_team)
    meeting = reverse("meetings:arrange", args=[review_of_agency_a.reference])
    response = team.post(
        meeting, {"day_day": "1", "day_month": "3", "day_year": "2026", **MEETING_AT}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "must be the same as or after the date the local authority became aware (2 March 2026)"
        in page
    )
    assert 'name="day_day" value="1"' in page
    assert RapidReview.objects.get(pk=review_of_agency_a.pk).meeting_date is None


def test_changing_the_sin_date_in_the_browser_re_plans_the_panel_deadline(
    personas, review_of_agency_a
):
    team = signed_in_client(personas.partnership_team)
    dates = reverse("reviews:review_dates", args=[review_of_agency_a.reference])
    form = team.get(dates).content.decode()
    assert 'name="sin_submitted_date_day" value="6"' in form
    data = {
        "incident_date_day": "2",
        "incident_date_month": "3",
        "incident_date_year": "2026",
        "la_aware_date_day": "2",
        "la_aware_date_month": "3",
        "la_aware_date_year": "2026",
        "partners_aware_date_day": "3",
        "partners_aware_date_month": "3",
        "partners_aware_date_year": "2026",
        "sin_submitted_date_day": "9",
        "sin_submitted_date_month": "3",
        "sin_submitted_date_year": "2026",
    }
    assert team.post(dates, data).status_code == 302
    page = team.get(detail(review_of_agency_a)).content.decode()
    assert 'Due: <time datetime="2026-03-30">30 March 2026</time>' in page

    wrong = data | {"sin_submitted_date_day": "1"}
    response = team.post(dates, wrong)
    assert response.status_code == 200
    assert (
        "The date the SIN was submitted must be the same as or after" in response.content.decode()
    )
    assert Incident.objects.get().sin_submitted_date == date(2026, 3, 9)


def test_moving_a_review_on_in_the_browser(personas, review_of_agency_a):
    team = signed_in_client(personas.partnership_team)
    step = reverse("reviews:review_step", args=[review_of_agency_a.reference, "start-gathering"])
    form = team.get(step).content.decode()
    assert 'name="agencies_asked_on_day" value="11"' in form  # today, to start with
    assert team.post(
        step,
        {
            "agencies_asked_on_day": "9",
            "agencies_asked_on_month": "3",
            "agencies_asked_on_year": "2026",
        },
    ).url == detail(review_of_agency_a)
    review = RapidReview.objects.get(pk=review_of_agency_a.pk)
    assert (review.state, review.agencies_asked_on) == (
        State.GATHERING_INFORMATION,
        date(2026, 3, 9),
    )

    # The same step again no longer applies: it says so and changes nothing.
    again = team.post(
        step,
        {
            "agencies_asked_on_day": "10",
            "agencies_asked_on_month": "3",
            "agencies_asked_on_year": "2026",
        },
    )
    assert again.status_code == 200
    assert "You cannot do this yet" in again.content.decode()
    assert RapidReview.objects.get(pk=review.pk).agencies_asked_on == date(2026, 3, 9)

    assert (
        team.get(
            reverse("reviews:review_step", args=[review.reference, "no-such-step"])
        ).status_code
        == 404
    )


def test_stopping_a_review_in_the_browser_needs_a_reason(personas, review_of_agency_a):
    team = signed_in_client(personas.partnership_team)
    stop = reverse("reviews:review_step", args=[review_of_agency_a.reference, "stop"])
    response = team.post(stop, {"reason": ""})
    assert "Enter why this is not a serious incident" in response.content.decode()
    team.post(stop, {"reason": "Invented: the harm was accidental."})
    page = team.get(detail(review_of_agency_a)).content.decode()
    assert "This review was stopped on 11 March 2026" in page
    assert "Not needed: the review stopped" in page


def test_convening_from_the_notification_page(personas, today):
    incident = make_incident(personas.partnership_team, children=("Baby C",))
    team = signed_in_client(personas.partnership_team)
    convene = reverse("reviews:review_convene", args=[incident.public_id])
    assert team.get(convene).status_code == 405
    assert signed_in_client(personas.safeguarding_partner).post(convene).status_code == 403
    assert signed_in_client(personas.agency_a_rep).post(convene).status_code == 404
    assert not RapidReview.objects.exists()

    response = team.post(convene)
    review = RapidReview.objects.get()
    assert review.reference == "RR-2026-001"
    assert response.url == detail(review)
    # Pressing the button twice (or a colleague at the same time) shows the same review.
    assert team.post(convene).url == detail(review)
    assert team.get(reverse("reviews:incident_detail", args=[incident.public_id])).url == detail(
        review
    )
    assert RapidReview.objects.count() == 1


def test_steps_with_their_own_page_send_the_team_there(personas):
    """Sending for sign-off, recording the sending and the Panel's response each have a page of
    their own (emails, sign-offs, the Panel's answer); the generic step page never takes them."""
    team = personas.partnership_team
    review = make_review(
        make_incident(team),
        convened_by=team,
        state=State.MEETING_HELD,
        meeting_date=date(2026, 3, 20),
    )
    client = signed_in_client(team)
    for slug, page in [
        ("sign-off", "decisions:decision"),
        ("sent-to-panel", "decisions:panel_sent"),
        ("panel-response", "decisions:panel_response"),
    ]:
        response = client.get(reverse("reviews:review_step", args=[review.reference, slug]))
        assert response.status_code == 302
        assert response["Location"] == reverse(page, args=[review.reference])


def test_a_partner_is_offered_sign_off_from_the_review_page_once_there_is_a_decision(personas):
    from ..decisions.factories import make_decision

    team = personas.partnership_team
    review = make_review(
        make_incident(team),
        convened_by=team,
        state=State.AWAITING_SIGN_OFF,
        meeting_date=date(2026, 3, 20),
    )
    client = signed_in_client(personas.safeguarding_partner)
    page = reverse("reviews:review_detail", args=[review.reference])
    sign_off = reverse("decisions:sign_off", args=[review.reference])
    assert sign_off not in client.get(page).content.decode()
    make_decision(review, by=team)
    assert sign_off in client.get(page).content.decode()
    # Nobody else is offered it.
    assert sign_off not in signed_in_client(team).get(page).content.decode()
