"""Arranging the meeting, inviting people with a calendar invitation and taking the register:
the services, their audit events and their emails (read back as a calendar program would)."""

from datetime import date, datetime, time

import pytest
import time_machine
from icalendar import Calendar

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.meetings import arrange
from rapidreview.meetings.arrange import Answer, Arrangements
from rapidreview.meetings.models import Attendance, Attendee, Meeting
from rapidreview.meetings.quorum import quorum_for
from rapidreview.notifications.models import OutboxMessage, OutboxState, Purpose
from rapidreview.reviews.models import RapidReview, State

from ..decisions.factories import make_partners
from ..reviews.factories import LONDON, at, make_incident, make_review

pytestmark = pytest.mark.django_db

# 15 April 2026 is in British Summer Time, so London and UTC differ by an hour.
DAY = date(2026, 4, 15)
AT_TEN = Arrangements(day=DAY, starts=time(10), ends=time(12), place="Room 2, Invented House")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(at(date(2026, 3, 11)), tick=False):
        yield


@pytest.fixture
def review(personas):
    return make_review(
        make_incident(personas.partnership_team, children=("Child A",), family=("Mother",)),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b),
    )


@pytest.fixture
def team(personas):
    return personas.partnership_team


@pytest.fixture
def meeting(review, team):
    return arrange.meeting_arrange(actor=team, review=review, arrangements=AT_TEN)


@pytest.fixture
def invited(meeting, personas, team):
    partners = make_partners(personas.safeguarding_partner)
    arrange.attendees_add(
        actor=team, meeting=meeting, users=[*partners.values(), personas.agency_a_rep]
    )
    return partners


def _ics(message: OutboxMessage):
    (attached,) = message.attachments
    calendar = Calendar.from_ical(attached["content"])
    (event,) = calendar.walk("VEVENT")
    return attached, calendar, event


def _names_on(review: RapidReview) -> list[str]:
    incident = review.incident
    return [
        person.full_name.split()[1] for person in [*incident.children.all(), *incident.family.all()]
    ]


# --- when and where ----------------------------------------------------------------------------


def test_arranging_stores_london_times_and_sets_the_review_meeting_date(meeting, review, team):
    assert meeting.starts_at == datetime(2026, 4, 15, 10, tzinfo=LONDON)
    assert meeting.starts_at.utcoffset() is not None
    assert meeting.ends_at == datetime(2026, 4, 15, 12, tzinfo=LONDON)
    assert RapidReview.objects.get(pk=review.pk).meeting_date == DAY
    verbs = list(
        AuditEvent.objects.filter(review_reference=review.reference).values_list("verb", flat=True)
    )
    assert Verb.REVIEW_CHANGED in verbs and Verb.MEETING_ARRANGED in verbs
    arranged = AuditEvent.objects.get(verb=Verb.MEETING_ARRANGED)
    assert arranged.payload["changed"] == ["ends_at", "online_link", "place", "starts_at"]


def test_a_date_the_review_refuses_is_refused_and_nothing_is_saved(review, team):
    with pytest.raises(arrange.Invalid) as refused:
        arrange.meeting_arrange(
            actor=team,
            review=review,
            arrangements=Arrangements(
                day=date(2026, 3, 1), starts=time(10), ends=time(12), place="Room 2"
            ),
        )
    assert "local authority became aware (2 March 2026)" in refused.value.problems["day"]
    assert not Meeting.objects.exists()
    assert RapidReview.objects.get(pk=review.pk).meeting_date is None


def test_an_end_before_the_start_or_no_place_is_refused(review, team):
    with pytest.raises(arrange.Invalid) as refused:
        arrange.meeting_arrange(
            actor=team, review=review, arrangements=Arrangements(DAY, time(12), time(10))
        )
    assert set(refused.value.problems) == {"ends", "place"}


def test_a_change_from_an_older_version_is_refused(meeting, review, team):
    later = Arrangements(DAY, time(14), time(16), place="Room 2, Invented House")
    arrange.meeting_arrange(actor=team, review=review, arrangements=later, version=meeting.version)
    with pytest.raises(arrange.StaleVersion):
        arrange.meeting_arrange(
            actor=team, review=review, arrangements=AT_TEN, version=meeting.version
        )
    assert Meeting.objects.get().starts_at == datetime(2026, 4, 15, 14, tzinfo=LONDON)


