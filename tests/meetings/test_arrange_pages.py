"""The meeting's pages as people use them: the hub, arranging the meeting, who is invited and
the register, with their errors beside the fields and the answers kept."""

import re
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from rapidreview.meetings.models import Attendance, Attendee, Meeting
from rapidreview.notifications.models import OutboxMessage
from rapidreview.reviews.models import RapidReview, State

from ..conftest import signed_in_client
from ..decisions.factories import make_partners
from ..participation.factories import nominate
from ..reviews.factories import LONDON, at, make_incident, make_review
from .factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(at(date(2026, 3, 11)), tick=False):
        yield


@pytest.fixture
def review(personas):
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a,),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return review


@pytest.fixture
def team(personas):
    return signed_in_client(personas.partnership_team)


def url(name: str, review, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"reference": review.reference, **kwargs})


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


WHEN = {
    "version": "0",
    "day_day": "18",
    "day_month": "3",
    "day_year": "2026",
    "starts": "10am",
    "ends": "12:30pm",
    "place": "Room 2, Invented House",
    "online_link": "",
}


# --- the hub -------------------------------------------------------------------------------------


def test_before_it_is_arranged_the_team_is_asked_to_arrange_it(review, team, personas):
    page = team.get(url("meeting", review)).content.decode()
    assert "Arrange the meeting" in page
    assert url("arrange", review) in page
    other = signed_in_client(personas.agency_a_rep).get(url("meeting", review))
    assert title_of(other) == f"Meeting – Review {review.reference} – Rapid Review"
    assert "The meeting has not been arranged yet." in other.content.decode()
    assert url("arrange", review) not in other.content.decode()


def test_the_hub_shows_when_where_who_and_the_quorum(review, personas):
    partners = make_partners(personas.safeguarding_partner)
    meeting = make_meeting(
        review,
        by=personas.partnership_team,
        starts_at=datetime(2026, 3, 18, 14, 30, tzinfo=LONDON),
        online_link="https://meet.example.org/invented",
        attendees=(*partners.values(), personas.agency_a_rep),
    )
    Attendee.objects.filter(meeting=meeting, user=personas.agency_a_rep).update(
        attendance=Attendance.APOLOGIES
    )
    Attendee.objects.filter(meeting=meeting, user=partners["police"]).update(
        attendance=Attendance.PROXY, proxy_name="Invented Deputy", proxy_role="Inspector"
    )
    Attendee.objects.filter(
        meeting=meeting, represents_partner__in=["icb", "local_authority"]
    ).update(attendance=Attendance.PRESENT)
    page = signed_in_client(personas.agency_a_rep).get(url("meeting", review)).content.decode()
    assert "Wednesday 18 March 2026" in page
    assert "2:30pm to 4:30pm" in page
    assert "Room 1, Invented House" in page
    assert 'href="https://meet.example.org/invented"' in page
    assert (
        "Quorate: the local authority, the integrated care board and the police are represented."
        in page
    )
    assert '<strong class="govuk-tag govuk-tag--yellow">Apologies</strong>' in page
    assert "Invented Deputy, Inspector" in page
    assert "Change<span" not in page  # not the team: no Change links
    assert url("agenda", review) in page
    assert "Meeting pack, PDF" in page
    team_page = signed_in_client(personas.partnership_team).get(url("meeting", review))
    assert f'href="{url("arrange", review)}"' in team_page.content.decode()
    assert url("attendance", review) in team_page.content.decode()


# --- arranging -----------------------------------------------------------------------------------


def test_the_team_arranges_the_meeting_and_goes_on_to_invite_people(review, team):
    response = team.post(url("arrange", review), WHEN)
    assert response.url == url("attendees", review)
    meeting = Meeting.objects.get()
    assert meeting.starts_at == datetime(2026, 3, 18, 10, tzinfo=LONDON)
    assert meeting.ends_at == datetime(2026, 3, 18, 12, 30, tzinfo=LONDON)
    assert RapidReview.objects.get(pk=review.pk).meeting_date == date(2026, 3, 18)
    form = team.get(url("arrange", review)).content.decode()
    assert 'name="starts" value="10am"' in form
    assert 'name="ends" value="12:30pm"' in form


