"""An agency's pages for a review, through the web: the task list and who sees what on it, the
involvement form (conditional dates, nil return, attestation), nominations, and a nominee's
access ending when the review closes."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from rapidreview.participation.models import AttendanceResponse, InvolvementDeclaration
from rapidreview.reviews import lifecycle
from rapidreview.reviews.models import ReviewAgency, State

from ..reviews.factories import at, make_incident, make_review
from .factories import nominate

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 11)


@pytest.fixture(autouse=True)
def today(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(at(TODAY), tick=False):
        yield TODAY


@pytest.fixture
def review(personas):
    incident = make_incident(
        personas.partnership_team, children=("Child A",), family=("Mother", "Brother")
    )
    return make_review(
        incident,
        convened_by=personas.partnership_team,
        state=State.GATHERING_INFORMATION,
        agencies_asked_on=date(2026, 3, 9),
        meeting_date=date(2026, 3, 24),
        agencies=(personas.agency_a, personas.agency_b),
    )


def url(name: str, review, **kwargs) -> str:
    return reverse(f"participation:{name}", kwargs={"reference": review.reference, **kwargs})


def tasks_page(client, review) -> str:
    response = client.get(url("agency_tasks", review))
    assert response.status_code == 200
    return response.content.decode()


def status_of(page: str, key: str) -> str:
    """The words in a task's status cell."""
    return page.split(f'id="task-{key}-status">', 1)[1].split("</div>", 1)[0]


# --- the task list --------------------------------------------------------------------------


def test_the_task_list_shows_the_agency_due_dates_and_tasks_to_do(personas, client_for, review):
    page = tasks_page(client_for(personas.agency_a_rep), review)
    assert "Tasks for Invented Police Force" in page
    assert review.reference in page
    assert "11 March 2026" in page  # involvement: 2 working days after agencies were asked
    assert "Due today" in page
    assert "20 March 2026" in page  # returns
    assert "24 March 2026" in page  # the meeting
    for title in ("Confirm attendance", "Declare involvement", "Nominate colleagues"):
        assert title in page
    for key in ("attendance", "involvement"):
        assert "Not yet started" in status_of(page, key)
    assert "Optional" in status_of(page, "nominations")
    assert url("agency_attendance", review) in page
    assert url("agency_nominations", review) in page


def test_the_senior_leader_sees_statuses_but_no_links(personas, client_for, review):
    page = tasks_page(client_for(personas.senior_leader), review)
    assert "Confirm attendance" in page
    assert "Not yet started" in page
    assert url("agency_attendance", review) not in page
    assert url("agency_involvement", review) not in page
    assert "Nominate colleagues" not in page
    assert "Only the agency's representative and the colleagues they nominate" in page


def test_a_nominee_works_on_the_tasks_but_does_not_nominate(personas, client_for, review):
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    page = tasks_page(client_for(personas.nominee), review)
    assert url("agency_involvement", review) in page
    assert "Nominate colleagues" not in page


def test_the_review_page_and_home_page_lead_to_the_task_list(personas, client_for, review):
    client = client_for(personas.agency_a_rep)
    detail = client.get(reverse("reviews:review_detail", args=[review.reference])).content.decode()
    assert url("agency_tasks", review) in detail
    assert url("agency_tasks", review) in client.get(reverse("core:home")).content.decode()
    team = client_for(personas.partnership_team)
    detail = team.get(reverse("reviews:review_detail", args=[review.reference])).content.decode()
    assert url("agency_tasks", review) not in detail
    assert url("agency_tasks", review) not in team.get(reverse("core:home")).content.decode()


# --- attendance -----------------------------------------------------------------------------


