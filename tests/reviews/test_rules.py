"""The rules a notification must meet: impossible answers refused, unusual ones only warned of."""

from datetime import date

from rapidreview.reviews import rules

TODAY = date(2026, 3, 11)
DATES = {
    "incident_date": date(2026, 3, 2),
    "la_aware_date": date(2026, 3, 2),
    "partners_aware_date": date(2026, 3, 3),
    "sin_submitted_date": date(2026, 3, 6),
}


def fields(findings) -> dict[str, str]:
    return {finding.field: finding.message for finding in findings}


def test_sensible_dates_have_no_problems():
    assert rules.notification_date_problems(**DATES, today=TODAY) == []


def test_the_sin_cannot_be_dated_before_the_local_authority_became_aware():
    found = fields(
        rules.notification_date_problems(
            **DATES | {"sin_submitted_date": date(2026, 3, 1)}, today=TODAY
        )
    )
    assert found == {
        "sin_submitted_date": "The date the SIN was submitted must be the same as or after the "
        "date the local authority became aware"
    }


def test_nobody_can_become_aware_before_the_incident():
    found = fields(
        rules.notification_date_problems(
            **DATES | {"la_aware_date": date(2026, 3, 1), "partners_aware_date": date(2026, 2, 28)},
            today=TODAY,
        )
    )
    assert set(found) == {"la_aware_date", "partners_aware_date"}
    assert "after the date of the incident" in found["la_aware_date"]


def test_partners_aware_before_the_local_authority_is_unusual_not_impossible():
    dates = DATES | {"la_aware_date": date(2026, 3, 4), "partners_aware_date": date(2026, 3, 3)}
    assert rules.notification_date_problems(**dates, today=TODAY) == []
    (warning,) = rules.notification_date_warnings(
        la_aware_date=dates["la_aware_date"], partners_aware_date=dates["partners_aware_date"]
    )
    assert "became aware (3 March 2026) before the local authority did (4 March 2026)" in warning


def test_dates_in_the_future_are_refused_one_message_per_field():
    found = fields(
        rules.notification_date_problems(
            **DATES | {"incident_date": date(2026, 3, 12), "sin_submitted_date": date(2026, 3, 12)},
            today=TODAY,
        )
    )
    assert found["incident_date"] == "The date of the incident must be today or in the past"
    assert (
        found["sin_submitted_date"] == "The date the SIN was submitted must be today or in the past"
    )


def test_clock_dates_before_rapid_reviews_began_are_refused():
    found = fields(
        rules.notification_date_problems(
            incident_date=date(2016, 1, 4),
            la_aware_date=date(2016, 1, 4),
            partners_aware_date=date(2016, 1, 4),
            sin_submitted_date=date(2016, 1, 5),
            today=TODAY,
        )
    )
    assert set(found) == {"la_aware_date", "partners_aware_date", "sin_submitted_date"}
    assert "on or after 29 June 2018, when rapid reviews began" in found["la_aware_date"]


def test_the_scoping_period_cannot_end_before_it_starts():
    found = fields(
        rules.scoping_problems(
            scoping_start=date(2026, 1, 1),
            scoping_end=date(2025, 1, 1),
            incident_date=date(2026, 3, 2),
            today=TODAY,
        )
    )
    assert found == {
        "scoping_end": "The end of the scoping period must be the same as or after its start"
    }


def test_the_scoping_period_must_start_by_the_incident_and_not_end_in_the_future():
    found = fields(
        rules.scoping_problems(
            scoping_start=date(2026, 3, 3),
            scoping_end=date(2026, 3, 12),
            incident_date=date(2026, 3, 2),
            today=TODAY,
        )
    )
    assert found["scoping_start"] == (
        "The scoping period must start on or before the date of the incident (2 March 2026)"
    )
    assert found["scoping_end"] == "The end of the scoping period must be today or in the past"


