"""The report to the Panel as data: the sections of DOMAIN.md §7 in order, each person by
pseudonym or role with an age, never a name, a date of birth, an address or a school's name."""

from datetime import date

import pytest

from rapidreview.accounts.models import Agency, AgencyType
from rapidreview.decisions.models import ReportText
from rapidreview.decisions.report_content import build_report
from rapidreview.decisions.report_parts import (
    Facts,
    Table,
    age_at,
    agency_shown,
    education_status,
    setting_names,
)

from .report_data import FORBIDDEN, report_review

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Administrative details",
    "The children",
    "The incident",
    "Family and household",
    "Agency involvement",
    "Case summary and key practice episodes",
    "The child's lived experience and voice",
    "Context, equality and identity",
    "Practice analysis",
    "Immediate safeguarding actions",
    "Immediate learning and actions taken",
    "Challenges between agencies",
    "Parallel processes",
    "The decision",
    "The partners' sign-off",
    "Family involvement",
]


def _facts(section) -> dict[str, str]:
    return {
        label: value.text
        for block in section.blocks
        if isinstance(block, Facts)
        for label, value in block.rows
    }


def _section(report, heading):
    return next(section for section in report.sections if section.heading == heading)


def test_the_sections_are_those_of_the_panel_report_in_order(personas):
    report = build_report(report_review(personas).review)
    assert [section.heading for section in report.sections] == SECTIONS
    assert report.title.startswith("Rapid review: RR-2026-")
    assert report.marking == "OFFICIAL-SENSITIVE"


def test_no_name_address_school_or_date_of_birth_is_in_the_report(personas):
    report = build_report(report_review(personas).review)
    words = "\n".join(text.text for text in report.texts()) + "\n".join(report.own_words())
    for forbidden in FORBIDDEN:
        assert forbidden.lower() not in words.lower(), forbidden


def test_children_are_shown_by_pseudonym_with_their_age_and_education_as_a_status(personas):
    report = build_report(report_review(personas).review)
    blocks = _section(report, "The children").blocks
    assert [block.text.text for block in blocks[::2]] == ["Child A", "Child B"]
    child_a, child_b = ({label: value.text for label, value in b.rows} for b in blocks[1::2])
    assert child_a == {
        "Age at the incident": "8 years",
        "Sex": "Male",
        "Ethnicity": "White British",
        "Disability": "None known",
        "Legal status": "Child in need",
        "Education": "Year 3, Primary school",
    }
    assert child_b["Age at the incident"] == "5 years"
    assert child_b["Ethnicity"] == child_b["Education"] == "Not recorded"


def test_family_members_are_shown_by_role_with_their_age(personas):
    report = build_report(report_review(personas).review)
    table = next(b for b in _section(report, "Family and household").blocks if isinstance(b, Table))
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["Mother", "Mother", "31 years"],
        ["Mother's partner", "Partner of a parent", "Not known"],
    ]


def test_agency_involvement_counts_the_rows_of_released_returns_only(personas):
    report = build_report(report_review(personas).review)
    table = next(b for b in _section(report, "Agency involvement").blocks if isinstance(b, Table))
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["Invented Police Force", "Involved", "1 June 2025 to 1 February 2026", "2"],
        ["Primary school", "Not declared yet", "–", "Return not released"],
    ]


def test_administrative_details_say_what_has_not_happened_yet(personas):
    facts = _facts(build_report(report_review(personas).review).sections[0])
    assert facts["Date sent to the Panel"] == "Not sent yet"
    assert facts["Date of the rapid review meeting"] == "20 March 2026"
    assert facts["Local authority where the incident happened"] == "Northmoor Council"


def test_an_empty_narrative_section_says_it_is_not_written_yet(personas):
    data = report_review(personas)
    ReportText.objects.filter(review=data.review).update(lived_experience="", went_well="")
    report = build_report(data.review)
    voice = _section(report, "The child's lived experience and voice")
    assert voice.status == "Not written yet"
    assert voice.blocks[0].text.text == "Not written yet"
    assert _section(report, "Practice analysis").status == "Partly written"
    assert _section(report, "Context, equality and identity").status == "Written"


def test_each_piece_of_text_names_the_field_it_came_from(personas):
    report = build_report(report_review(personas).review)
    sources = {text.source for text in report.texts() if text.typed}
    assert {
        "Case summary",
        "Challenge 1: question",
        "Challenge 1: response",
        "Immediate safeguarding action 2: what must be done",
        "Immediate safeguarding action 2: for whom",
        "Learning point 1",
        "Parallel process 1: limits on disclosure",
        "Decision: rationale",
        "Family involvement: how and when",
        "Child 1: pseudonym",
        "Family member 2: pseudonym",
    } <= sources


def test_the_partners_sign_off_names_each_signatory_by_role(personas):
    report = build_report(report_review(personas).review)
    table = next(b for b in _section(report, "The partners' sign-off").blocks)
    rows = [[cell.text for cell in row] for row in table.rows]
    assert [row[0] for row in rows] == [
        "The local authority",
        "The integrated care board",
        "The police",
    ]
    assert {row[1] for row in rows} == {"Agreed"}
    assert {row[4] for row in rows} == {"Delegated safeguarding partner"}


def test_without_a_decision_the_report_says_so(personas):
    data = report_review(personas)
    data.review.decision.delete()
    report = build_report(data.review)
    assert _section(report, "The decision").status == "Not recorded yet"
    assert _section(report, "The partners' sign-off").status == "0 of 3 signed"


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2019, 6, 14), date(2026, 3, 2), "6 years"),
        (date(2023, 1, 31), date(2026, 3, 2), "3 years and 1 month"),
        (date(2025, 11, 2), date(2026, 3, 2), "4 months"),
        (date(2025, 11, 3), date(2026, 3, 2), "3 months"),
        (date(2026, 2, 20), date(2026, 3, 2), "Under 1 month"),
        (date(2025, 3, 2), date(2026, 3, 2), "1 year"),
        (None, date(2026, 3, 2), "Not known"),
    ],
)
def test_ages_are_in_years_and_months(born, on, age):
    assert age_at(born, on) == age


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Year 5, Larkfield Primary School", "Year 5, Primary school"),
        ("Northmoor Academy", "School"),
        ("Not in education", "Not in education"),
        ("Little Acorns Nursery; Reception", "Nursery, Reception"),
        ("Elective home education", "Elective home education"),
        ("Oakwood High School / Year 10", "Secondary school, Year 10"),
    ],
)
def test_education_is_a_status_never_a_setting_name(written, shown):
    assert education_status(written) == shown


def test_schools_nurseries_and_gp_practices_are_named_by_their_kind():
    def shown(name, agency_type):
        return agency_shown(Agency(name=name, agency_type=agency_type))

    assert shown("Larkfield Primary School", AgencyType.EDUCATION) == "Primary school"
    assert shown("Northmoor Academy", AgencyType.EDUCATION) == "School"
    assert shown("Little Acorns Nursery", AgencyType.CHILDCARE) == "Nursery"
    assert shown("Sunshine Kids", AgencyType.CHILDCARE) == "Childcare setting"
    assert shown("Riverside Medical Practice", AgencyType.GP) == "GP practice"
    assert shown("Northmoor Constabulary", AgencyType.POLICE) == "Northmoor Constabulary"


def test_a_setting_is_named_only_when_it_is_a_particular_one():
    assert setting_names("Year 3, Larkfield Primary School") == ["Larkfield Primary School"]
    assert setting_names("Primary school; Year 3") == []
    assert setting_names("Not in education") == []