def test_a_proxy_without_details_is_asked_for_them_and_the_choice_is_kept(
    personas, client_for, review
):
    client = client_for(personas.agency_a_rep)
    response = client.post(url("agency_attendance", review), {"attending": "proxy"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the full name of the colleague attending for you" in page
    assert 'value="proxy" checked' in page
    assert not AttendanceResponse.objects.exists()
    response = client.post(
        url("agency_attendance", review),
        {
            "attending": "proxy",
            "attendee_name": "Invented Deputy",
            "attendee_job_title": "Chief inspector",
            "attendee_email": "deputy@example.invalid",
        },
    )
    assert response.status_code == 302
    page = tasks_page(client, review)
    assert "Invented Deputy (for you) will attend" in page


# --- involvement ----------------------------------------------------------------------------

EVERYONE = ("child-1", "family-1", "family-2")


def involvement(answers: dict[str, str], **extra) -> dict[str, str]:
    data = {f"{key}-involved": answers.get(key, "no") for key in EVERYONE}
    return data | {"systems_searched": "Niche", "attest": "on"} | extra


def contact(key: str, first: date, last: date) -> dict[str, str]:
    data = {}
    for name, day in (("first_contact", first), ("last_contact", last)):
        data |= {
            f"{key}-{name}_day": str(day.day),
            f"{key}-{name}_month": str(day.month),
            f"{key}-{name}_year": str(day.year),
        }
    return data


def test_the_form_names_each_person_and_the_scoping_period(personas, client_for, review):
    page = client_for(personas.agency_a_rep).get(url("agency_involvement", review))
    text = page.content.decode()
    for name in ("Invented Childname1", "Invented Adultname1", "Invented Adultname2"):
        assert name in text
    assert "1 March 2025 to 2 March 2026" in text
    assert "Invented Primary School" in text  # another agency to tick
    assert 'id="id_family-1-involved-dates"' in text


def test_a_nil_return_is_called_a_nil_return(personas, client_for, review):
    client = client_for(personas.agency_a_rep)
    response = client.post(url("agency_involvement", review), involvement({}), follow=True)
    page = response.content.decode()
    assert "Nil return made" in page
    assert "Nil return: no involvement with anyone named" in page
    assert "Due today" not in page  # the agency's part is done
    assert InvolvementDeclaration.objects.get().is_nil_return


def test_dates_under_no_are_ignored_and_dates_under_yes_are_checked(personas, client_for, review):
    client = client_for(personas.agency_a_rep)
    data = involvement(
        {"family-1": "yes"},
        **contact("family-1", date(2025, 9, 1), date(2025, 8, 1)),
        **contact("family-2", date(2020, 1, 1), date(2020, 1, 2)),  # under "no"
    )
    response = client.post(url("agency_involvement", review), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Last contact with Invented Adultname1 must be the same as or after first contact" in (
        page
    )
    assert "Adultname2" not in page.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert not InvolvementDeclaration.objects.exists()
    data |= contact("family-1", date(2025, 8, 1), date(2025, 9, 1))
    assert client.post(url("agency_involvement", review), data).status_code == 302
    declaration = InvolvementDeclaration.objects.get()
    assert [line.involved for line in declaration.lines.order_by("pk")] == [False, True, False]
    assert declaration.lines.get(family_member__position=2).first_contact is None
    assert "Involved with 1 named person" in tasks_page(client, review)


def test_the_attestation_and_every_answer_are_required(personas, client_for, review):
    data = involvement({}, attest="")
    del data["family-2-involved"]
    response = client_for(personas.agency_a_rep).post(url("agency_involvement", review), data)
    page = response.content.decode()
    assert "Confirm that you have searched the systems listed" in page
    assert "Select yes if Invented Police Force was involved with Invented Adultname2" in page
    assert not InvolvementDeclaration.objects.exists()


def test_agency_b_cannot_see_agency_a_declaration(personas, client_for, review):
    client_for(personas.agency_a_rep).post(url("agency_involvement", review), involvement({}))
    client = client_for(personas.agency_b_rep)
    page = tasks_page(client, review)
    assert "Tasks for Invented Primary School" in page
    assert "Nil return" not in page
    assert "Not yet started" in page


# --- nominations ----------------------------------------------------------------------------


def test_an_account_of_another_agency_gets_an_error_beside_the_email(personas, client_for, review):
    response = client_for(personas.agency_a_rep).post(
        url("agency_nominations", review),
        {"email": personas.agency_b_rep.email, "full_name": "Bea Brep"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email-error"' in page
    assert "cannot be nominated" in page


def test_a_nominee_sees_only_their_review_and_loses_it_when_the_review_closes(
    personas, client_for, review
):
    other = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a,),
    )
    client_for(personas.agency_a_rep).post(
        url("agency_nominations", review),
        {"email": personas.nominee.email, "full_name": personas.nominee.full_name},
    )
    client = client_for(personas.nominee)
    detail = reverse("reviews:review_detail", args=[review.reference])
    home = client.get(reverse("core:home")).content.decode()
    assert review.reference in home
    assert other.reference not in home
    assert client.get(detail).status_code == 200
    assert client.get(url("agency_tasks", review)).status_code == 200
    assert client.get(reverse("reviews:review_detail", args=[other.reference])).status_code == 404
    assert client.get(url("agency_tasks", other)).status_code == 404

    review.state = State.PANEL_RESPONDED
    review.signed_off_on, review.sent_to_panel_on = date(2026, 3, 9), date(2026, 3, 10)
    review.panel_responded_on = date(2026, 3, 11)
    review.save()
    lifecycle.review_close(actor=personas.partnership_team, review=review)

    assert client.get(detail).status_code == 404
    assert client.get(url("agency_tasks", review)).status_code == 404
    assert review.reference not in client.get(reverse("core:home")).content.decode()
    # The representative still reads the task list, with nothing left to change.
    page = tasks_page(client_for(personas.agency_a_rep), review)
    assert "nothing can be changed now" in page
    assert url("agency_attendance", review) not in page


def test_withdrawing_a_nomination_ends_the_nominee_access_at_once(personas, client_for, review):
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    response = client_for(personas.agency_a_rep).post(
        url("agency_nomination_withdraw", review, public_id=personas.nominee.public_id)
    )
    assert response.status_code == 302
    assert client_for(personas.nominee).get(url("agency_tasks", review)).status_code == 404
    assert (
        ReviewAgency.objects.get(review=review, agency=personas.agency_a).nominations.get().ended_at
    )
