from datetime import date

import pytest
import time_machine

from .factories import at, make_incident, make_review

# Wednesday 11 March 2026: the example review's involvement responses (due Tuesday 10 March)
# are one working day overdue; its agency returns (due Friday 20 March) are 7 working days away.
TODAY = date(2026, 3, 11)


@pytest.fixture
def today():
    with time_machine.travel(at(TODAY), tick=False):
        yield TODAY


@pytest.fixture
def review_of_agency_a(personas, today):
    """A convened review that agency A (and only agency A) takes part in."""
    incident = make_incident(
        personas.partnership_team, children=("Child A", "Child B"), family=("Mother",)
    )
    return make_review(
        incident, convened_by=personas.partnership_team, agencies=(personas.agency_a,)
    )


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    # Personas make several accounts per test; strong hashing would only make these slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