def test_a_scoping_period_ending_before_the_incident_is_only_a_warning():
    assert rules.scoping_warnings(scoping_end=date(2026, 1, 31), incident_date=date(2026, 3, 2))


def child(**overrides):
    values = {
        "full_name": "Invented Childname",
        "other_names": "",
        "date_of_birth": date(2019, 6, 14),
        "date_of_death": None,
        "pseudonym": "Child A",
        "incident_date": date(2026, 3, 2),
        "today": TODAY,
    }
    return fields(rules.child_problems(**values | overrides))


def test_a_child_cannot_be_born_after_the_incident():
    assert child(date_of_birth=date(2026, 3, 3)) == {
        "date_of_birth": "Date of birth must be the same as or before the date of the incident "
        "(2 March 2026)"
    }


def test_a_child_cannot_die_before_being_born_or_before_the_incident():
    assert child(date_of_death=date(2019, 6, 13)) == {
        "date_of_death": "Date of death must be the same as or after the date of birth"
    }
    assert child(date_of_death=date(2026, 3, 1)) == {
        "date_of_death": "Date of death must be the same as or after the date of the incident "
        "(2 March 2026)"
    }
    assert child(date_of_death=date(2026, 3, 2)) == {}


def test_a_pseudonym_must_not_give_the_name_away():
    assert child(pseudonym="Invented") == {
        "pseudonym": "The pseudonym must not include the child's name"
    }
    assert child(other_names="Sunny", pseudonym="Baby sunny") == {
        "pseudonym": "The pseudonym must not include the child's name"
    }
    assert child(pseudonym="Baby B") == {}


def test_a_pseudonym_is_unique_across_children_and_family_whatever_its_case_and_spacing():
    taken = [("Child A", "another child"), ("Mother", "a family member")]
    duplicate = rules.duplicate_pseudonym(" child   a ", taken)
    assert (
        duplicate.message == "child   a is already the pseudonym of another child: choose another"
    )
    assert rules.duplicate_pseudonym("MOTHER", taken).message.endswith(
        "of a family member: choose another"
    )
    assert rules.duplicate_pseudonym("Child B", taken) is None


def test_a_death_needs_a_child_with_a_date_of_death():
    assert rules.nature_problems(nature="death", children_dates_of_death=[None, None])
    assert not rules.nature_problems(
        nature="death", children_dates_of_death=[None, date(2026, 3, 2)]
    )
    assert rules.nature_warnings(nature="serious_harm", children_dates_of_death=[date(2026, 3, 2)])


def test_an_adult_on_the_date_of_the_incident_is_only_a_warning():
    assert rules.child_warnings(
        pseudonym="Child A", date_of_birth=date(2008, 3, 2), incident_date=date(2026, 3, 2)
    )
    assert not rules.child_warnings(
        pseudonym="Child A", date_of_birth=date(2008, 3, 3), incident_date=date(2026, 3, 2)
    )


def test_family_dates_of_birth_may_be_unknown_but_not_in_the_future():
    def family(**overrides):
        values = {
            "full_name": "Invented Adult",
            "other_names": "",
            "date_of_birth": None,
            "pseudonym": "Mother",
            "today": TODAY,
        }
        return fields(rules.family_problems(**values | overrides))

    assert family() == {}
    assert family(date_of_birth=date(2026, 3, 12)) == {
        "date_of_birth": "Date of birth must be today or in the past"
    }


def test_a_meeting_date_is_not_before_the_authority_knew_nor_more_than_a_year_away():
    def meeting(day):
        return fields(
            rules.meeting_date_problems(
                meeting_date=day, la_aware_date=date(2026, 3, 2), today=TODAY
            )
        )

    assert "became aware (2 March 2026)" in meeting(date(2026, 3, 1))["meeting_date"]
    assert meeting(date(2027, 3, 13)) == {
        "meeting_date": "The date of the meeting must be within the next year"
    }
    assert meeting(date(2026, 3, 20)) == {}