def test_once_the_meeting_is_held_its_date_is_fixed_but_its_time_can_be_corrected(
    meeting, review, team
):
    RapidReview.objects.filter(pk=review.pk).update(state=State.MEETING_HELD)
    review.refresh_from_db()
    with pytest.raises(arrange.Invalid) as refused:
        arrange.meeting_arrange(
            actor=team,
            review=review,
            arrangements=Arrangements(date(2026, 4, 16), time(10), time(12), place="Room 2"),
        )
    assert refused.value.problems == {
        "day": "The meeting has been held, so its date cannot be changed"
    }
    corrected = arrange.meeting_arrange(
        actor=team,
        review=review,
        arrangements=Arrangements(DAY, time(10, 30), time(12), place="Room 2, Invented House"),
    )
    assert corrected.starts_at == datetime(2026, 4, 15, 10, 30, tzinfo=LONDON)


# --- invitations -------------------------------------------------------------------------------


def test_sending_queues_one_email_each_with_a_calendar_invitation(
    meeting, invited, review, team, personas
):
    assert arrange.invitations_send(actor=team, meeting=meeting) == 4
    messages = OutboxMessage.objects.filter(purpose=Purpose.MEETING).order_by("pk")
    assert sorted(m.recipients[0] for m in messages) == sorted(
        [*(user.email for user in invited.values()), personas.agency_a_rep.email]
    )
    message = messages.get(recipients=[personas.agency_a_rep.email])
    assert message.subject == f"Rapid review meeting: {review.reference} on 15 April 2026"
    assert "Wednesday 15 April 2026, 10am to midday" in message.body
    attached, calendar, event = _ics(message)
    assert attached["filename"] == "rapid-review-meeting.ics"
    assert attached["content_type"].startswith("text/calendar; method=REQUEST")
    assert str(event["ATTENDEE"]) == f"mailto:{personas.agency_a_rep.email}"
    assert event.decoded("DTSTART") == datetime(2026, 4, 15, 10, tzinfo=LONDON)
    assert int(event["SEQUENCE"]) == 0
    for name in _names_on(review):
        assert name not in message.subject + message.body + attached["content"]
    sent = AuditEvent.objects.get(verb=Verb.MEETING_INVITATIONS_SENT)
    assert sent.payload["calendar_sequence"] == 0
    assert len(sent.payload["attendees"]) == 4
    # Pressed again: everyone has it, nothing more is sent.
    assert arrange.invitations_send(actor=team, meeting=meeting) == 0
    assert messages.count() == 4


def test_a_change_of_time_sends_everyone_invited_an_update_of_the_same_event(
    meeting, invited, review, team, personas
):
    arrange.invitations_send(actor=team, meeting=meeting)
    first = OutboxMessage.objects.get(recipients=[personas.agency_a_rep.email])
    later = Arrangements(DAY, time(14, 30), time(16), place="Room 2, Invented House")
    changed = arrange.meeting_arrange(actor=team, review=review, arrangements=later)
    assert changed.calendar_sequence == 1
    updates = OutboxMessage.objects.filter(recipients=[personas.agency_a_rep.email]).exclude(
        pk=first.pk
    )
    (update,) = updates
    assert update.subject.startswith("Changed: Rapid review meeting")
    assert "2:30pm to 4pm" in update.body
    old_event, new_event = _ics(first)[2], _ics(update)[2]
    assert str(new_event["UID"]) == str(old_event["UID"])
    assert int(new_event["SEQUENCE"]) == 1 > int(old_event["SEQUENCE"])
    assert new_event.decoded("DTSTART") == datetime(2026, 4, 15, 14, 30, tzinfo=LONDON)
    assert OutboxMessage.objects.filter(purpose=Purpose.MEETING).count() == 8


def test_a_change_before_any_invitation_sends_nothing(meeting, invited, review, team):
    later = Arrangements(DAY, time(14), time(16), place="Room 2, Invented House")
    assert arrange.meeting_arrange(actor=team, review=review, arrangements=later)
    assert Meeting.objects.get().calendar_sequence == 0
    assert not OutboxMessage.objects.exists()


def test_removing_someone_invited_sends_them_a_cancellation(meeting, invited, team, personas):
    arrange.invitations_send(actor=team, meeting=meeting)
    attendee = Attendee.objects.get(user=personas.agency_a_rep)
    assert arrange.attendee_remove(actor=team, meeting=meeting, attendee=attendee)
    cancellation = OutboxMessage.objects.get(subject__startswith="Cancelled:")
    assert cancellation.recipients == [personas.agency_a_rep.email]
    attached, calendar, event = _ics(cancellation)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert attached["content_type"].startswith("text/calendar; method=CANCEL")
    removed = AuditEvent.objects.get(verb=Verb.ATTENDEE_REMOVED)
    assert removed.payload == {"attendee": str(attendee.public_id), "cancellation_sent": True}
    assert not Attendee.objects.filter(pk=attendee.pk).exists()


