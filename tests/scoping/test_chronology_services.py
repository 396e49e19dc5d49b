"""Chronology rows: added, changed and removed safely, audited, and refused when they break the
rules, when the return cannot be edited, or when the row was changed by someone else."""

from datetime import date, timedelta

import pytest

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.core import calendar
from rapidreview.scoping import chronology
from rapidreview.scoping.models import ChronologyEntry, ReturnState, VersionKind
from rapidreview.scoping.services import ReturnError, StaleVersion

from .chronology_support import chronology_review, police_return, values


@pytest.fixture
def review(personas):
    return chronology_review(personas)


@pytest.fixture
def scoping_return(personas, review):
    return police_return(personas, review)


def add(personas, scoping_return, review, **changes):
    return chronology.row_add(
        actor=personas.agency_a_rep, scoping_return=scoping_return, values=values(review, **changes)
    )


def test_rows_are_kept_in_date_order_and_each_change_is_a_version(personas, scoping_return, review):
    add(personas, scoping_return, review, occurred_on=date(2025, 9, 1), what_happened="Later")
    add(personas, scoping_return, review, occurred_on=date(2025, 4, 1), what_happened="Earlier")
    assert [row.what_happened for row in chronology.rows_of(scoping_return)] == ["Earlier", "Later"]
    scoping_return.refresh_from_db()
    assert scoping_return.version == 3
    assert scoping_return.versions.last().snapshot["chronology"][0]["people"] == ["Child A"]
    event = AuditEvent.objects.filter(verb=Verb.CHRONOLOGY_ROW_ADDED).last()
    assert event.payload["values"]["people"] == ["Child A"]
    assert "Invented" not in str(event.payload)  # pseudonyms in the trail, never names


def test_a_change_records_old_and_new_values_and_bumps_the_revision(
    personas, scoping_return, review
):
    row = add(personas, scoping_return, review)
    mother = review.incident.family.get()
    changed = chronology.row_change(
        actor=personas.agency_a_rep,
        row=row,
        values=values(review, people=[review.incident.children.get(), mother], source_reference=""),
        base_revision=1,
    )
    assert changed.revision == 2
    assert set(chronology.people_of(changed)) == {review.incident.children.get(), mother}
    changes = AuditEvent.objects.get(verb=Verb.CHRONOLOGY_ROW_CHANGED).payload["changes"]
    assert changes == {
        "people": {"old": ["Child A"], "new": ["Child A", "Mother"]},
        "source_reference": {"old": "HV-1", "new": ""},
    }


def test_a_change_from_an_older_revision_is_refused_and_kept(personas, scoping_return, review):
    row = add(personas, scoping_return, review)
    chronology.row_change(
        actor=personas.agency_a_rep, row=row, values=values(review, what_happened="First"),
        base_revision=1,
    )  # fmt: skip
    with pytest.raises(StaleVersion) as refused:
        chronology.row_change(
            actor=personas.nominee, row=row, values=values(review, what_happened="Second"),
            base_revision=1,
        )  # fmt: skip
    row.refresh_from_db()
    assert row.what_happened == "First"
    kept = refused.value.kept
    assert kept.kind == VersionKind.CONFLICT
    assert kept.snapshot["chronology"][0]["what_happened"] == "Second"
    assert AuditEvent.objects.filter(verb=Verb.RETURN_SAVE_REFUSED).count() == 1


def test_remove_is_audited_with_the_values(personas, scoping_return, review):
    row = add(personas, scoping_return, review)
    chronology.row_remove(actor=personas.agency_a_rep, row=row)
    assert not ChronologyEntry.objects.exists()
    event = AuditEvent.objects.get(verb=Verb.CHRONOLOGY_ROW_REMOVED)
    assert event.payload["values"]["what_happened"] == "Planned visit. The child was seen."


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"occurred_on": None}, "occurred_on", "Enter the date"),
        ({"occurred_on": date(2024, 1, 1)}, "occurred_on", "within the scoping period"),
        ({"people": []}, "people", "at least one named individual"),
        ({"practitioner_role": "Dr Patel"}, "practitioner_role", "role, not their name"),
        ({"practitioner_role": "Mrs. jones"}, "practitioner_role", "role, not their name"),
        ({"contact_type": "chat"}, "contact_type", "Select the type of contact"),
        ({"what_happened": "  "}, "what_happened", "Enter what happened"),
    ],
)
def test_rows_breaking_the_rules_are_refused(
    personas, scoping_return, review, changes, field, message
):
    with pytest.raises(chronology.RowInvalid) as invalid:
        add(personas, scoping_return, review, **changes)
    assert [(p.field, message in p.message) for p in invalid.value.problems] == [(field, True)]
    assert not ChronologyEntry.objects.exists()
    scoping_return.refresh_from_db()
    assert scoping_return.version == 1


def test_a_date_in_the_future_is_refused(personas, scoping_return, review):
    incident = review.incident
    incident.scoping_end = calendar.today() + timedelta(days=30)
    incident.save()
    with pytest.raises(chronology.RowInvalid, match="today or in the past"):
        add(personas, scoping_return, review, occurred_on=calendar.today() + timedelta(days=1))


def test_people_from_another_notification_are_refused(personas, scoping_return, review):
    other = chronology_review(personas).incident.children.get()
    with pytest.raises(chronology.RowInvalid, match="named on the notification"):
        add(personas, scoping_return, review, people=[other])


def test_a_return_awaiting_sign_off_cannot_be_changed(personas, scoping_return, review):
    row = add(personas, scoping_return, review)
    scoping_return.state = ReturnState.SUBMITTED
    scoping_return.save()
    with pytest.raises(ReturnError, match="submitted for sign-off"):
        add(personas, scoping_return, review)
    with pytest.raises(ReturnError, match="submitted for sign-off"):
        chronology.row_remove(actor=personas.agency_a_rep, row=row)
    assert ChronologyEntry.objects.count() == 1
