"""The participation matrix: what each column says for an agency, the counts above it, the
warning about agencies named as involved but not invited, and its query budget."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapidreview.accounts.models import Agency, AgencyType
from rapidreview.participation.matrix import participation_matrix, participation_summary
from rapidreview.participation.models import (
    Alert,
    AttendanceResponse,
    Attending,
    InvolvementDeclaration,
    InvolvementLine,
    RecordsSecured,
    StaffMember,
)
from rapidreview.reviews.models import ReviewAgency

from ..reviews.factories import at, make_incident, make_review

pytestmark = pytest.mark.django_db

# Wednesday 11 March 2026. The review's SIN was submitted on Friday 6 March; agencies were asked
# on Monday 9 March, so involvement was due Wednesday 11 March (today).
TODAY = date(2026, 3, 11)
ASKED = date(2026, 3, 9)


@pytest.fixture(autouse=True)
def today(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(at(TODAY), tick=False):
        yield TODAY


@pytest.fixture
def review(personas):
    incident = make_incident(
        personas.partnership_team, children=("Child A", "Child B"), family=("Mother",)
    )
    review = make_review(
        incident,
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b, personas.partner_agency),
        agencies_asked_on=ASKED,
    )
    review.agencies.update(invited_at=at(ASKED))
    return review


def row_of(review, agency):
    matrix = participation_matrix(review, today=TODAY)
    return next(row for row in matrix.rows if row.agency == agency)


def part(review, agency) -> ReviewAgency:
    return ReviewAgency.objects.get(review=review, agency=agency)


def declare(review, agency, by, *, involved_with=(), not_involved_with=(), named=()):
    declaration = InvolvementDeclaration.objects.create(
        review_agency=part(review, agency), systems_searched="Invented case system", attested_by=by
    )
    for person, involved in [(p, True) for p in involved_with] + [
        (p, False) for p in not_involved_with
    ]:
        kind = "child" if person._meta.model_name == "child" else "family_member"
        InvolvementLine.objects.create(declaration=declaration, involved=involved, **{kind: person})
    declaration.agencies_known_involved.set(named)
    return declaration


def people(review):
    return [*review.incident.children.all(), *review.incident.family.all()]


# --- the columns ----------------------------------------------------------------------------


def test_involvement_is_involved_nil_return_or_not_declared(personas, review):
    child_a, child_b, mother = people(review)
    declare(review, personas.agency_a, personas.agency_a_rep, involved_with=[child_a, mother])
    declare(review, personas.agency_b, personas.agency_b_rep, not_involved_with=[child_a, child_b])
    assert row_of(review, personas.agency_a).involvement.words == "Involved"
    assert row_of(review, personas.agency_b).involvement.words == "Nil return"
    assert row_of(review, personas.partner_agency).involvement.words == "Not declared"


def test_attendance_is_attending_proxy_or_not_confirmed(personas, review):
    for agency, by, attending in [
        (personas.agency_a, personas.agency_a_rep, Attending.ATTENDING),
        (personas.agency_b, personas.agency_b_rep, Attending.PROXY),
    ]:
        AttendanceResponse.objects.create(
            review_agency=part(review, agency),
            attending=attending,
            attendee_name="Invented Professional",
            attendee_job_title="Safeguarding lead",
            responded_by=by,
            responded_at=at(date(2026, 3, 10)),
        )
    police, school = row_of(review, personas.agency_a), row_of(review, personas.agency_b)
    partner = row_of(review, personas.partner_agency)
    assert (police.attending.words, police.responded.words) == ("Attending", "10 March 2026")
    assert school.attending.words == "Proxy"
    assert (partner.attending.words, partner.responded.words) == ("Not confirmed", "No response")
    assert police.invited.words == "9 March 2026"


def test_records_secured_shows_the_date(personas, review):
    RecordsSecured.objects.create(
        review_agency=part(review, personas.agency_a),
        secured_on=date(2026, 3, 10),
        location="Invented restricted folder",
        who_may_access="The representative",
        recorded_by=personas.agency_a_rep,
    )
    assert row_of(review, personas.agency_a).records_secured.words == "Secured 10 March 2026"
    assert row_of(review, personas.agency_b).records_secured.words == "Not yet"


def alert(review, agency, by, person):
    kind = "child" if person._meta.model_name == "child" else "family_member"
    Alert.objects.create(
        review_agency=part(review, agency),
        system="Invented records system",
        placed_on=date(2026, 3, 10),
        placed_by="Invented Officer, analyst",
        recorded_by=by,
        **{kind: person},
    )


def test_alerts_are_complete_when_everyone_named_has_one(personas, review):
    child_a, child_b, mother = people(review)
    for person in (child_a, child_a, child_b):
        alert(review, personas.agency_a, personas.agency_a_rep, person)
    assert row_of(review, personas.agency_a).alerts.words == "2 of 3 people"
    alert(review, personas.agency_a, personas.agency_a_rep, mother)
    assert row_of(review, personas.agency_a).alerts.words == "Complete"
    assert row_of(review, personas.agency_b).alerts.words == "None yet"


def test_alerts_are_not_needed_after_a_nil_return(personas, review):
    declare(review, personas.agency_b, personas.agency_b_rep, not_involved_with=people(review))
    assert row_of(review, personas.agency_b).alerts.words == "Not needed"


def test_staff_informed_needs_a_date_for_everyone_recorded(personas, review):
    assert row_of(review, personas.agency_a).staff_informed.words == "None recorded"
    for informed_on in (date(2026, 3, 10), None):
        StaffMember.objects.create(
            review_agency=part(review, personas.agency_a),
            role="Invented role",
            initials="IR",
            contact_with="Child A",
            informed_on=informed_on,
            recorded_by=personas.agency_a_rep,
        )
    assert row_of(review, personas.agency_a).staff_informed.words == "1 of 2 informed"
    StaffMember.objects.filter(informed_on=None).update(informed_on=date(2026, 3, 11))
    assert row_of(review, personas.agency_a).staff_informed.words == "All informed"


def test_the_scoping_return_is_not_started_until_the_agency_starts_it(personas, review):
    # Its other states: tests/scoping/test_workflow_matrix.py.
    assert row_of(review, personas.agency_a).scoping_return.words == "Not started"


# --- involvement due ------------------------------------------------------------------------


def test_due_today_is_due_soon_and_declared_is_done(personas, review):
    declare(review, personas.agency_a, personas.agency_a_rep, involved_with=people(review)[:1])
    assert row_of(review, personas.agency_a).due_state.words == "Done"
    school = row_of(review, personas.agency_b)
    assert (school.due, school.due_state.words) == (date(2026, 3, 11), "Due soon")


def test_past_the_due_date_without_a_declaration_is_overdue(personas, review):
    with time_machine.travel(at(date(2026, 3, 12)), tick=False):
        matrix = participation_matrix(review, today=date(2026, 3, 12))
    assert {row.due_state.words for row in matrix.rows} == {"Overdue"}
    assert "3 of 3 agencies are overdue declaring involvement" in matrix.counts


def test_more_than_the_amber_days_away_is_on_track(personas, review, settings):
    settings.CLOCK_INVOLVEMENT_DAYS = 10  # due Monday 23 March: 8 working days away
    settings.CLOCK_AMBER_DAYS = 3
    assert row_of(review, personas.agency_a).due_state.words == "On track"


def test_an_agency_invited_late_gets_the_same_time_to_answer(personas, review):
    housing = Agency.objects.create(name="Invented Housing", agency_type=AgencyType.HOUSING)
    ReviewAgency.objects.create(review=review, agency=housing, invited_at=at(TODAY))
    late = row_of(review, housing)
    # Two working days from today, not the review's date (today), so not overdue tomorrow.
    assert (late.due, late.due_state.words) == (date(2026, 3, 13), "Due soon")


# --- the page -------------------------------------------------------------------------------


def agencies_url(review) -> str:
    return reverse("participation:agencies", args=[review.reference])


def test_the_page_counts_declarations_and_shows_each_agency(personas, review, client_for):
    child_a, child_b, mother = people(review)
    declare(review, personas.agency_a, personas.agency_a_rep, involved_with=[child_a])
    declare(review, personas.agency_b, personas.agency_b_rep, not_involved_with=[child_a])
    page = client_for(personas.partnership_team).get(agencies_url(review)).content.decode()
    assert "3 agencies invited" in page
    assert "2 of 3 agencies have declared involvement (1 involved, 1 nil return)" in page
    assert "0 of 3 agencies have confirmed attendance" in page
    assert page.count('<tr class="govuk-table__row">') == 4  # the heading row and 3 agencies
    for words in ("Involved", "Nil return", "Not declared", "Due soon", "Done"):
        assert f">{words}</strong>" in page
    assert "Invite agencies" in page


def test_the_page_says_when_no_one_at_an_agency_got_the_email(personas, review, client_for):
    page = client_for(personas.partnership_team).get(agencies_url(review)).content.decode()
    # The partner agency has a safeguarding partner but no representative.
    assert page.count("No active representative: no one here received the invitation email") == 1


def test_a_partner_reads_the_matrix_but_cannot_invite(personas, review, client_for):
    agency = Agency.objects.create(name="Invented Homes", agency_type=AgencyType.HOUSING)
    declare(review, personas.agency_a, personas.agency_a_rep, named=[agency])
    page = client_for(personas.safeguarding_partner).get(agencies_url(review)).content.decode()
    assert "Each agency's progress" in page
    assert "Invented Homes was named as involved by Invented Police Force" in page
    assert "Invite agencies" not in page
    assert "Invite Invented Homes" not in page


def test_an_agency_named_as_involved_but_not_invited_can_be_invited_from_the_warning(
    personas, review, client_for
):
    homes = Agency.objects.create(name="Invented Homes", agency_type=AgencyType.HOUSING)
    declare(review, personas.agency_a, personas.agency_a_rep, named=[homes, personas.agency_b])
    declare(review, personas.agency_b, personas.agency_b_rep, named=[homes])
    client = client_for(personas.partnership_team)
    page = client.get(agencies_url(review)).content.decode()
    assert (
        "Invented Homes was named as involved by Invented Police Force and Invented Primary "
        "School but has not been invited" in page
    )
    assert page.count("was named as involved") == 1  # agency B is on the review already
    response = client.post(
        reverse("participation:invite", args=[review.reference]), {"agencies": [homes.public_id]}
    )
    assert response.status_code == 302
    assert review.agencies.filter(agency=homes).exists()
    page = client.get(agencies_url(review)).content.decode()
    assert "was named as involved" not in page
    assert "1 agency invited. 0 representatives emailed." in page


def test_the_review_page_links_to_the_matrix_with_a_summary(personas, review, client_for):
    declare(review, personas.agency_a, personas.agency_a_rep, involved_with=people(review)[:1])
    assert participation_summary(review) == "3 agencies invited, 1 has declared involvement"
    detail = reverse("reviews:review_detail", args=[review.reference])
    for who in (personas.partnership_team, personas.safeguarding_partner):
        page = client_for(who).get(detail).content.decode()
        assert "3 agencies invited, 1 has declared involvement." in page
        assert agencies_url(review) in page
    page = client_for(personas.agency_a_rep).get(detail).content.decode()
    assert agencies_url(review) not in page


def queries_for(client, url: str) -> int:
    client.get(url)  # sessions and the like settle on the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def busy_review(personas, count: int):
    """A review with `count` agencies, each with every kind of row the matrix reads."""
    review = make_review(
        make_incident(personas.partnership_team, children=("Child A",), family=("Mother",)),
        convened_by=personas.partnership_team,
        agencies_asked_on=ASKED,
    )
    child, mother = people(review)
    named = Agency.objects.create(name=f"Invented Named {count}", agency_type=AgencyType.OTHER)
    for n in range(count):
        agency = Agency.objects.create(name=f"Invented {count}-{n}", agency_type=AgencyType.OTHER)
        ReviewAgency.objects.create(review=review, agency=agency)
        declare(review, agency, personas.agency_a_rep, involved_with=[child], named=[named])
        alert(review, agency, personas.agency_a_rep, mother)
        StaffMember.objects.create(
            review_agency=part(review, agency),
            role="Invented role",
            initials="IR",
            contact_with="Child A",
            recorded_by=personas.agency_a_rep,
        )
    return review


def test_the_matrix_reads_as_many_queries_for_15_agencies_as_for_3(personas, client_for):
    client = client_for(personas.partnership_team)
    with_3 = queries_for(client, agencies_url(busy_review(personas, 3)))
    with_15 = queries_for(client, agencies_url(busy_review(personas, 15)))
    assert with_15 == with_3