def test_removing_someone_not_yet_sent_an_invitation_sends_nothing(meeting, invited, team):
    attendee = Attendee.objects.filter(meeting=meeting).first()
    assert not arrange.attendee_remove(actor=team, meeting=meeting, attendee=attendee)
    assert not OutboxMessage.objects.exists()


def test_only_people_suggested_for_the_review_can_be_added(meeting, team, personas):
    with pytest.raises(arrange.MeetingError):
        arrange.attendees_add(actor=team, meeting=meeting, users=[personas.scrutineer])
    assert not Attendee.objects.exists()


def test_a_partner_added_represents_their_partner_and_an_agency_rep_does_not(
    meeting, invited, personas
):
    assert Attendee.objects.get(user=personas.safeguarding_partner).represents_partner == (
        "local_authority"
    )
    assert Attendee.objects.get(user=personas.agency_a_rep).represents_partner == ""
    added = AuditEvent.objects.filter(verb=Verb.ATTENDEE_ADDED)
    assert added.count() == 4
    assert all(personas.agency_a_rep.full_name not in str(e.payload) for e in added)


def test_the_invitation_is_delivered_over_smtp_with_a_calendar_part(
    meeting, invited, team, personas, mail_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        arrange.invitations_send(actor=team, meeting=meeting)
    assert OutboxMessage.objects.filter(state=OutboxState.SENT).count() == 4
    (received,) = [m for m in mail_sink.messages if personas.agency_a_rep.email in m["To"]]
    parts = [part for part in received.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_param("method") == "REQUEST"
    assert parts[0].get_filename() == "rapid-review-meeting.ics"
    event = Calendar.from_ical(parts[0].get_content()).walk("VEVENT")[0]
    assert str(event["UID"]).startswith(str(meeting.calendar_uid))
    assert event.decoded("DTSTART") == datetime(2026, 4, 15, 10, tzinfo=LONDON)


# --- the register -------------------------------------------------------------------------------


def test_the_register_is_saved_at_once_with_one_audit_event_naming_no_one(
    meeting, invited, team, personas
):
    la, icb, police = invited["local_authority"], invited["icb"], invited["police"]
    answers = {
        str(Attendee.objects.get(user=user).public_id): answer
        for user, answer in [
            (la, Answer(Attendance.PRESENT)),
            (icb, Answer(Attendance.PRESENT)),
            (police, Answer(Attendance.PROXY, "Invented Deputy", "Detective inspector")),
            (personas.agency_a_rep, Answer(Attendance.APOLOGIES)),
        ]
    }
    assert (
        arrange.attendance_record(
            actor=team, meeting=meeting, version=meeting.version, answers=answers
        )
        == 4
    )
    proxy = Attendee.objects.get(user=police)
    assert (proxy.attendance, proxy.proxy_name, proxy.proxy_role) == (
        "proxy",
        "Invented Deputy",
        "Detective inspector",
    )
    (event,) = AuditEvent.objects.filter(verb=Verb.ATTENDANCE_RECORDED)
    assert set(event.payload["changes"]) == set(answers)
    assert "Invented Deputy" not in str(event.payload)
    assert la.full_name not in str(event.payload)
    assert quorum_for(Meeting.objects.get()).met


def test_a_proxy_must_be_named_and_nothing_is_saved_otherwise(meeting, invited, team):
    police = Attendee.objects.get(user=invited["police"])
    with pytest.raises(arrange.Invalid):
        arrange.attendance_record(
            actor=team,
            meeting=meeting,
            version=meeting.version,
            answers={str(police.public_id): Answer(Attendance.PROXY, "Invented Deputy", "")},
        )
    assert Attendee.objects.get(pk=police.pk).attendance == Attendance.INVITED


def test_a_register_shown_before_someone_else_saved_is_refused(meeting, invited, team):
    police = str(Attendee.objects.get(user=invited["police"]).public_id)
    shown_at = meeting.version
    arrange.attendance_record(
        actor=team, meeting=meeting, version=shown_at, answers={police: Answer("present")}
    )
    with pytest.raises(arrange.StaleVersion):
        arrange.attendance_record(
            actor=team, meeting=meeting, version=shown_at, answers={police: Answer("apologies")}
        )
    assert Attendee.objects.get(public_id=police).attendance == Attendance.PRESENT
