"""Reading a return's history: which draft is offered back, the list of versions, and a readable
comparison of two versions."""

import pytest

from rapidreview.scoping import versions
from rapidreview.scoping.models import SectionDraft
from rapidreview.scoping.services import StaleVersion, draft_autosave, section_save

from ..reviews.factories import make_incident, make_review
from .factories import make_return


@pytest.fixture
def scoping_return(personas):
    team = personas.partnership_team
    review = make_review(make_incident(team), convened_by=team, agencies=(personas.agency_a,))
    return make_return(review, personas.agency_a, by=personas.agency_a_rep)


def save(scoping_return, who, section, answers, base):
    saved = section_save(
        actor=who,
        scoping_return=scoping_return,
        section=section,
        answers=answers,
        base_version=base,
        completed=False,
    )
    scoping_return.refresh_from_db()
    return saved


def keep_draft(scoping_return, who, section, data, base):
    return draft_autosave(
        actor=who, scoping_return=scoping_return, section=section, data=data, base_version=base
    )


# --- draft_for ------------------------------------------------------------------------------------


def test_the_editors_own_draft_is_offered_back_and_no_one_elses(personas, scoping_return):
    keep_draft(scoping_return, personas.agency_a_rep, "G", {"key_information": "Typed"}, 1)
    draft = versions.draft_for(scoping_return, personas.agency_a_rep, "G")
    assert draft.data == {"key_information": "Typed"}
    assert draft.form_base_version == 1
    assert draft.saved_time  # "10:42am"
    assert versions.draft_for(scoping_return, personas.nominee, "G") is None
    assert versions.draft_for(scoping_return, personas.agency_a_rep, "D") is None


def test_saving_the_section_means_there_is_no_draft_to_offer(personas, scoping_return):
    keep_draft(scoping_return, personas.agency_a_rep, "G", {"key_information": "Typed"}, 1)
    save(scoping_return, personas.agency_a_rep, "G", {"key_information": "Typed"}, 1)
    assert versions.draft_for(scoping_return, personas.agency_a_rep, "G") is None


def test_a_draft_survives_a_colleague_saving_another_section(personas, scoping_return):
    """Restored on the current version: saving it cannot overwrite anything of the colleague's."""
    keep_draft(scoping_return, personas.agency_a_rep, "G", {"key_information": "Typed"}, 1)
    save(scoping_return, personas.nominee, "D", {"summary": "Nia's"}, 1)
    draft = versions.draft_for(scoping_return, personas.agency_a_rep, "G")
    assert draft.data == {"key_information": "Typed"}
    assert draft.form_base_version == 2
    save(scoping_return, personas.agency_a_rep, "G", draft.data, draft.form_base_version)
    assert scoping_return.answers == {"D": {"summary": "Nia's"}, "G": {"key_information": "Typed"}}


def test_a_draft_of_a_section_a_colleague_saved_since_is_offered_but_cannot_overwrite(
    personas, scoping_return
):
    keep_draft(scoping_return, personas.agency_a_rep, "G", {"key_information": "Alex's"}, 1)
    save(scoping_return, personas.nominee, "G", {"key_information": "Nia's"}, 1)
    draft = versions.draft_for(scoping_return, personas.agency_a_rep, "G")
    assert draft.data == {"key_information": "Alex's"}
    assert draft.form_base_version == 1
    with pytest.raises(StaleVersion) as refused:
        save(scoping_return, personas.agency_a_rep, "G", draft.data, draft.form_base_version)
    assert scoping_return.answers["G"] == {"key_information": "Nia's"}
    assert refused.value.kept.snapshot["answers"]["G"] == {"key_information": "Alex's"}


def test_chronology_row_drafts_are_offered_by_their_key(personas, scoping_return):
    keep_draft(scoping_return, personas.agency_a_rep, "C:new", {"what_happened": "A visit"}, 1)
    assert versions.draft_for(scoping_return, personas.agency_a_rep, "C:new").data == {
        "what_happened": "A visit"
    }
    assert SectionDraft.objects.count() == 1


# --- versions and comparison ----------------------------------------------------------------------


def test_versions_newest_first_each_compared_with_the_one_it_followed(personas, scoping_return):
    save(scoping_return, personas.agency_a_rep, "G", {"key_information": "One"}, 1)
    save(scoping_return, personas.agency_a_rep, "G", {"key_information": "Two"}, 2)
    with pytest.raises(StaleVersion):
        save(scoping_return, personas.nominee, "G", {"key_information": "Nia's"}, 2)
    with pytest.raises(StaleVersion):
        save(scoping_return, personas.nominee, "G", {"key_information": "Nia's again"}, 2)
    listed = versions.versions_of(scoping_return)
    assert [(v.number, v.kind, v.kept_index, v.previous_number) for v in listed] == [
        (3, "conflict", 2, 3),
        (3, "conflict", 1, 3),
        (3, "saved", None, 2),
        (2, "saved", None, None),
    ]
    assert versions.kept_version(scoping_return, 3, 1).snapshot["answers"]["G"] == {
        "key_information": "Nia's"
    }
    assert versions.latest_kept_index(scoping_return, 3, personas.nominee) == 2
    assert versions.latest_kept_index(scoping_return, 2, personas.nominee) is None


def test_compare_names_each_changed_question_with_both_answers_in_words():
    before = {"answers": {"G": {"key_information": "Old words", "meeting_date": "2027-01-13"}}}
    after = {
        "answers": {
            "G": {"key_information": "New words", "meeting_date": "2027-01-13"},
            "D": {"seen_before": True},
        }
    }
    comparison = versions.compare(before, after)
    assert [(s.letter, s.title) for s in comparison.sections] == [
        ("D", "Summary and analysis"),
        ("G", "Key information for the meeting"),
    ]
    d, g = comparison.sections
    assert [(f.before, f.after) for f in d.fields] == [("Not answered", "Yes")]
    assert [(f.label, f.before, f.after) for f in g.fields] == [
        ("Key information for the meeting", "Old words", "New words")
    ]
    assert not comparison.is_empty
    assert versions.compare(after, after).is_empty


def test_compare_uses_the_words_of_a_choice_and_long_dates():
    assert versions.readable("2027-01-13") == "13 January 2027"
    assert versions.readable(["one", "two"]) == "one\ntwo"
    assert versions.readable(None) == "Not answered"
    assert versions.readable({"action": "Refer", "owner": "Sam"}) == "Action: Refer; Owner: Sam"


def row(row_id, **fields):
    return {"id": row_id, "date": "2026-03-02", "contact_type": "home_visit", **fields}


def test_compare_names_chronology_rows_added_removed_and_changed():
    before = {"chronology": [row("a", what_happened="Seen"), row("b", what_happened="Gone")]}
    after = {"chronology": [row("a", what_happened="Seen at home"), row("c", time="10:30")]}
    rows = versions.compare(before, after).rows
    assert [(r.label, r.status) for r in rows] == [
        ("2 March 2026, Home visit", "Changed"),
        ("2 March 2026, Home visit", "Added"),
        ("2 March 2026, Home visit", "Removed"),
    ]
    assert [(f.label, f.before, f.after) for f in rows[0].fields] == [
        ("What happened", "Seen", "Seen at home")
    ]


def test_compare_says_when_the_state_and_completed_sections_changed():
    other = versions.compare(
        {"state": "draft", "completed_sections": []},
        {"state": "submitted", "completed_sections": ["A", "G"]},
    ).other
    assert [(f.label, f.before, f.after) for f in other] == [
        ("State", "Draft", "Submitted for sign-off"),
        ("Sections marked as completed", "None", "A, G"),
    ]
