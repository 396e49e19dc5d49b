"""The GOV.UK date input: parsing, error messages and markup."""

from datetime import date

import pytest
from django import forms
from django.template.loader import render_to_string

from rapidreview.core.forms import GovukDateField


class DateForm(forms.Form):
    when = GovukDateField(label="Date of birth", help_text="For example, 27 3 2007")


def submit(day="", month="", year=""):
    form = DateForm({"when_day": day, "when_month": month, "when_year": year})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("27", "3", "2007", date(2007, 3, 27)),
        (" 01 ", "03", " 2007", date(2007, 3, 1)),
        ("27", "Mar", "2007", date(2007, 3, 27)),
        ("27", "march", "2007", date(2007, 3, 27)),
        ("29", "2", "2024", date(2024, 2, 29)),
    ],
)
def test_a_real_date_is_read_from_the_three_boxes(day, month, year, expected):
    assert submit(day, month, year).cleaned_data["when"] == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date of birth"),
        ("27", "", "2007", "Date of birth must include a month"),
        ("", "", "2007", "Date of birth must include a day and month"),
        ("27", "3", "", "Date of birth must include a year"),
        ("", "3", "", "Date of birth must include a day and year"),
        ("30", "2", "2007", "Date of birth must be a real date"),
        ("29", "2", "2023", "Date of birth must be a real date"),
        ("27", "13", "2007", "Date of birth must be a real date"),
        ("27", "Ma", "2007", "Date of birth must be a real date"),
        ("x", "3", "2007", "Date of birth must be a real date"),
        ("27", "3", "07", "Year must include 4 numbers"),
    ],
)
def test_each_problem_gets_the_design_system_message(day, month, year, message):
    assert submit(day, month, year).errors["when"] == [message]


def test_messages_can_be_worded_for_the_question():
    class ClosureForm(forms.Form):
        when = GovukDateField(label="Date", error_messages={"required": "Enter the closure date"})

    form = ClosureForm({})
    assert not form.is_valid()
    assert form.errors["when"] == ["Enter the closure date"]


def test_an_optional_date_may_be_left_blank():
    class OptionalForm(forms.Form):
        when = GovukDateField(label="Date of death", required=False)

    form = OptionalForm({"when_day": "", "when_month": "", "when_year": ""})
    assert form.is_valid()
    assert form.cleaned_data["when"] is None


def test_it_renders_as_a_gov_uk_date_input_in_a_fieldset():
    html = str(DateForm()["when"].as_field_group())
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_when-hint">' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of birth' in html
    assert '<div class="govuk-date-input" id="id_when">' in html
    for index, (part, width) in enumerate((("day", 2), ("month", 2), ("year", 4))):
        assert f'<label class="govuk-label govuk-date-input__label" for="id_when_{index}">' in html
        assert f'name="when_{part}"' in html
        assert f'class="govuk-input govuk-date-input__input govuk-input--width-{width}"' in html
    assert 'inputmode="numeric"' in html


def test_after_an_error_the_answers_stay_and_only_the_missing_box_is_marked():
    html = str(submit("27", "", "2007")["when"].as_field_group())
    assert "govuk-form-group--error" in html
    assert 'aria-describedby="id_when-hint id_when-error"' in html
    assert (
        '<p id="id_when-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Date of birth must include a month</p>'
    ) in html
    assert 'name="when_day" value="27"' in html
    assert 'name="when_year" value="2007"' in html
    assert html.count("govuk-input--error") == 1
    assert html.count('aria-invalid="true"') == 1
    assert (
        'class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error"'
        in (html.split('name="when_month"')[1].split(">")[0])
    )


def test_a_date_that_is_not_real_marks_all_three_boxes():
    html = str(submit("31", "2", "2027")["when"].as_field_group())
    assert html.count("govuk-input--error") == 3
    assert html.count('aria-invalid="true"') == 3


def test_the_error_summary_links_to_the_day_box():
    html = render_to_string("govuk/error_summary.html", {"form": submit("27", "", "2007")})
    assert '<a href="#id_when_0">Date of birth must include a month</a>' in html


def test_an_initial_date_fills_the_boxes():
    html = str(DateForm(initial={"when": date(2026, 12, 24)})["when"].as_field_group())
    assert 'name="when_day" value="24"' in html
    assert 'name="when_month" value="12"' in html
    assert 'name="when_year" value="2026"' in html
