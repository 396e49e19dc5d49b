"""The decision pages: the questions, "Check your answers", the confirmation, the decision page
and the button that sends it to the partners."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from rapidreview.decisions.models import Decision, Outcome
from rapidreview.meetings.models import LearningPoint, LearningTheme
from rapidreview.notifications.models import OutboxMessage
from rapidreview.reviews.models import State

from ..reviews.factories import make_incident, make_review
from .factories import make_decision, make_partners, sign_off
from .test_decision_services import ANSWERS


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def review(personas):
    return make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        state=State.MEETING_HELD,
        meeting_date=date(2026, 3, 20),
        agencies=(personas.agency_a,),
    )


@pytest.fixture
def team(personas, client_for):
    return client_for(personas.partnership_team)


def url(name, review):
    return reverse(f"decisions:{name}", kwargs={"reference": review.reference})


def posted(**changes):
    return {"base_version": "0", **ANSWERS, **changes}


# --- the questions -----------------------------------------------------------------------------


def test_the_questions_offer_radios_and_reasoning_for_each_criterion(team, review):
    page = team.get(url("decision_edit", review)).content.decode()
    for letter in "abcd":
        assert f'name="criterion_{letter}" type="radio" value="unclear"' in page
        assert f'name="criterion_{letter}_reasoning"' in page
    assert "Record the decision – Review " + review.reference + " – Rapid Review" in page


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("criterion_a", "Select whether criterion (a) is met, not met or unclear"),
        ("criterion_a_reasoning", "Enter the reasoning for criterion (a)"),
        ("criterion_b", "Select whether criterion (b) is met, not met or unclear"),
        ("criterion_b_reasoning", "Enter the reasoning for criterion (b)"),
        ("criterion_c", "Select whether criterion (c) is met, not met or unclear"),
        ("criterion_c_reasoning", "Enter the reasoning for criterion (c)"),
        ("criterion_d", "Select whether criterion (d) is met, not met or unclear"),
        ("criterion_d_reasoning", "Enter the reasoning for criterion (d)"),
        ("outcome", "Select the outcome"),
        ("rationale", "Enter the reasoning for the decision"),
        ("national_view", "Select the partners' view on a national review"),
    ],
)
def test_each_missing_answer_is_named_beside_its_field_and_the_others_are_kept(
    team, review, field, message
):
    response = team.post(url("decision_edit", review), posted(**{field: ""}))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<p id="id_{field}-error" class="govuk-error-message">' in page
    assert escape(message) in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Error: Record the decision" in page
    # Every other answer is shown back as it was typed.
    for other, value in ANSWERS.items():
        if other == field or not value:
            continue
        if other.endswith("reasoning") or other == "rationale":
            assert escape(value) in page
        else:
            assert f'name="{other}" type="radio" value="{value}" checked' in page
    assert "decision-draft:" + review.reference not in team.session


def test_the_alternative_route_is_needed_only_for_an_alternative_outcome(team, review):
    response = team.post(url("decision_edit", review), posted(outcome="alternative"))
    assert "Select the alternative learning route" in response.content.decode()
    assert 'id="id_alternative_route-error"' in response.content.decode()


def test_text_that_is_too_long_is_refused_beside_its_field(team, review):
    response = team.post(url("decision_edit", review), posted(rationale="x" * 10_001))
    assert 'id="id_rationale-error"' in response.content.decode()
    assert "Enter 10,000 characters or fewer" in response.content.decode()


# --- check your answers and confirm ------------------------------------------------------------------


def test_answers_wait_on_the_check_page_until_confirmed(team, review):
    response = team.post(url("decision_edit", review), posted())
    assert response.status_code == 302 and response["Location"] == url("decision_check", review)
    assert not Decision.objects.exists()

    check = team.get(url("decision_check", review)).content.decode()
    assert "Check your answers before saving the decision" in check
    assert ANSWERS["rationale"] in check
    assert "Commission a local child safeguarding practice review (LCSPR)" in check
    assert f'href="{url("decision_edit", review)}#id_criterion_c_0"' in check

    confirmed = team.post(url("decision_check", review))
    assert confirmed["Location"] == url("decision_saved", review)
    saved = Decision.objects.get(review=review)
    assert saved.rationale == ANSWERS["rationale"] and saved.version == 1
    panel = team.get(url("decision_saved", review)).content.decode()
    assert "govuk-panel--confirmation" in panel and "Decision recorded" in panel


def test_change_from_the_check_page_shows_the_answers_given(team, review):
    team.post(url("decision_edit", review), posted(rationale="Invented: kept between pages."))
    page = team.get(url("decision_edit", review)).content.decode()
    assert "Invented: kept between pages." in page


def test_the_questions_start_from_the_decision_as_it_stands(team, review, personas):
    make_decision(review, by=personas.partnership_team, rationale="Invented: as it stands.")
    page = team.get(url("decision_edit", review)).content.decode()
    assert "Invented: as it stands." in page
    assert 'name="base_version" value="1"' in page


def test_a_stale_confirm_is_refused_and_the_answers_are_kept(team, review, personas, client_for):
    make_decision(review, by=personas.partnership_team, rationale="Invented: version one.")
    team.post(url("decision_edit", review), posted(base_version="1", rationale="Invented: mine."))
    # Meanwhile a colleague changes the decision.
    colleague = client_for(personas.partnership_team)
    colleague.post(
        url("decision_edit", review), posted(base_version="1", rationale="Invented: theirs.")
    )
    colleague.post(url("decision_check", review))
    assert Decision.objects.get(review=review).version == 2

    refused = team.post(url("decision_check", review))

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else changed the decision while you were editing it" in page
    assert "Invented: mine." in page and "Invented: theirs." in page
    saved = Decision.objects.get(review=review)
    assert saved.rationale == "Invented: theirs." and saved.version == 2
    # Having seen the newer decision, confirming again saves theirs over it on purpose.
    team.post(url("decision_check", review))
    saved.refresh_from_db()
    assert saved.rationale == "Invented: mine." and saved.version == 3


def test_a_tampered_version_is_treated_as_stale(team, review, personas):
    make_decision(review, by=personas.partnership_team)
    team.post(url("decision_edit", review), posted(base_version="../1"))
    response = team.post(url("decision_check", review))
    assert "Someone else changed the decision" in response.content.decode()
    assert Decision.objects.get(review=review).version == 1


def test_changing_a_signed_decision_says_the_partners_must_sign_again(team, review, personas):
    make_decision(review, by=personas.partnership_team, **ANSWERS)
    partners = make_partners(personas.safeguarding_partner)
    review.state = State.AWAITING_SIGN_OFF
    review.save()
    sign_off(review, partners["police"])

    team.post(url("decision_edit", review), posted(base_version="1", outcome="national"))
    assert "need to sign the changed decision again" in (
        team.get(url("decision_check", review)).content.decode()
    )
    team.post(url("decision_check", review))

    page = team.get(url("decision", review)).content.decode()
    assert "The decision has changed since the police signed it off" in page
    assert "Waiting for the local authority, the integrated care board and the police." in page


# --- earlier reviews beside criterion (b) -------------------------------------------------------------


def test_earlier_reviews_sharing_a_theme_are_listed_beside_criterion_b(team, review, personas):
    neglect = LearningTheme.objects.get_or_create(name="Neglect")[0]
    absence = LearningTheme.objects.get_or_create(name="School absence")[0]
    earlier = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        convened_on=date(2025, 5, 1),
    )
    unrelated = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        convened_on=date(2025, 6, 1),
    )
    for on, theme in ((earlier, neglect), (review, neglect), (unrelated, absence)):
        LearningPoint.objects.create(
            review=on, text="Invented.", recorded_by=personas.partnership_team
        ).themes.set([theme])

    page = team.get(url("decision_edit", review)).content.decode()
    aside = page[page.index('id="earlier-reviews"') : page.index("</aside>")]
    assert earlier.reference in aside and "Shared theme: Neglect" in aside
    assert unrelated.reference not in aside
    # Beside criterion (b): after its reasoning, before criterion (c).
    assert page.index("criterion_b_reasoning") < page.index('id="earlier-reviews"')
    assert page.index('id="earlier-reviews"') < page.index('id="criterion-c"')


def test_with_no_shared_themes_the_page_says_so(team, review, personas):
    theme = LearningTheme.objects.get_or_create(name="Neglect")[0]
    LearningPoint.objects.create(
        review=review, text="Invented.", recorded_by=personas.partnership_team
    ).themes.set([theme])
    page = team.get(url("decision_edit", review)).content.decode()
    assert "No earlier reviews share a theme with this one" in page


def test_with_no_learning_points_the_page_says_where_themes_come_from(team, review):
    page = team.get(url("decision_edit", review)).content.decode()
    assert "Its themes come from its learning points" in page


# --- the decision page and sending it ---------------------------------------------------------------


def test_the_decision_page_shows_each_answer(team, review, personas):
    make_decision(review, by=personas.partnership_team, **ANSWERS)
    page = team.get(url("decision", review)).content.decode()
    assert "Criterion (c): agencies working together" in page and "Unclear" in page
    assert ANSWERS["criterion_c_reasoning"] in page
    assert "The decision has not been sent to the partners to sign off yet." in page
    assert f'action="{url("send_for_sign_off", review)}"' in page


def test_with_no_decision_the_team_is_offered_to_record_it(team, review):
    page = team.get(url("decision", review)).content.decode()
    assert "The decision has not been recorded yet." in page
    assert f'href="{url("decision_edit", review)}"' in page
    assert "send_for_sign_off" not in page and "Send to the partners" not in page


def test_sending_emails_the_partners_and_says_who_is_awaited(team, review, personas):
    make_decision(review, by=personas.partnership_team)
    make_partners(personas.safeguarding_partner)

    response = team.post(url("send_for_sign_off", review))

    assert response["Location"] == url("decision", review)
    review.refresh_from_db()
    assert review.state == State.AWAITING_SIGN_OFF
    assert OutboxMessage.objects.count() == 3
    page = team.get(url("decision", review)).content.decode()
    assert "Waiting for the local authority, the integrated care board and the police." in page
    assert "Send to the partners to sign off</button>" not in page


def test_not_a_serious_incident_points_to_stopping_the_review(team, review, personas):
    make_decision(review, by=personas.partnership_team, outcome=Outcome.NOT_SERIOUS_INCIDENT)
    page = team.get(url("decision", review)).content.decode()
    stop = reverse("reviews:review_step", kwargs={"reference": review.reference, "step": "stop"})
    assert f'href="{stop}"' in page
    assert "Send to the partners to sign off</button>" not in page
    assert team.post(url("send_for_sign_off", review)).status_code == 403


def test_a_dissent_is_shown_prominently_on_the_decision_page(team, review, personas):
    make_decision(review, by=personas.partnership_team)
    partners = make_partners(personas.safeguarding_partner)
    review.state = State.AWAITING_SIGN_OFF
    review.save()
    sign_off(review, partners["local_authority"])
    sign_off(review, partners["police"], agrees=False, comment="Invented: a national review.")

    page = team.get(url("decision", review)).content.decode()
    banner = page[page.index('id="dissent"') : page.index('<h1 class="govuk-heading-l">')]
    assert "A safeguarding partner does not agree with the decision" in banner
    assert "The police disagreed: Invented: a national review." in banner
    assert "Signed off by the local authority." in page
    assert "Waiting for the integrated care board." in page


def test_agencies_read_the_decision_once_it_is_sent(review, personas, client_for):
    make_decision(review, by=personas.partnership_team)
    agency = client_for(personas.agency_a_rep)
    assert agency.get(url("decision", review)).status_code == 403
    review.state = State.SENT_TO_PANEL
    review.signed_off_on, review.sent_to_panel_on = date(2026, 3, 23), date(2026, 3, 24)
    review.save()
    page = agency.get(url("decision", review)).content.decode()
    assert "Criterion (a)" in page and "Change the decision" not in page