@pytest.mark.parametrize(
    "answers, field, message",
    [
        ({"starts": ""}, "starts", "Enter the start time"),
        ({"starts": "half ten"}, "starts", "Enter the start time like 10am, 2:30pm or 14:30"),
        ({"starts": "10"}, "starts", "Enter the start time with am or pm, like 10am or 2pm"),
        ({"ends": "25:00"}, "ends", "End time must be a real time, like 10am, 2:30pm or 14:30"),
        ({"ends": "9am"}, "ends", "The end time must be after the start time"),
        ({"place": ""}, "place", "Enter the place of the meeting or an online meeting link"),
        (
            {"online_link": "http://meet.example.org/x"},
            "online_link",
            "The online meeting link must start https://",
        ),
        (
            {"online_link": "https://not a link"},
            "online_link",
            "Enter the online meeting link as a full web address",
        ),
        ({"day_month": ""}, "day", "Date of the meeting must include a month"),
    ],
)
def test_wrong_answers_are_explained_beside_the_field_and_the_rest_kept(
    review, team, answers, field, message
):
    response = team.post(url("arrange", review), WHEN | answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert title_of(response).startswith("Error: Arrange the meeting")
    assert f'id="id_{field}-error"' in page
    assert message in page
    assert 'value="Room 2, Invented House"' in page or field == "place"
    assert not Meeting.objects.exists()


def test_kind_times_are_understood(review, team):
    team.post(url("arrange", review), WHEN | {"starts": "9.30 a.m.", "ends": "14:00"})
    meeting = Meeting.objects.get()
    assert meeting.starts_at.astimezone(LONDON).time().isoformat() == "09:30:00"
    assert meeting.ends_at.astimezone(LONDON).time().isoformat() == "14:00:00"


def test_a_change_from_a_page_shown_before_another_change_is_refused_and_kept(review, team):
    team.post(url("arrange", review), WHEN)
    team.post(url("arrange", review), WHEN | {"version": "1", "starts": "11am"})
    response = team.post(url("arrange", review), WHEN | {"version": "1", "place": "Room 9"})
    page = response.content.decode()
    assert "Someone else changed this while you were editing it" in page
    assert 'value="Room 9"' in page
    assert 'name="version" value="2"' in page
    assert Meeting.objects.get().place == "Room 2, Invented House"


def test_once_the_meeting_is_held_the_date_is_shown_not_asked(review, team, personas):
    make_meeting(review, by=personas.partnership_team)
    RapidReview.objects.filter(pk=review.pk).update(
        state=State.MEETING_HELD, meeting_date=date(2026, 3, 16)
    )
    page = team.get(url("arrange", review)).content.decode()
    assert "The meeting was held on 16 March 2026, so its date can no longer change." in page
    assert 'name="day_day"' not in page


# --- who is invited ------------------------------------------------------------------------------


def test_the_team_picks_people_from_groups_and_sends_the_invitations(review, team, personas):
    partners = make_partners(personas.safeguarding_partner)
    make_meeting(review, by=personas.partnership_team)
    page = team.get(url("attendees", review)).content.decode()
    for legend in ["Safeguarding partners", "Invented Police Force", "Partnership team"]:
        assert f'<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}' in page
    for user in [*partners.values(), personas.agency_a_rep, personas.nominee]:
        assert user.full_name in page
    assert "Nominated for this review" in page
    assert personas.agency_b_rep.full_name not in page  # agency B is not on this review

    empty = team.post(url("attendees", review), {})
    assert "Select the people to invite" in empty.content.decode()

    chosen = [str(user.public_id) for user in [*partners.values(), personas.agency_a_rep]]
    response = team.post(url("attendees", review), {"people": chosen})
    assert response.url == url("attendees", review)
    assert Attendee.objects.count() == 4
    page = team.get(url("attendees", review)).content.decode()
    assert "4 people have not been sent the invitation yet." in page
    sent = team.post(url("invitations_send", review))
    assert sent.url == url("attendees", review)
    assert OutboxMessage.objects.count() == 4
    assert (
        "Everyone invited has been sent the invitation."
        in team.get(url("attendees", review)).content.decode()
    )


def test_removing_someone_takes_them_off_the_list(review, team, personas):
    meeting = make_meeting(review, by=personas.partnership_team, attendees=(personas.agency_a_rep,))
    attendee = meeting.attendees.get()
    response = team.post(url("attendee_remove", review, attendee=attendee.public_id))
    assert response.url == url("attendees", review)
    assert not Attendee.objects.exists()


# --- the register --------------------------------------------------------------------------------


def test_a_proxy_without_a_name_is_refused_beside_the_field_keeping_the_other_answers(
    review, team, personas
):
    partners = make_partners(personas.safeguarding_partner)
    meeting = make_meeting(review, by=personas.partnership_team, attendees=partners.values())
    key = {p: Attendee.objects.get(user=user).public_id.hex for p, user in partners.items()}
    answers = {
        "version": str(meeting.version),
        f"{key['local_authority']}-attendance": "present",
        f"{key['icb']}-attendance": "apologies",
        f"{key['police']}-attendance": "proxy",
        f"{key['police']}-proxy_role": "Detective inspector",
    }
    response = team.post(url("attendance", review), answers)
    page = response.content.decode()
    assert title_of(response).startswith("Error: Attendance")
    assert f'id="id_{key["police"]}-proxy_name-error"' in page
    assert "Enter the name of Invented Partner Chief officer of police&#x27;s proxy" in page
    assert 'value="Detective inspector"' in page
    assert (
        f'id="id_{key["icb"]}-attendance_1" name="{key["icb"]}-attendance" type="radio" value="apologies" checked'
        in page
    )
    assert not Attendee.objects.exclude(attendance=Attendance.INVITED).exists()

    answers[f"{key['police']}-proxy_name"] = "Invented Deputy"
    answers[f"{key['icb']}-attendance"] = "present"
    response = team.post(url("attendance", review), answers)
    assert response.url == url("meeting", review)
    hub = team.get(response.url).content.decode()
    assert "Attendance saved. Quorate: the local authority" in hub


def test_a_register_from_before_someone_else_saved_is_refused_and_kept(review, team, personas):
    meeting = make_meeting(
        review, by=personas.partnership_team, attendees=(personas.safeguarding_partner,)
    )
    key = Attendee.objects.get().public_id.hex
    Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 1)
    response = team.post(
        url("attendance", review),
        {"version": str(meeting.version), f"{key}-attendance": "apologies"},
    )
    page = response.content.decode()
    assert "Someone else changed this while you were editing it" in page
    assert 'value="apologies" checked' in page
    assert Attendee.objects.get().attendance == Attendance.INVITED
