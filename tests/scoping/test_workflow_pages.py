"""The workflow's pages: the panel on the return, each step's page, and who can open an agency's
return at each state (the confidentiality rule, through the real URLs)."""

import pytest
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.scoping.models import ReturnState, ScopingReturn, WorkflowEvent
from rapidreview.scoping.workflow import return_send_back

from .factories import make_return
from .test_workflow_access import PEOPLE, SEES
from .workflow_support import COMMENT, complete_return, return_in_state, review_with_a_and_b

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def review(personas):
    return review_with_a_and_b(personas)


def agency_return_url(review, agency) -> str:
    return reverse(
        "scoping:agency_return", kwargs={"reference": review.reference, "agency": agency.public_id}
    )


def step_url(name: str, review, agency=None) -> str:
    kwargs = {"reference": review.reference}
    if agency is not None:
        kwargs["agency"] = agency.public_id
    return reverse(f"scoping:{name}", kwargs=kwargs)


def overview_url(review) -> str:
    return reverse("scoping:return_overview", kwargs={"reference": review.reference})


# --- confidentiality through the pages ------------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [ReturnState.DRAFT, ReturnState.SUBMITTED, ReturnState.SIGNED_OFF, ReturnState.RELEASED],
)
def test_who_can_open_agency_as_return_at_each_state(personas, client_for, review, state):
    return_in_state(review, personas.agency_a, state, personas)
    url = agency_return_url(review, personas.agency_a)
    got = {who: client_for(getattr(personas, who)).get(url).status_code for who in PEOPLE}
    assert got == {who: 200 if who in SEES[state] else 404 for who in PEOPLE}


def test_agency_bs_representative_reads_agency_as_return_only_after_release(
    personas, client_for, review
):
    scoping_return = return_in_state(review, personas.agency_a, ReturnState.SIGNED_OFF, personas)
    client = client_for(personas.agency_b_rep)
    url = agency_return_url(review, personas.agency_a)
    assert client.get(url).status_code == 404
    client_for(personas.partnership_team).post(
        step_url("return_release", review, personas.agency_a)
    )
    scoping_return.refresh_from_db()
    assert scoping_return.state == ReturnState.RELEASED
    page = client.get(url)
    assert page.status_code == 200
    assert "Released to the meeting" in page.content.decode()


def test_comments_stay_inside_the_agency_and_the_team_after_release(personas, client_for, review):
    scoping_return = return_in_state(review, personas.agency_a, ReturnState.SUBMITTED, personas)
    return_send_back(actor=personas.senior_leader, scoping_return=scoping_return, comment=COMMENT)
    # Then amended, signed off and released (set directly: each step has tests of its own).
    released = return_in_state(review, personas.agency_b, ReturnState.RELEASED, personas)
    ScopingReturn.objects.filter(pk=scoping_return.pk).update(
        **{
            field: getattr(released, field)
            for field in (
                "state",
                "signed_off_by",
                "signed_off_name",
                "signed_off_role",
                "signed_off_on",
                "released_by",
                "released_at",
            )
        }
    )
    url = agency_return_url(review, personas.agency_a)
    assert COMMENT in client_for(personas.partnership_team).get(url).content.decode()
    outside = client_for(personas.agency_b_rep).get(url).content.decode()
    assert "Returned for amendment" in outside
    assert COMMENT not in outside


# --- the panel ------------------------------------------------------------------------------------


def panel(client, url) -> str:
    page = client.get(url).content.decode()
    start = page.index('id="workflow"')
    return page[start : page.index("</section>", start)]


def test_the_representative_is_offered_submit_on_a_draft(personas, client_for, review):
    complete_return(review, personas.agency_a, personas.agency_a_rep)
    html = panel(client_for(personas.agency_a_rep), overview_url(review))
    assert ">Draft</strong>" in html
    assert step_url("return_submit", review) in html
    assert "Sign off" not in html


def test_the_senior_leader_is_offered_sign_off_and_return_for_amendment(
    personas, client_for, review
):
    return_in_state(review, personas.agency_a, ReturnState.SUBMITTED, personas)
    html = panel(client_for(personas.senior_leader), overview_url(review))
    assert ">Submitted for sign-off</strong>" in html
    assert step_url("return_sign_off", review) in html
    assert step_url("return_send_back", review, personas.agency_a) in html
    rep = panel(client_for(personas.agency_a_rep), overview_url(review))
    assert "govuk-button" not in rep


def test_the_team_is_offered_release_on_a_signed_off_return(personas, client_for, review):
    return_in_state(review, personas.agency_a, ReturnState.SIGNED_OFF, personas)
    html = panel(
        client_for(personas.partnership_team), agency_return_url(review, personas.agency_a)
    )
    assert ">Signed off</strong>" in html
    assert "Signed off by Sam Senior, Invented Head of Safeguarding, on 10 March 2026" in html
    assert step_url("return_release", review, personas.agency_a) in html
    assert step_url("return_send_back", review, personas.agency_a) in html


def test_a_returned_return_shows_the_comment_to_the_representative(personas, client_for, review):
    scoping_return = return_in_state(review, personas.agency_a, ReturnState.SUBMITTED, personas)
    return_send_back(actor=personas.senior_leader, scoping_return=scoping_return, comment=COMMENT)
    html = panel(client_for(personas.agency_a_rep), overview_url(review))
    assert ">Returned for amendment</strong>" in html
    assert 'id="amendment-comment"' in html
    assert COMMENT in html
    assert "Returned for amendment by Sam Senior" in html
    assert step_url("return_submit", review) in html


