"""The autosave endpoint, discarding a draft, and the version history and comparison pages."""

import time

import pytest
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.scoping.models import ReturnState, SectionDraft
from rapidreview.scoping.services import StaleVersion, section_save

from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .factories import make_return


@pytest.fixture
def scoping_return(personas):
    team = personas.partnership_team
    review = make_review(make_incident(team), convened_by=team, agencies=(personas.agency_a,))
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return make_return(review, personas.agency_a, by=personas.agency_a_rep)


def autosave_url(scoping_return, section="G"):
    reference = scoping_return.review_agency.review.reference
    return reverse("scoping:autosave", kwargs={"reference": reference, "section": section})


def compare_url(scoping_return, number, query=""):
    kwargs = {
        "reference": scoping_return.review_agency.review.reference,
        "agency": scoping_return.review_agency.agency.public_id,
        "number": number,
    }
    return reverse("scoping:version_compare", kwargs=kwargs) + query


TYPED = {"csrfmiddlewaretoken": "x", "base_version": "1", "key_information": "Typed so far"}


# --- autosave -------------------------------------------------------------------------------------


def test_autosave_keeps_the_typed_answers_and_says_when(personas, client_for, scoping_return):
    client = client_for(personas.agency_a_rep)
    response = client.post(autosave_url(scoping_return), TYPED)
    assert response.status_code == 200
    assert response.json()["message"].startswith("Saved a moment ago at ")
    draft = SectionDraft.objects.get()
    assert draft.data == {"key_information": "Typed so far"}
    assert (draft.user, draft.section, draft.base_version) == (personas.agency_a_rep, "G", 1)
    assert AuditEvent.objects.filter(verb=Verb.RETURN_DRAFT_AUTOSAVED).count() == 1


def test_autosave_keeps_repeated_fields_as_lists_and_replaces_the_draft(
    personas, client_for, scoping_return
):
    client = client_for(personas.nominee)
    client.post(autosave_url(scoping_return, "E"), {"base_version": "1", "tick": ["a", "b"]})
    client.post(autosave_url(scoping_return, "E"), {"base_version": "1", "tick": ["b"], "x": ""})
    assert SectionDraft.objects.get().data == {"tick": "b", "x": ""}
    assert AuditEvent.objects.filter(verb=Verb.RETURN_DRAFT_AUTOSAVED).count() == 1


def test_autosave_of_unchanged_answers_writes_nothing(personas, client_for, scoping_return):
    client = client_for(personas.agency_a_rep)
    client.post(autosave_url(scoping_return), TYPED)
    first = SectionDraft.objects.get().saved_at
    assert client.post(autosave_url(scoping_return), TYPED).status_code == 200
    assert SectionDraft.objects.get().saved_at == first


def test_autosave_with_nothing_typed_keeps_nothing(personas, client_for, scoping_return):
    response = client_for(personas.agency_a_rep).post(
        autosave_url(scoping_return), {"csrfmiddlewaretoken": "x"}
    )
    assert response.status_code == 400
    assert not SectionDraft.objects.exists()


def test_autosave_of_a_chronology_row_needs_a_row_of_this_return(
    personas, client_for, scoping_return
):
    client = client_for(personas.agency_a_rep)
    assert client.post(autosave_url(scoping_return, "C:new"), TYPED).status_code == 200
    unknown = "C:5b1c2f3e-0000-4000-8000-000000000000"
    assert client.post(autosave_url(scoping_return, unknown), TYPED).status_code == 404
    assert client.post(autosave_url(scoping_return, "C:nonsense"), TYPED).status_code == 404
    assert client.post(autosave_url(scoping_return, "Z"), TYPED).status_code == 404
    assert list(SectionDraft.objects.values_list("section", flat=True)) == ["C:new"]


def test_autosave_refuses_those_who_may_not_edit(personas, client_for, scoping_return):
    assert (
        client_for(personas.senior_leader).post(autosave_url(scoping_return), TYPED).status_code
        == 403
    )
    assert (
        client_for(personas.agency_b_rep).post(autosave_url(scoping_return), TYPED).status_code
        == 404
    )
    team = client_for(personas.partnership_team)
    assert team.post(autosave_url(scoping_return), TYPED).status_code == 404
    scoping_return.state = ReturnState.SUBMITTED
    scoping_return.save()
    rep = client_for(personas.agency_a_rep)
    assert rep.post(autosave_url(scoping_return), TYPED).status_code == 403
    assert not SectionDraft.objects.exists()


def test_autosave_takes_no_get(personas, client_for, scoping_return):
    assert client_for(personas.agency_a_rep).get(autosave_url(scoping_return)).status_code == 405


def test_autosave_checks_the_csrf_token(personas, scoping_return):
    from ..conftest import signed_in_client

    client = signed_in_client(personas.agency_a_rep)
    client.handler.enforce_csrf_checks = True
    assert client.post(autosave_url(scoping_return), TYPED).status_code == 403
    assert not SectionDraft.objects.exists()


