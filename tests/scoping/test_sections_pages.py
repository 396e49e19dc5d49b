"""The return's pages: the task list of sections, saving each section, the involvement
declaration in section B, records and alerts in section F, a save refused because someone else
saved first, and who reads what."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.participation import records, records_people
from rapidreview.participation.responses import Answer, involvement_declare
from rapidreview.reviews.models import ReviewAgency
from rapidreview.scoping.models import ReturnState, ScopingReturn, SectionDraft
from rapidreview.scoping.services import section_save

from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .factories import make_return


@pytest.fixture
def review(personas):
    review = make_review(
        make_incident(personas.partnership_team, family=("Mother",)),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return review


def _part(review, agency) -> ReviewAgency:
    return ReviewAgency.objects.get(review=review, agency=agency)


def _url(review, name="scoping:return_overview", **kwargs) -> str:
    return reverse(name, kwargs={"reference": review.reference, **kwargs})


def _section(review, letter: str) -> str:
    return _url(review, "scoping:section", letter=letter)


def _saved(review, agency) -> ScopingReturn:
    return ScopingReturn.objects.get(review_agency__review=review, review_agency__agency=agency)


SECTION_A = {
    "agency": "Invented Police Force",
    "service_or_team": "Public protection unit",
    "author_name": "Alex Arep",
    "author_role": "Detective inspector",
    "contact_email": "alex@example.org",
    "contact_phone": "",
    "dsl_consulted": "yes",
    "dsl_name": "Invented Lead, safeguarding lead",
    "completed": "yes",
}


def test_saving_section_a_starts_the_return_and_continues_to_b(personas, review, client_for):
    client = client_for(personas.agency_a_rep)
    page = client.get(_section(review, "a"))
    assert page.status_code == 200
    assert not ScopingReturn.objects.exists()  # nothing is started by reading
    autosave = reverse("scoping:autosave", kwargs={"reference": review.reference, "section": "A"})
    assert f'data-autosave-url="{autosave}"' in page.content.decode()
    response = client.post(_section(review, "a"), SECTION_A | {"base_version": "1"})
    assert response.status_code == 302
    assert response["Location"] == _section(review, "b")
    saved = _saved(review, personas.agency_a)
    assert saved.answers["A"]["author_role"] == "Detective inspector"
    assert saved.completed_sections == ["A"]
    assert AuditEvent.objects.filter(verb=Verb.RETURN_SECTION_SAVED).count() == 1
    overview = client.get(_url(review)).content.decode()
    assert "A. Agency and author" in overview
    assert "You have completed 1 of 7 sections" in overview


def test_an_invalid_section_is_shown_again_with_the_answers_kept(personas, review, client_for):
    client = client_for(personas.agency_a_rep)
    response = client.post(
        _section(review, "a"), SECTION_A | {"base_version": "1", "contact_email": "nope"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "Detective inspector" in body
    assert not ScopingReturn.objects.exists()


def test_section_b_shows_the_declaration_and_asks_if_other_agencies_are_still_involved(
    personas, review, client_for
):
    part = _part(review, personas.agency_a)
    involvement_declare(
        actor=personas.agency_a_rep,
        review_agency=part,
        answers=[Answer(person=p, involved=False) for p in _people(review)],
        systems_searched="Invented crime records system",
        agencies_known_involved=[personas.agency_b],
    )
    client = client_for(personas.agency_a_rep)
    page = client.get(_section(review, "b")).content.decode()
    assert "Invented crime records system" in page
    assert reverse("participation:agency_involvement", args=[review.reference]) in page
    assert "Is Invented Primary School still involved with the family?" in page
    field = f"still_involved_{personas.agency_b.public_id}"
    response = client.post(
        _section(review, "b"), {field: "yes", "completed": "yes", "base_version": "1"}
    )
    assert response.status_code == 302
    answers = _saved(review, personas.agency_a).answers["B"]
    assert answers["still_involved"][0]["answer"] == "yes"
    assert answers["still_involved"][0]["name"] == "Invented Primary School"


def _people(review):
    incident = review.incident
    return [*incident.children.all(), *incident.family.all()]


def test_section_f_shows_records_secured_and_alerts_with_links_to_change_them(
    personas, review, client_for
):
    part = _part(review, personas.agency_a)
    records.records_secure(
        actor=personas.agency_a_rep,
        review_agency=part,
        secured_on=date(2026, 3, 9),
        location="Invented locked drawer",
        who_may_access="The representative only",
    )
    records_people.alert_record(
        actor=personas.agency_a_rep,
        review_agency=part,
        person=review.incident.children.get(),
        system="Invented alert system",
        placed_on=date(2026, 3, 9),
        placed_by="Invented Clerk, records",
    )
    page = client_for(personas.agency_a_rep).get(_section(review, "f")).content.decode()
    assert "Invented locked drawer" in page and "9 March 2026" in page
    assert "Invented alert system" in page and "No alert recorded" in page  # the mother
    assert reverse("participation:records_secured", args=[review.reference]) in page
    assert reverse("participation:alerts", args=[review.reference]) in page


def test_a_save_from_an_older_version_is_refused_and_the_answers_come_back(
    personas, review, client_for
):
    scoping_return = make_return(review, personas.agency_a, by=personas.agency_a_rep)
    section_save(
        actor=personas.nominee,
        scoping_return=scoping_return,
        section="G",
        answers={"key_information": "The nominee's words"},
        base_version=1,
        completed=False,
    )
    client = client_for(personas.agency_a_rep)
    response = client.post(
        _section(review, "g"),
        {"key_information": "My own words", "completed": "no", "base_version": "1"},
        follow=True,
    )
    body = response.content.decode()
    assert "Your changes were not saved" in body
    assert "My own words" in body
    assert _saved(review, personas.agency_a).answers["G"]["key_information"] == (
        "The nominee's words"
    )
    assert 'name="base_version" value="2"' in body


def test_a_newer_autosaved_draft_prefills_the_section_with_a_banner(personas, review, client_for):
    scoping_return = make_return(review, personas.agency_a, by=personas.agency_a_rep)
    SectionDraft.objects.create(
        scoping_return=scoping_return,
        user=personas.agency_a_rep,
        section="G",
        data={"key_information": "Typed before the sign-in timed out"},
        base_version=1,
        saved_at=timezone.now(),
    )
    body = client_for(personas.agency_a_rep).get(_section(review, "g")).content.decode()
    assert "We kept your unsaved answers from" in body
    assert "Typed before the sign-in timed out" in body
    assert "There is a problem" not in body


def test_adding_an_action_row_shows_one_more_and_saves_nothing(personas, review, client_for):
    response = client_for(personas.agency_a_rep).post(
        _section(review, "e"),
        {"rows": "3", "add_action": "1", "action_0": "Invented action", "base_version": "1"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="action-row-4"' in body and "Invented action" in body
    assert "There is a problem" not in body
    assert not ScopingReturn.objects.exists()


def test_the_senior_leader_reads_the_return_but_cannot_change_it(personas, review, client_for):
    make_return(review, personas.agency_a, by=personas.agency_a_rep)
    client = client_for(personas.senior_leader)
    overview = client.get(_url(review))
    assert overview.status_code == 200
    assert _section(review, "a") not in overview.content.decode()
    assert client.get(_url(review, "scoping:return_check")).status_code == 200
    assert client.get(_section(review, "a")).status_code == 403


def test_the_team_reads_any_return_and_agency_b_only_once_released(personas, review, client_for):
    scoping_return = make_return(review, personas.agency_a, by=personas.agency_a_rep)
    section_save(
        actor=personas.agency_a_rep,
        scoping_return=scoping_return,
        section="G",
        answers={"key_information": "Invented key point"},
        base_version=1,
        completed=True,
    )
    url = _url(review, "scoping:agency_return", agency=personas.agency_a.public_id)
    team_page = client_for(personas.partnership_team).get(url)
    assert team_page.status_code == 200 and "Invented key point" in team_page.content.decode()
    assert client_for(personas.agency_b_rep).get(url).status_code == 404
    ScopingReturn.objects.filter(pk=scoping_return.pk).update(
        state=ReturnState.RELEASED,
        signed_off_by=personas.senior_leader,
        signed_off_on=date(2026, 3, 12),
        released_at=timezone.now(),
    )
    assert client_for(personas.agency_b_rep).get(url).status_code == 200
    assert client_for(personas.agency_b_rep).get(f"{url}print/").status_code == 200


def test_the_task_list_row_follows_the_return(personas, review, client_for):
    client = client_for(personas.agency_a_rep)
    tasks = reverse("participation:agency_tasks", args=[review.reference])
    body = client.get(tasks).content.decode()
    assert "Complete the scoping return" in body and _url(review) in body
    client.post(
        _section(review, "g"), {"key_information": "x", "completed": "no", "base_version": "1"}
    )
    assert "In progress" in client.get(tasks).content.decode()
    ScopingReturn.objects.update(state=ReturnState.SUBMITTED)
    assert "Submitted for sign-off" in client.get(tasks).content.decode()


def test_check_answers_and_print_show_every_section(personas, review, client_for):
    client = client_for(personas.agency_a_rep)
    client.post(_section(review, "a"), SECTION_A | {"base_version": "1"})
    check = client.get(_url(review, "scoping:return_check")).content.decode()
    assert "Public protection unit" in check and "Change" in check
    for title in ("A. Agency and author", "C. Chronology", "G. Key information for the meeting"):
        assert title in check
    printable = client.get(_url(review, "scoping:return_print")).content.decode()
    assert "Public protection unit" in printable and ">Change<" not in printable
