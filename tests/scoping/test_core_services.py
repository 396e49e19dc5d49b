"""Saving a section: versions kept, and a save from an out-of-date page refused without losing
either person's answers."""

import pytest

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.scoping.models import ReturnState, SectionDraft, VersionKind
from rapidreview.scoping.services import ReturnError, StaleVersion, draft_autosave, section_save

from ..reviews.factories import make_incident, make_review
from .factories import make_return


@pytest.fixture
def scoping_return(personas):
    team = personas.partnership_team
    review = make_review(make_incident(team), convened_by=team, agencies=(personas.agency_a,))
    return make_return(review, personas.agency_a, by=personas.agency_a_rep)


def save(scoping_return, who, answers, base):
    return section_save(
        actor=who,
        scoping_return=scoping_return,
        section="G",
        answers=answers,
        base_version=base,
        completed=True,
    )


def test_a_save_bumps_the_version_and_keeps_a_snapshot(personas, scoping_return):
    saved = save(scoping_return, personas.agency_a_rep, {"key_information": "First"}, 1)
    assert saved.version == 2
    assert saved.answers == {"G": {"key_information": "First"}}
    assert saved.completed_sections == ["G"]
    version = saved.versions.get()
    assert (version.number, version.kind) == (2, VersionKind.SAVED)
    assert version.snapshot["answers"]["G"] == {"key_information": "First"}
    event = AuditEvent.objects.get(verb=Verb.RETURN_SECTION_SAVED)
    assert event.payload["changes"] == {"key_information": {"old": None, "new": "First"}}


def test_a_save_from_an_old_version_is_refused_and_both_answers_are_kept(personas, scoping_return):
    save(scoping_return, personas.agency_a_rep, {"key_information": "Alex's"}, 1)
    with pytest.raises(StaleVersion) as refused:
        save(scoping_return, personas.nominee, {"key_information": "Nia's"}, 1)
    scoping_return.refresh_from_db()
    assert scoping_return.answers["G"] == {"key_information": "Alex's"}
    assert scoping_return.version == 2
    kept = refused.value.kept
    assert kept.kind == VersionKind.CONFLICT
    assert kept.snapshot["answers"]["G"] == {"key_information": "Nia's"}
    assert kept.saved_by == personas.nominee
    assert AuditEvent.objects.filter(verb=Verb.RETURN_SAVE_REFUSED).count() == 1


def test_a_return_awaiting_sign_off_cannot_be_changed(personas, scoping_return):
    scoping_return.state = ReturnState.SUBMITTED
    scoping_return.save()
    with pytest.raises(ReturnError, match="submitted for sign-off"):
        save(scoping_return, personas.agency_a_rep, {"key_information": "Late"}, 1)


def test_autosave_keeps_one_draft_per_editor_and_saving_removes_it(personas, scoping_return):
    for text in ("Fir", "First"):
        draft_autosave(
            actor=personas.agency_a_rep,
            scoping_return=scoping_return,
            section="G",
            data={"key_information": text},
            base_version=1,
        )
    assert SectionDraft.objects.get().data == {"key_information": "First"}
    assert AuditEvent.objects.filter(verb=Verb.RETURN_DRAFT_AUTOSAVED).count() == 1
    save(scoping_return, personas.agency_a_rep, {"key_information": "First"}, 1)
    assert not SectionDraft.objects.exists()
