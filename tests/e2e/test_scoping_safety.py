"""Nothing typed into a scoping return is lost. Two people editing the same section: the second
save is refused, told why, and can compare both versions; both are kept. A sign-in that times out
mid-edit loses nothing typed before the last autosave, which is offered back after signing in."""

import time
from datetime import date

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from rapidreview.accounts.models import Role
from rapidreview.core import calendar
from rapidreview.reviews.models import State
from rapidreview.scoping.models import ScopingReturn, SectionDraft, VersionKind

from ..factories import make_user
from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .journey import choose_radio, enter_code, enter_password, navigation, press, sign_in, visit

pytestmark = pytest.mark.e2e

ALEX_WROTE = "Invented: the police attended the home twice in February."
NIA_WROTE = "Invented: a neighbour called the police about shouting on 3 February."


@pytest.fixture(autouse=True)
def bank_holidays(transactional_db):
    """Transactional tests empty every table when they end, bank holidays included."""
    calendar.load_bank_holidays(2012, 2040)


@pytest.fixture
def review(partnership_team, police):
    return make_review(
        make_incident(partnership_team),
        convened_by=partnership_team,
        state=State.GATHERING_INFORMATION,
        agencies_asked_on=date(2026, 3, 9),
        agencies=(police,),
    )


@pytest.fixture
def nominee(police, review, agency_rep):
    nia = make_user(Role.NOMINATED_REPRESENTATIVE, police, full_name="Nia Nominee")
    nominate(nia, review, by=agency_rep)
    return nia


def section_g(review) -> str:
    return f"/reviews/{review.reference}/our-work/return/g/"


def key_information(page: Page):
    return page.get_by_label("Key information for the meeting")


def autosave_status(page: Page):
    return page.locator("[data-autosave-status]")


def write_and_save(page: Page, text: str) -> None:
    press(page, key_information(page), "End")
    page.keyboard.type(text)
    choose_radio(page, page.get_by_label("No, I'll come back later"))
    with navigation(page):
        press(page, page.get_by_role("button", name="Save and continue"))


def test_two_editors_of_one_section_lose_nothing_and_the_second_is_told_why(
    open_page, agency_rep, nominee, review
):
    alex, nia = open_page(), open_page()
    sign_in(alex, agency_rep)
    sign_in(nia, nominee)
    # Both open section G of the police's return at the same version.
    visit(alex, section_g(review))
    visit(nia, section_g(review))

    write_and_save(alex, ALEX_WROTE)
    write_and_save(nia, NIA_WROTE)

    # Nia is told why her save was refused, and her answers are still in the form.
    expect(nia.locator(".govuk-error-summary")).to_contain_text("Your changes were not saved")
    expect(nia.locator(".govuk-error-summary")).to_contain_text(
        "Someone else saved this return while you were editing it"
    )
    expect(key_information(nia)).to_have_value(NIA_WROTE)

    # She compares her answers with the latest saved version: both, side by side.
    with navigation(nia):
        press(nia, nia.get_by_role("link", name="Compare your answers with the latest version"))
    expect(nia.get_by_role("heading", level=1)).to_have_text("Your answers that were not saved")
    compared = nia.get_by_role("table").filter(has_text="Key information for the meeting")
    expect(compared.get_by_role("row").nth(1)).to_contain_text(ALEX_WROTE)
    expect(compared.get_by_role("row").nth(1)).to_contain_text(NIA_WROTE)

    # Nothing is lost: Alex's answers are the return's; Nia's are kept as a refused version.
    scoping_return = ScopingReturn.objects.get(review_agency__review=review)
    assert scoping_return.answers["G"]["key_information"] == ALEX_WROTE
    kept = scoping_return.versions.get(kind=VersionKind.CONFLICT)
    assert kept.saved_by == nominee
    assert kept.snapshot["answers"]["G"]["key_information"] == NIA_WROTE

    # The history lists both, the refused one marked as not saved.
    with navigation(nia):
        press(nia, nia.get_by_role("link", name="All versions"))
    expect(nia.get_by_role("table")).to_contain_text("Not saved")
    expect(nia.get_by_role("table")).to_contain_text("Nia Nominee")
    expect(nia.get_by_role("table")).to_contain_text("Alex Arep")


def time_out_sessions_of(user) -> None:
    """As if the person had done nothing for longer than the idle limit."""
    for session in Session.objects.all():
        store = SessionStore(session_key=session.session_key)
        if str(store.get("_auth_user_id")) == str(user.pk):
            store["last_seen"] = time.time() - 24 * 3600
            store.save()


def test_a_sign_in_that_times_out_mid_edit_loses_nothing_kept_by_autosave(page, agency_rep, review):
    sign_in(page, agency_rep)
    visit(page, section_g(review))
    press(page, key_information(page), "End")
    page.keyboard.type(ALEX_WROTE)
    expect(autosave_status(page)).to_contain_text("Saved a moment ago at", timeout=15_000)
    draft = SectionDraft.objects.get(user=agency_rep, section="G")
    assert draft.data["key_information"] == ALEX_WROTE
    saved_at = autosave_status(page).inner_text().removeprefix("Saved a moment ago at ")

    # Away from the desk too long: the next autosave finds the sign-in gone, and says so.
    time_out_sessions_of(agency_rep)
    page.keyboard.type(" This part was typed after signing out.")
    expect(autosave_status(page)).to_contain_text(
        f"You have been signed out. Everything you typed up to {saved_at} is kept",
        timeout=15_000,
    )
    assert SectionDraft.objects.get().data["key_information"] == ALEX_WROTE

    # Signing in again leads back to the section, with what was kept filled in.
    with navigation(page):
        press(page, autosave_status(page).get_by_role("link", name="sign in again"))
    TOTPDevice.objects.filter(user=agency_rep).update(last_t=-1)  # a new code from the app
    enter_password(page, agency_rep.email)
    enter_code(page, _code(agency_rep))
    assert page.url.endswith(section_g(review))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "We kept your unsaved answers from"
    )
    expect(key_information(page)).to_have_value(ALEX_WROTE)


def _code(user) -> str:
    from .journey import current_code

    return current_code(user)
