"""Logging a notification, convening its review and numbering it, and changing its dates."""

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.reviews import services
from rapidreview.reviews.models import (
    Child,
    ClockAnchor,
    FamilyMember,
    Incident,
    RapidReview,
    ReferenceCounter,
    State,
)

from .factories import make_incident, make_review
from .notifications import a_notification

pytestmark = pytest.mark.django_db

CONVENORS = 4
EACH = 5
CONVENOR = Path(__file__).with_name("convene_reviews.py")
REPO = Path(__file__).resolve().parents[2]
RAPIDREVIEW = Path(sys.executable).with_name("rapidreview")


def postgres_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def run(args: list[str], database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=240, cwd=REPO)


def nothing_saved() -> bool:
    return not (
        Incident.objects.exists() or Child.objects.exists() or FamilyMember.objects.exists()
    )


def test_logging_a_notification_saves_everything_together_and_audits_it(personas, today):
    incident = services.incident_log(actor=personas.partnership_team, notification=a_notification())

    assert incident.sin_reference == "SIN-2026-0042"
    assert [child.pseudonym for child in incident.children.all()] == ["Baby A", "Child B"]
    assert [person.pseudonym for person in incident.family.all()] == [
        "Adult 1",
        "Adult 2",
        "Adult 3",
        "Adult 4",
    ]
    event = AuditEvent.objects.get(verb=Verb.INCIDENT_LOGGED)
    assert event.actor == personas.partnership_team
    assert event.payload == {"sin_reference": "SIN-2026-0042", "children": 2, "family_members": 4}


def test_a_notification_with_a_problem_saves_nothing(personas, today):
    broken = a_notification()
    broken.children[1]["date_of_birth"] = date(2026, 3, 5)  # after the incident
    with pytest.raises(services.NotificationInvalid) as refused:
        services.incident_log(actor=personas.partnership_team, notification=broken)
    (problem,) = refused.value.problems
    assert (problem.section, problem.item_id, problem.finding.field) == (
        "children",
        "child2",
        "date_of_birth",
    )
    assert problem.message.startswith("Child B: Date of birth must be the same as or before")
    assert nothing_saved()
    assert not AuditEvent.objects.filter(verb=Verb.INCIDENT_LOGGED).exists()


def test_a_notification_needs_a_child_and_every_section(personas, today):
    empty = a_notification(children=0, about=None, scoping=None)
    with pytest.raises(services.NotificationInvalid) as refused:
        services.incident_log(actor=personas.partnership_team, notification=empty)
    assert {problem.section for problem in refused.value.problems} == {
        "about",
        "children",
        "scoping",
    }
    assert nothing_saved()


def test_a_pseudonym_used_by_a_child_cannot_be_given_to_a_family_member(personas, today):
    clash = a_notification()
    clash.family[0]["pseudonym"] = "child b"
    with pytest.raises(services.NotificationInvalid) as refused:
        services.incident_log(actor=personas.partnership_team, notification=clash)
    (problem,) = refused.value.problems
    assert problem.message == "child b: child b is already the pseudonym of a child: choose another"
    assert nothing_saved()


def test_answers_the_models_refuse_are_problems_too_and_save_nothing(personas, today):
    odd = a_notification()
    odd.about = odd.about | {"sin_reference": "S" * 80, "looked_after": "sometimes"}
    odd.family[0]["relationship"] = "neighbour"
    with pytest.raises(services.NotificationInvalid) as refused:
        services.incident_log(actor=personas.partnership_team, notification=odd)
    assert {(p.section, p.finding.field) for p in refused.value.problems} == {
        ("about", "sin_reference"),
        ("about", "looked_after"),
        ("family", "relationship"),
    }
    assert nothing_saved()


def test_the_same_sin_reference_cannot_be_logged_twice(personas, today):
    services.incident_log(actor=personas.partnership_team, notification=a_notification())
    again = a_notification()
    again.about = again.about | {"sin_reference": " sin-2026-0042 "}
    with pytest.raises(services.NotificationInvalid, match="already been logged"):
        services.incident_log(actor=personas.partnership_team, notification=again)
    assert Incident.objects.count() == 1