def test_a_timed_out_session_is_sent_to_sign_in_and_nothing_is_kept(
    personas, client_for, scoping_return, settings
):
    client = client_for(personas.agency_a_rep)
    session = client.session
    session["last_seen"] = time.time() - settings.SESSION_IDLE_TIMEOUT - 60
    session.save()
    response = client.post(autosave_url(scoping_return), TYPED)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    assert not SectionDraft.objects.exists()


# --- discarding a draft ---------------------------------------------------------------------------


def test_discarding_removes_only_my_draft_and_goes_back(personas, client_for, scoping_return):
    client_for(personas.nominee).post(autosave_url(scoping_return), TYPED)
    client = client_for(personas.agency_a_rep)
    client.post(autosave_url(scoping_return), TYPED)
    reference = scoping_return.review_agency.review.reference
    url = reverse("scoping:draft_discard", kwargs={"reference": reference, "section": "G"})
    back = f"/reviews/{reference}/our-work/"
    response = client.post(f"{url}?next={back}")
    assert response.status_code == 302 and response["Location"] == back
    assert list(SectionDraft.objects.values_list("user", flat=True)) == [personas.nominee.pk]
    elsewhere = client.post(f"{url}?next=https://example.com/")
    assert not elsewhere["Location"].startswith("https://example.com")


# --- history and comparison -----------------------------------------------------------------------


def save(scoping_return, who, answers, base):
    return section_save(
        actor=who,
        scoping_return=scoping_return,
        section="G",
        answers=answers,
        base_version=base,
        completed=False,
    )


def test_the_second_editor_sees_their_refused_answers_beside_the_latest(
    personas, client_for, scoping_return
):
    save(scoping_return, personas.agency_a_rep, {"key_information": "Alex's words"}, 1)
    with pytest.raises(StaleVersion) as refused:
        save(scoping_return, personas.nominee, {"key_information": "Nia's words"}, 1)
    page = client_for(personas.nominee).get(compare_url(scoping_return, refused.value.kept.number))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Your answers that were not saved" in body
    assert body.index("Alex&#x27;s words") < body.index("Nia&#x27;s words")
    assert AuditEvent.objects.filter(verb=Verb.PAGE_VIEWED).count() == 1


def test_version_history_lists_every_version_with_compare_links(
    personas, client_for, scoping_return
):
    save(scoping_return, personas.agency_a_rep, {"key_information": "One"}, 1)
    save(scoping_return, personas.agency_a_rep, {"key_information": "Two"}, 2)
    kwargs = {
        "reference": scoping_return.review_agency.review.reference,
        "agency": scoping_return.review_agency.agency.public_id,
    }
    page = client_for(personas.partnership_team).get(reverse("scoping:version_list", kwargs=kwargs))
    body = page.content.decode()
    assert "Compare with the previous version" in body
    assert compare_url(scoping_return, 3, "?with=2") in body
    compared = client_for(personas.senior_leader).get(compare_url(scoping_return, 3, "?with=2"))
    assert compared.status_code == 200
    assert "Compare versions" in compared.content.decode()
    assert client_for(personas.senior_leader).get(compare_url(scoping_return, 9)).status_code == 404
    huge = compare_url(scoping_return, 10**12)
    assert client_for(personas.senior_leader).get(huge).status_code == 404
    assert client_for(personas.agency_b_rep).get(compare_url(scoping_return, 3)).status_code == 404


def test_typing_into_a_return_no_one_has_saved_starts_it(personas, client_for):
    team = personas.partnership_team
    review = make_review(make_incident(team), convened_by=team, agencies=(personas.agency_a,))
    url = reverse("scoping:autosave", kwargs={"reference": review.reference, "section": "A"})
    assert client_for(personas.senior_leader).post(url, TYPED).status_code == 403
    assert (
        client_for(personas.agency_a_rep).post(url, {"csrfmiddlewaretoken": "x"}).status_code == 400
    )
    assert not SectionDraft.objects.exists()
    assert client_for(personas.agency_a_rep).post(url, TYPED).status_code == 200
    draft = SectionDraft.objects.get()
    assert draft.scoping_return.review_agency.review == review


def test_the_draft_banner_offers_to_discard(personas, client_for, scoping_return, rf):
    from django.template.loader import render_to_string

    from rapidreview.scoping.versions import draft_for

    client_for(personas.agency_a_rep).post(autosave_url(scoping_return), TYPED)
    draft = draft_for(scoping_return, personas.agency_a_rep, "G")
    request = rf.get("/reviews/x/our-work/return/g/")
    html = render_to_string("scoping/draft_banner.html", {"draft": draft}, request=request)
    assert f"We kept your unsaved answers from {draft.saved_time}" in html
    assert "Discard these unsaved answers" in html
    assert "/drafts/G/discard/?next=/reviews/x/our-work/return/g/" in html
    assert render_to_string("scoping/draft_banner.html", {"draft": None}).strip() == ""
