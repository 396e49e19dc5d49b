"""The anonymisation check: every name, other name, address and date of birth of everyone on the
review, and the names of the people who worked on it, are found wherever they are typed, and the
refusal names the field and the person by pseudonym or role, never the name itself."""

from datetime import date

import pytest

from rapidreview.decisions.anonymise import leaks, leaks_in_rendered
from rapidreview.decisions.report_content import build_report
from rapidreview.meetings.models import Challenge, LearningPoint
from rapidreview.reviews.models import Child, Incident

from .report_data import FORBIDDEN, report_review, write

pytestmark = pytest.mark.django_db


def _found(review) -> list[str]:
    return [str(leak) for leak in leaks(build_report(review), review)]


@pytest.fixture
def data(personas):
    return report_review(personas)


def test_a_report_in_pseudonyms_and_roles_passes(data):
    assert _found(data.review) == []


def test_a_childs_first_name_in_the_case_summary_is_refused_naming_the_field(data):
    write(data.review, case_summary="Fennimore was seen by the school nurse.")
    found = leaks(build_report(data.review), data.review)
    assert [(leak.field, leak.what, leak.area) for leak in found] == [
        ("Case summary", "first name of Child A", "report_text:case_summary")
    ]
    assert "Fennimore" not in str(found[0])


@pytest.mark.parametrize(
    ("typed", "what"),
    [
        ("FENNIMORE said he was hungry.", "first name of Child A"),
        ("fennimore's brother", "first name of Child A"),
        ("Fennimore Quillbrook was seen.", "full name of Child A"),
        ("Fennimore  Quillbrook was seen.", "full name of Child A"),
        ("Known at school as Fen Ashdown.", "other name of Child A"),
        ("Ashdown was his father's name.", "other name of Child A"),
        ("Born on 9 May 2017.", "date of birth of Child A"),
        ("Born 09/05/2017.", "date of birth of Child A"),
        ("DOB 2017-05-09", "date of birth of Child A"),
        ("Mother was known as Pea Smithwick.", "other name of Mother"),
        ("Visited at NM14QT.", "postcode of Mother"),
        ("Visited at 7 Weatherall Court.", "address of Mother"),
        ("Neighbours in Weatherall Court called.", "address of Mother"),
        ("Mudgewick was arrested.", "surname of Mother's partner"),
        (
            "The Invented Senior Leader agreed.",
            "name of a member of staff who worked on the review",
        ),
        ("Pia Partner agreed.", "name of the signatory for the local authority"),
        ("Alex Arep attended.", "name of an attendee at the meeting"),
        ("Larkspur Primary School noticed.", "name of the education setting of Child A"),
        ("Invented Primary School noticed.", "name of an agency shown as Primary school"),
    ],
)
def test_each_kind_of_leak_is_found(data, typed, what):
    write(data.review, must_improve=typed)
    assert _found(data.review) == [f"What must improve holds the {what}"]


def test_a_shared_surname_is_named_for_each_person_who_has_it(data):
    write(data.review, went_well="The Quillbrook family moved.")
    assert _found(data.review) == [
        "What went well holds the surname of Child A",
        "What went well holds the surname of Child B",
        "What went well holds the surname of Mother",
    ]


def test_words_that_only_contain_a_name_are_not_leaks(data):
    write(data.review, went_well="The Fennimores and Fenway Park; a foxglove lanesman.")
    assert _found(data.review) == []


def test_a_family_members_address_line_in_a_challenge_question_is_caught(data):
    Challenge.objects.filter(pk=data.first_challenge.pk).update(
        question="Why did no one visit 22 Foxglove Lane?"
    )
    found = leaks(build_report(data.review), data.review)
    assert [str(leak) for leak in found] == [
        "Challenge 1: question holds the address of Mother's partner"
    ]
    assert found[0].area == f"challenge:{data.first_challenge.public_id}"


def test_a_learning_point_naming_a_child_is_caught(data):
    LearningPoint.objects.filter(review=data.review).update(text="Sorrelby's voice was not heard.")
    assert _found(data.review) == ["Learning point 1 holds the first name of Child B"]


def test_a_place_the_report_names_anyway_is_not_an_address(data):
    """The town is a line of the mother's address and part of the council's name."""
    write(data.review, context_equality_identity="The family lived in Northmoor for a year.")
    assert _found(data.review) == []


def test_an_agency_sharing_a_word_with_a_name_is_not_a_leak_but_the_name_elsewhere_is(data):
    Child.objects.filter(pk=data.child_a.pk).update(full_name="Invented Force")
    write(data.review, went_well="Invented Police Force acted quickly.")
    assert _found(data.review) == []
    write(data.review, went_well="Police Force staff said Force was at home.")
    assert _found(data.review) == ["What went well holds the surname of Child A"]


def test_a_pseudonym_that_repeats_the_name_is_refused_without_repeating_it(data):
    Child.objects.filter(pk=data.child_a.pk).update(pseudonym="Fennimore")
    assert _found(data.review) == [
        "Child 1: pseudonym holds the first name of child 1",
        "Immediate safeguarding action 1: for whom holds the first name of child 1",
    ]


def test_a_name_that_is_also_a_word_of_the_report_is_searched_only_in_typed_text(data):
    """A child called May, an incident in May: the report's own "May 2026" is not a leak."""
    Child.objects.filter(pk=data.child_b.pk).update(full_name="May Quillbrook")
    Incident.objects.filter(pk=data.review.incident_id).update(incident_date=date(2025, 5, 2))
    assert _found(data.review) == []
    write(data.review, lived_experience="May said she was scared.")
    assert _found(data.review) == [
        "The child's lived experience and voice holds the first name of Child B"
    ]


def test_the_rendered_text_is_checked_too(data):
    report = build_report(data.review)
    rendered = "Rapid review\nA renderer added Peonia Quillbrook, 7 Weatherall Court"
    found = leaks_in_rendered(rendered, report, data.review, field="The Word file")
    assert [str(leak) for leak in found] == [
        "The Word file holds the full name of Mother",
        "The Word file holds the address of Mother",
    ]


def test_no_refusal_repeats_anything_it_found(data):
    write(data.review, case_summary=" ".join(FORBIDDEN))
    found = _found(data.review)
    assert len(found) > 10
    for forbidden in FORBIDDEN:
        assert forbidden.lower() not in " ".join(found).lower()
