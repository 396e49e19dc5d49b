"""Alerts and the staff register: the services, the queries other parts use, and the task
list's rows for the records half of the agency's work."""

from datetime import date, timedelta

import pytest

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.core import calendar
from rapidreview.participation import records_people, records_queries
from rapidreview.participation.models import Alert, StaffMember
from rapidreview.participation.tasks import TaskStatus
from rapidreview.participation.tasks_records import records_tasks
from rapidreview.reviews.models import ReviewAgency, State

from ..reviews.factories import make_incident, make_review
from .factories import nominate


@pytest.fixture(autouse=True)
def quick(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.UPLOADED_FILES_DIR = tmp_path / "uploads"


@pytest.fixture
def review(personas):
    review = make_review(
        make_incident(personas.partnership_team, family=("Mother",)),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return review


@pytest.fixture
def part_a(review, personas) -> ReviewAgency:
    return ReviewAgency.objects.select_related("review").get(
        review=review, agency=personas.agency_a
    )


def child_of(review):
    return review.incident.children.get()


def mother_of(review):
    return review.incident.family.get()


def record_alert(part, personas, person, **changes) -> Alert:
    values = {
        "system": "Invented niche system",
        "placed_on": date(2026, 3, 9),
        "placed_by": "Invented Officer, records clerk",
    } | changes
    return records_people.alert_record(
        actor=personas.agency_a_rep, review_agency=part, person=person, **values
    )


def close(review) -> None:
    review.meeting_date = date(2026, 3, 20)
    review.signed_off_on, review.sent_to_panel_on = date(2026, 3, 23), date(2026, 3, 24)
    review.panel_responded_on, review.closed_on = date(2026, 3, 30), date(2026, 4, 2)
    review.state = State.CLOSED
    review.save()


def events(verb: Verb) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb).order_by("sequence"))


# --- alerts ------------------------------------------------------------------------------------------


def test_an_alert_is_recorded_for_one_person_and_audited(part_a, personas, review):
    alert = record_alert(part_a, personas, child_of(review))
    assert alert.child == child_of(review) and alert.family_member is None
    assert events(Verb.ALERT_RECORDED)[0].payload["new"]["system"] == "Invented niche system"


def test_an_alert_needs_a_system_a_past_date_and_who_placed_it(part_a, personas, review):
    with pytest.raises(records_people.Invalid) as refused:
        record_alert(
            part_a,
            personas,
            child_of(review),
            system=" ",
            placed_on=calendar.today() + timedelta(days=1),
            placed_by="",
        )
    assert {f.field for f in refused.value.findings} == {"system", "placed_on", "placed_by"}
    assert not Alert.objects.exists() and not events(Verb.ALERT_RECORDED)


def test_an_alert_cannot_be_about_someone_from_another_notification(part_a, personas):
    stranger = make_incident(personas.partnership_team).children.get()
    with pytest.raises(records_people.ServiceError):
        record_alert(part_a, personas, stranger)
    assert not Alert.objects.exists()


def test_changing_an_alert_records_old_and_new_and_removing_it_is_audited(part_a, personas, review):
    alert = record_alert(part_a, personas, mother_of(review))
    records_people.alert_change(
        actor=personas.nominee,
        alert=alert,
        system="Invented custody system",
        placed_on=alert.placed_on,
        placed_by=alert.placed_by,
    )
    (changed,) = events(Verb.ALERT_CHANGED)
    assert changed.payload["changes"] == {
        "system": {"old": "Invented niche system", "new": "Invented custody system"}
    }
    records_people.alert_remove(actor=personas.agency_a_rep, alert=alert)
    assert not Alert.objects.exists()
    assert events(Verb.ALERT_REMOVED)[0].payload["old"]["system"] == "Invented custody system"


def test_who_has_no_alert_yet_and_when_every_alert_is_in(part_a, personas, review):
    assert [p.key for p in records_queries.people_without_alert(part_a)] == [
        "child-1",
        "family-1",
    ]
    record_alert(part_a, personas, child_of(review))
    assert [p.key for p in records_queries.people_without_alert(part_a)] == ["family-1"]
    assert not records_queries.alerts_complete(part_a)
    record_alert(part_a, personas, mother_of(review))
    assert records_queries.alerts_complete(part_a)