def test_the_database_refuses_impossible_dates_even_without_the_service(personas):
    incident = make_incident(personas.partnership_team)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(sin_submitted_date=date(2026, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(scoping_end=date(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        incident.children.update(date_of_death=date(2019, 1, 1))


# --- convening and the reference ----------------------------------------------------------------


def test_convening_numbers_reviews_per_year_and_audits_it(personas, today, settings):
    first = services.review_convene(
        actor=personas.partnership_team, incident=make_incident(personas.partnership_team)
    )
    second = services.review_convene(
        actor=personas.partnership_team, incident=make_incident(personas.partnership_team)
    )
    assert (first.reference, second.reference) == ("RR-2026-001", "RR-2026-002")
    assert first.state == State.CONVENED
    assert first.convened_on == today
    assert first.clock_anchor == ClockAnchor.SIN_SUBMITTED
    event = AuditEvent.objects.filter(verb=Verb.REVIEW_CONVENED).order_by("sequence").first()
    assert (event.review_reference, event.target_id) == ("RR-2026-001", "RR-2026-001")


def test_the_numbering_starts_again_each_year(personas, time_machine):
    from .factories import at

    time_machine.move_to(at(date(2026, 12, 31)), tick=False)
    services.review_convene(
        actor=personas.partnership_team, incident=make_incident(personas.partnership_team)
    )
    time_machine.move_to(at(date(2027, 1, 4)), tick=False)
    review = services.review_convene(
        actor=personas.partnership_team, incident=make_incident(personas.partnership_team)
    )
    assert review.reference == "RR-2027-001"
    assert ReferenceCounter.objects.get(year=2026).last_number == 1


def test_the_anchor_setting_is_kept_by_the_review_when_convened(personas, today, settings):
    settings.CLOCK_ANCHOR = "partners_aware"
    review = services.review_convene(
        actor=personas.partnership_team, incident=make_incident(personas.partnership_team)
    )
    settings.CLOCK_ANCHOR = "sin_submitted"
    review.refresh_from_db()
    assert review.clock_anchor == ClockAnchor.PARTNERS_AWARE


def test_an_incident_has_one_review(personas, today):
    incident = make_incident(personas.partnership_team)
    review = services.review_convene(actor=personas.partnership_team, incident=incident)
    with pytest.raises(services.ServiceError, match=f"already been convened.*{review.reference}"):
        services.review_convene(actor=personas.partnership_team, incident=incident)
    assert RapidReview.objects.count() == 1


def test_people_convening_at_the_same_moment_get_different_numbers(transactional_db, tmp_path):
    """Separate processes, as several web workers would be. On PostgreSQL they share the test
    database; on SQLite (whose in-memory test database processes cannot share) a migrated file."""
    if connection.vendor == "postgresql":
        database_url = postgres_url()
    else:
        database_url = f"sqlite:///{tmp_path / 'convening.sqlite3'}"
        migrated = run([str(RAPIDREVIEW), "migrate", "--noinput"], database_url)
        assert migrated.returncode == 0, migrated.stderr

    start_at = time.time() + 3  # time for every process to start Django first
    convenors = [
        subprocess.Popen(
            [sys.executable, str(CONVENOR), f"c{number}", str(EACH), str(start_at)],
            env={**os.environ, "DATABASE_URL": database_url},
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(CONVENORS)
    ]
    references = []
    for convenor in convenors:
        printed, errors = convenor.communicate(timeout=240)
        assert convenor.returncode == 0, errors
        references += printed.split()

    year = int(references[0].split("-")[1])
    assert sorted(references) == [f"RR-{year}-{n:03d}" for n in range(1, CONVENORS * EACH + 1)]


# --- changing dates -----------------------------------------------------------------------------


def test_changing_the_notification_dates_is_checked_and_audited(personas, today):
    incident = make_incident(personas.partnership_team)
    review = make_review(incident, convened_by=personas.partnership_team)
    dates = {
        "incident_date": date(2026, 3, 2),
        "la_aware_date": date(2026, 3, 2),
        "partners_aware_date": date(2026, 3, 3),
        "sin_submitted_date": date(2026, 3, 9),
    }
    services.incident_change_dates(actor=personas.partnership_team, review=review, **dates)
    event = AuditEvent.objects.get(verb=Verb.INCIDENT_CHANGED)
    assert event.payload == {"sin_submitted_date": {"old": "2026-03-06", "new": "2026-03-09"}}
    assert event.review_reference == review.reference

    with pytest.raises(services.Invalid) as refused:
        services.incident_change_dates(
            actor=personas.partnership_team,
            review=review,
            **dates | {"incident_date": date(2019, 6, 13)},  # before Child A was born
        )
    assert "Child A's date of birth (14 June 2019)" in refused.value.findings[0].message
    incident.refresh_from_db()
    assert incident.incident_date == date(2026, 3, 2)


def test_the_authority_cannot_become_aware_after_the_review_recorded_things(personas, today):
    incident = make_incident(personas.partnership_team)
    review = make_review(
        incident,
        convened_by=personas.partnership_team,
        state=State.GATHERING_INFORMATION,
        agencies_asked_on=date(2026, 3, 4),
    )
    with pytest.raises(services.Invalid, match=r"before the date agencies were asked \(4 March"):
        services.incident_change_dates(
            actor=personas.partnership_team,
            review=review,
            incident_date=date(2026, 3, 5),
            la_aware_date=date(2026, 3, 5),
            partners_aware_date=date(2026, 3, 5),
            sin_submitted_date=date(2026, 3, 6),
        )


def test_a_held_meeting_cannot_be_moved_and_a_closed_review_not_changed(personas, today):
    incident = make_incident(personas.partnership_team)
    review = make_review(
        incident,
        convened_by=personas.partnership_team,
        state=State.MEETING_HELD,
        meeting_date=date(2026, 3, 10),
    )
    with pytest.raises(services.ServiceError, match="meeting has been held"):
        services.review_set_meeting(
            actor=personas.partnership_team, review=review, meeting_date=date(2026, 3, 12)
        )
    RapidReview.objects.filter(pk=review.pk).update(
        state=State.STOPPED, stopped_on=today, stopped_reason="Invented"
    )
    with pytest.raises(services.ServiceError, match="stopped: not a serious incident"):
        services.review_set_meeting(
            actor=personas.partnership_team, review=review, meeting_date=date(2026, 3, 12)
        )


def test_setting_the_meeting_date_is_audited_with_old_and_new(personas, today):
    review = make_review(
        make_incident(personas.partnership_team), convened_by=personas.partnership_team
    )
    services.review_set_meeting(
        actor=personas.partnership_team, review=review, meeting_date=date(2026, 3, 18)
    )
    services.review_set_meeting(
        actor=personas.partnership_team, review=review, meeting_date=date(2026, 3, 18)
    )
    (event,) = AuditEvent.objects.filter(verb=Verb.REVIEW_CHANGED)
    assert event.payload == {"meeting_date": {"old": None, "new": "2026-03-18"}}