def test_a_return_not_started_says_so(personas, client_for, review):
    html = panel(client_for(personas.agency_a_rep), overview_url(review))
    assert ">Not started</strong>" in html
    assert "govuk-button" not in html


# --- the steps' pages -----------------------------------------------------------------------------


def test_submitting_through_the_page(personas, client_for, review):
    scoping_return = complete_return(review, personas.agency_a, personas.agency_a_rep)
    client = client_for(personas.nominee)
    url = step_url("return_submit", review)
    page = client.get(url).content.decode()
    assert "senior leaders are emailed to read it and sign it off" in page
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == overview_url(review)
    scoping_return.refresh_from_db()
    assert scoping_return.state == ReturnState.SUBMITTED
    assert "Return submitted for sign-off" in client.get(overview_url(review)).content.decode()


def test_an_incomplete_return_lists_what_is_missing_and_is_not_submitted(
    personas, client_for, review
):
    scoping_return = make_return(review, personas.agency_a, by=personas.agency_a_rep)
    client = client_for(personas.agency_a_rep)
    url = step_url("return_submit", review)
    page = client.get(url).content.decode()
    assert "Section C, chronology: add at least one contact" in page
    assert (
        "<form" not in page.split('id="main-content"')[-1]
        or "Submit for sign-off</button>" not in page
    )
    response = client.post(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The return cannot be submitted yet" in page
    assert "Section A, agency and author: not completed" in page
    scoping_return.refresh_from_db()
    assert scoping_return.state == ReturnState.DRAFT


def test_signing_off_needs_the_box_ticked(personas, client_for, review):
    personas.senior_leader.job_title = "Invented Director"
    personas.senior_leader.save()
    scoping_return = return_in_state(review, personas.agency_a, ReturnState.SUBMITTED, personas)
    client = client_for(personas.senior_leader)
    url = step_url("return_sign_off", review)
    page = client.get(url).content.decode()
    assert "Sam Senior" in page and "Invented Director" in page
    refused = client.post(url, {})
    assert refused.status_code == 200
    assert "Confirm that you are sighted on this return" in refused.content.decode()
    assert client.post(url, {"sighted": "on"}).status_code == 302
    scoping_return.refresh_from_db()
    assert (scoping_return.state, scoping_return.signed_off_role) == (
        ReturnState.SIGNED_OFF,
        "Invented Director",
    )


def test_returning_for_amendment_needs_a_comment(personas, client_for, review):
    scoping_return = return_in_state(review, personas.agency_a, ReturnState.SIGNED_OFF, personas)
    client = client_for(personas.partnership_team)
    url = step_url("return_send_back", review, personas.agency_a)
    refused = client.post(url, {"comment": "   "})
    assert refused.status_code == 200
    assert "Enter what needs to change" in refused.content.decode()
    response = client.post(url, {"comment": COMMENT})
    assert response["Location"] == agency_return_url(review, personas.agency_a)
    assert WorkflowEvent.objects.get().comment == COMMENT
    scoping_return.refresh_from_db()
    assert scoping_return.state == ReturnState.RETURNED


def test_releasing_goes_back_to_the_agencies_page(personas, client_for, review):
    return_in_state(review, personas.agency_a, ReturnState.SIGNED_OFF, personas)
    client = client_for(personas.partnership_team)
    url = step_url("return_release", review, personas.agency_a)
    assert "cannot be made confidential again" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == reverse("participation:agencies", args=[review.reference])


def test_a_step_pressed_twice_is_refused_the_second_time(personas, client_for, review):
    return_in_state(review, personas.agency_a, ReturnState.SIGNED_OFF, personas)
    client = client_for(personas.partnership_team)
    url = step_url("return_release", review, personas.agency_a)
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 403


def test_the_step_pages_are_audited_as_views(personas, client_for, review):
    return_in_state(review, personas.agency_a, ReturnState.SUBMITTED, personas)
    client_for(personas.senior_leader).get(step_url("return_sign_off", review))
    event = AuditEvent.objects.filter(verb=Verb.PAGE_VIEWED).latest("pk")
    assert event.payload["page"] == "scoping:return_sign_off"
    assert event.review_reference == review.reference


def test_the_panel_says_when_the_return_is_due_while_the_agency_works_on_it(
    personas, client_for, review
):
    complete_return(review, personas.agency_a, personas.agency_a_rep)
    html = panel(client_for(personas.agency_a_rep), overview_url(review))
    # SIN submitted Friday 6 March 2026: returns are due 10 working days later.
    assert "Due by 20 March 2026" in html


def test_there_is_nothing_to_submit_before_the_return_is_started(personas, client_for, review):
    assert (
        client_for(personas.agency_a_rep).get(step_url("return_submit", review)).status_code == 404
    )


def test_the_senior_leader_returning_it_goes_back_to_their_own_page(personas, client_for, review):
    return_in_state(review, personas.agency_a, ReturnState.SUBMITTED, personas)
    response = client_for(personas.senior_leader).post(
        step_url("return_send_back", review, personas.agency_a), {"comment": COMMENT}
    )
    assert response["Location"] == overview_url(review)