def test_alerts_are_reviewed_only_once_the_review_is_closed(part_a, personas, review):
    first = record_alert(part_a, personas, child_of(review))
    record_alert(part_a, personas, mother_of(review))
    with pytest.raises(records_people.ServiceError):
        records_people.alerts_mark_reviewed(
            actor=personas.agency_a_rep, review_agency=part_a, reviewed_on=calendar.today()
        )
    close(review)
    part_a.review.refresh_from_db()
    assert records_queries.alerts_to_review(part_a).count() == 2
    with pytest.raises(records_people.Invalid):
        records_people.alerts_mark_reviewed(
            actor=personas.agency_a_rep, review_agency=part_a, reviewed_on=date(2026, 4, 1)
        )
    marked = records_people.alerts_mark_reviewed(
        actor=personas.agency_a_rep, review_agency=part_a, reviewed_on=date(2026, 4, 3)
    )
    assert marked == 2 and not records_queries.alerts_to_review(part_a).exists()
    first.refresh_from_db()
    assert first.reviewed_on == date(2026, 4, 3)
    assert len(events(Verb.ALERT_CHANGED)) == 2


# --- the staff register ---------------------------------------------------------------------------------


def record_staff(part, personas, **changes) -> StaffMember:
    values = {"role": "Response officer", "initials": "j.s.", "contact_with": "Child A"} | changes
    return records_people.staff_record(actor=personas.agency_a_rep, review_agency=part, **values)


def test_initials_are_tidied_and_stored_in_capitals(part_a, personas):
    assert record_staff(part_a, personas).initials == "JS"


@pytest.mark.parametrize("initials", ["John Smith", "ABCDE", "J5", "", "-"])
def test_a_full_name_or_anything_but_1_to_4_letters_is_refused(part_a, personas, initials):
    with pytest.raises(records_people.Invalid) as refused:
        record_staff(part_a, personas, initials=initials)
    assert [f.field for f in refused.value.findings] == ["initials"]
    assert not StaffMember.objects.exists()


def test_sharing_dates_cannot_come_before_the_member_was_informed(part_a, personas):
    with pytest.raises(records_people.Invalid) as refused:
        record_staff(
            part_a,
            personas,
            informed_on=date(2026, 3, 10),
            outcome_shared_on=date(2026, 3, 9),
        )
    assert [f.field for f in refused.value.findings] == ["outcome_shared_on"]


def test_the_staff_register_events_name_fields_never_their_values(part_a, personas):
    member = record_staff(part_a, personas, support_offered="Invented counselling")
    records_people.staff_change(
        actor=personas.agency_a_rep,
        member=member,
        role="Detective constable",
        initials="JS",
        contact_with="Child A",
        support_offered="Invented counselling",
        informed_on=date(2026, 3, 10),
    )
    records_people.staff_remove(actor=personas.agency_a_rep, member=member)
    trail = [e.payload for e in AuditEvent.objects.filter(target_type="participation.staffmember")]
    assert trail[1]["fields"] == ["informed_on", "role"]
    for text in ("Response officer", "Detective", "JS", "Child A", "counselling"):
        assert text not in str(trail)


def test_staff_are_informed_when_every_one_recorded_has_been(part_a, personas):
    assert not records_queries.staff_informed(part_a)
    record_staff(part_a, personas, informed_on=date(2026, 3, 10))
    assert records_queries.staff_informed(part_a)
    record_staff(part_a, personas, initials="AB")
    assert not records_queries.staff_informed(part_a)


# --- the task list's rows ---------------------------------------------------------------------------------


def statuses(part, user) -> dict[str, str]:
    return {task.key: task.status for task in records_tasks(part, user)}


def test_the_representative_sees_every_records_task_not_started(part_a, personas):
    assert statuses(part_a, personas.agency_a_rep) == {
        "documents": TaskStatus.CANNOT_START,
        "records": TaskStatus.NOT_STARTED,
        "private_records": TaskStatus.NOT_STARTED,
        "alerts": TaskStatus.NOT_STARTED,
        "staff": TaskStatus.NOT_STARTED,
    }


def test_progress_shows_in_the_statuses(part_a, personas, review):
    record_alert(part_a, personas, child_of(review))
    record_staff(part_a, personas, informed_on=date(2026, 3, 10))
    seen = statuses(part_a, personas.agency_a_rep)
    assert seen["alerts"] == TaskStatus.IN_PROGRESS
    assert seen["staff"] == TaskStatus.COMPLETED


def test_a_senior_leader_has_no_private_area_row(part_a, personas):
    assert "private_records" not in statuses(part_a, personas.senior_leader)
    assert "staff" in statuses(part_a, personas.senior_leader)


def test_after_closure_the_representative_is_asked_to_review_the_alerts(part_a, personas, review):
    record_alert(part_a, personas, child_of(review))
    close(review)
    part_a.review.refresh_from_db()
    tasks = {task.key: task for task in records_tasks(part_a, personas.agency_a_rep)}
    assert tasks["alerts_review"].title == "Review your alerts"
    assert tasks["alerts_review"].url.endswith("/our-work/alerts/reviewed/")
    records_people.alerts_mark_reviewed(
        actor=personas.agency_a_rep, review_agency=part_a, reviewed_on=date(2026, 4, 3)
    )
    assert "alerts_review" not in statuses(part_a, personas.agency_a_rep)
