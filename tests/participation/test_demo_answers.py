"""The demo's agencies have answered: the police attend and were involved with two people on the
brothers' review (where they nominated a colleague); the school made a nil return on the baby's."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from rapidreview.participation.models import (
    AttendanceResponse,
    InvolvementDeclaration,
    Nomination,
)

from ..reviews.factories import at

pytestmark = pytest.mark.django_db


def test_the_demo_police_declare_involvement_and_the_school_a_nil_return(settings):
    settings.DEMO_MODE = True
    with time_machine.travel(at(date(2027, 1, 5)), tick=False):
        call_command("demo", stdout=StringIO())
        call_command("demo", stdout=StringIO())  # a second run adds nothing

    police = InvolvementDeclaration.objects.get(
        review_agency__agency__name="Northmoor Constabulary",
        review_agency__review__incident__sin_reference="NMR-SIN-0102",
    )
    assert sorted(line.person.pseudonym for line in police.lines.filter(involved=True)) == [
        "Mother",
        "Mother's partner",
    ]
    school = InvolvementDeclaration.objects.get(
        review_agency__agency__name="Larkfield Primary School"
    )
    assert school.is_nil_return
    assert AttendanceResponse.objects.count() == 2
    [nomination] = Nomination.objects.active()
    assert nomination.user.email == "police.nominee@demo.rapidreview.invalid"
    assert nomination.review_agency == police.review_agency
