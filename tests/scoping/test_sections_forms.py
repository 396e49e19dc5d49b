"""The section forms of the scoping return: what they accept, refuse, and hand to the service."""

import json
from datetime import date

from rapidreview.scoping.sections import (
    SectionAForm,
    SectionBForm,
    SectionDForm,
    SectionEForm,
    SectionFForm,
    SectionGForm,
)


def _post(**values) -> dict:
    return {"base_version": "3", "completed": "no"} | values


def test_a_half_done_section_saves_without_the_answers_needed_to_complete_it():
    form = SectionAForm(data=_post(author_name="Invented Author"))
    assert form.is_valid(), form.errors
    assert form.answers()["author_name"] == "Invented Author"
    assert form.is_completed is False


def test_marking_section_a_completed_asks_for_what_is_missing():
    form = SectionAForm(data=_post(completed="yes", author_name="Invented Author"))
    assert not form.is_valid()
    assert form.errors["agency"] == ["Enter the agency"]
    assert form.errors["contact_email"] == ["Enter a secure contact email address"]
    assert "author_name" not in form.errors


def test_section_a_asks_who_was_consulted_when_the_safeguarding_lead_was():
    form = SectionAForm(data=_post(dsl_consulted="yes"))
    assert not form.is_valid()
    assert form.errors["dsl_name"] == ["Enter who you consulted"]


def test_section_a_refuses_a_malformed_email_address():
    form = SectionAForm(data=_post(contact_email="not an address"))
    assert not form.is_valid()
    assert "correct format" in form.errors["contact_email"][0]


def test_an_out_of_date_or_missing_version_is_named_in_the_error_summary():
    form = SectionGForm(data={"completed": "no", "base_version": "junk"})
    assert not form.is_valid()
    assert "out of date" in form.non_field_errors()[0]


def test_completed_must_be_answered():
    form = SectionDForm(data={"base_version": "1"})
    assert not form.is_valid()
    assert form.errors["completed"] == ["Select whether you have completed this section"]


def test_section_b_asks_about_each_other_agency_and_keeps_its_name():
    agencies = [("11111111-1111-1111-1111-111111111111", "Invented School")]
    form = SectionBForm(
        data=_post(**{"still_involved_11111111-1111-1111-1111-111111111111": "not_known"}),
        agencies=agencies,
    )
    assert form.is_valid(), form.errors
    assert form.answers() == {
        "still_involved": [
            {
                "agency": "11111111-1111-1111-1111-111111111111",
                "name": "Invented School",
                "answer": "not_known",
            }
        ]
    }
    assert SectionBForm.initial_from(form.answers()) == {
        "still_involved_11111111-1111-1111-1111-111111111111": "not_known"
    }


def test_section_e_keeps_filled_action_rows_with_iso_dates_and_drops_empty_ones():
    form = SectionEForm(
        data=_post(
            concerns="None about other children",
            action_1="Invented refresher training",
            owner_1="Training lead",
            date_1_day="3",
            date_1_month="4",
            date_1_year="2026",
            status_1="in_progress",
        )
    )
    assert form.is_valid(), form.errors
    answers = form.answers()
    json.dumps(answers)  # JSON-ready
    assert answers["actions"] == [
        {
            "action": "Invented refresher training",
            "owner": "Training lead",
            "date": "2026-04-03",
            "status": "in_progress",
        }
    ]
    initial = SectionEForm.initial_from(answers)
    assert initial["action_0"] == "Invented refresher training"
    assert initial["date_0"] == date(2026, 4, 3)


def test_section_e_refuses_a_row_with_details_but_no_action():
    form = SectionEForm(data=_post(owner_0="Training lead"))
    assert not form.is_valid()
    assert form.errors["action_0"] == ["Enter action 1, or clear its other answers"]


def test_section_e_refuses_an_impossible_action_date():
    form = SectionEForm(
        data=_post(action_0="Invented", date_0_day="31", date_0_month="2", date_0_year="2026")
    )
    assert not form.is_valid()
    assert form.errors["date_0"] == ["Date of action 1 must be a real date"]


def test_section_e_shows_at_least_three_rows_and_at_most_twenty():
    assert SectionEForm(rows=1).rows == 3
    assert SectionEForm(rows=500).rows == 20


def test_section_f_asks_for_details_of_an_other_process():
    form = SectionFForm(data=_post(parallel_processes=["coroner", "other"]))
    assert not form.is_valid()
    assert form.errors["parallel_detail"] == ["Say what the other process is"]
    form = SectionFForm(data=_post(parallel_processes=["coroner", "lado"]))
    assert form.is_valid(), form.errors
    assert form.answers()["parallel_processes"] == ["coroner", "lado"]


def test_section_f_refuses_a_process_not_on_the_list():
    form = SectionFForm(data=_post(parallel_processes=["invented"]))
    assert not form.is_valid()


def test_summary_rows_word_the_answers():
    rows = SectionFForm().summary_rows({"parallel_processes": ["coroner"], "parallel_detail": ""})
    assert [(r.label, r.value) for r in rows] == [
        (
            "Which parallel processes does your agency know of?",
            "Coroner's inquest or investigation",
        ),
        ("Details of the parallel processes", "Not answered"),
    ]
