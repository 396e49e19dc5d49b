"""Confidentiality and who takes each step, asked of the access policy directly (the pages are
checked in test_workflow_pages.py and the access matrix).

Until it is released, a return is seen only inside its agency (representative, nominee, senior
leader) and by the partnership team; once released, by everyone taking part in the review and
by the safeguarding partners. The scrutineer never sees one."""

import pytest

from rapidreview.access.policy import Action, can, returns_visible_to
from rapidreview.scoping.models import ReturnState

from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .workflow_support import close, return_in_state, review_with_a_and_b

pytestmark = pytest.mark.django_db

INSIDE = {"agency_a_rep", "nominee", "senior_leader", "partnership_team"}
EVERYONE_ON_THE_REVIEW = INSIDE | {"agency_b_rep", "safeguarding_partner"}
PEOPLE = sorted(EVERYONE_ON_THE_REVIEW | {"scrutineer"})
SEES = {
    ReturnState.DRAFT: INSIDE,
    ReturnState.SUBMITTED: INSIDE,
    ReturnState.RETURNED: INSIDE,
    ReturnState.SIGNED_OFF: INSIDE,
    ReturnState.RELEASED: EVERYONE_ON_THE_REVIEW,
}


@pytest.fixture(autouse=True)
def quick(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize("state", list(ReturnState))
@pytest.mark.parametrize("who", PEOPLE)
def test_who_sees_agency_as_return_at_each_state(personas, state, who):
    review = review_with_a_and_b(personas)
    scoping_return = return_in_state(review, personas.agency_a, state, personas)
    user = getattr(personas, who)
    expected = who in SEES[state]
    assert can(user, Action.VIEW_RETURN, scoping_return) is expected
    assert returns_visible_to(user).filter(pk=scoping_return.pk).exists() is expected


def test_a_released_return_is_not_seen_by_an_agency_not_on_the_review(personas):
    team = personas.partnership_team
    review = make_review(make_incident(team), convened_by=team, agencies=(personas.agency_a,))
    scoping_return = return_in_state(review, personas.agency_a, ReturnState.RELEASED, personas)
    assert not can(personas.agency_b_rep, Action.VIEW_RETURN, scoping_return)
    assert can(personas.safeguarding_partner, Action.VIEW_RETURN, scoping_return)


def test_a_colleague_not_nominated_on_the_review_sees_nothing_before_release(personas):
    team = personas.partnership_team
    review = make_review(make_incident(team), convened_by=team, agencies=(personas.agency_a,))
    scoping_return = return_in_state(review, personas.agency_a, ReturnState.SUBMITTED, personas)
    assert not can(personas.nominee, Action.VIEW_RETURN, scoping_return)
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    assert can(personas.nominee, Action.VIEW_RETURN, scoping_return)


def test_after_closure_the_agency_still_reads_its_return_and_the_nominee_does_not(personas):
    review = review_with_a_and_b(personas)
    scoping_return = return_in_state(review, personas.agency_a, ReturnState.RELEASED, personas)
    close(review)
    for who in ("agency_a_rep", "senior_leader", "agency_b_rep", "partnership_team"):
        assert can(getattr(personas, who), Action.VIEW_RETURN, scoping_return), who
    assert not can(personas.nominee, Action.VIEW_RETURN, scoping_return)


# --- who takes each step ----------------------------------------------------------------------

# (action, the state it is taken from) -> who may take it.
TAKES = {
    (Action.EDIT_RETURN, ReturnState.DRAFT): {"agency_a_rep", "nominee"},
    (Action.EDIT_RETURN, ReturnState.RETURNED): {"agency_a_rep", "nominee"},
    (Action.SUBMIT_RETURN, ReturnState.DRAFT): {"agency_a_rep", "nominee"},
    (Action.SUBMIT_RETURN, ReturnState.RETURNED): {"agency_a_rep", "nominee"},
    (Action.SIGN_OFF_RETURN, ReturnState.SUBMITTED): {"senior_leader"},
    (Action.RETURN_FOR_AMENDMENT, ReturnState.SUBMITTED): {"senior_leader"},
    (Action.RETURN_FOR_AMENDMENT, ReturnState.SIGNED_OFF): {"partnership_team"},
    (Action.RELEASE_RETURN, ReturnState.SIGNED_OFF): {"partnership_team"},
}
STEP_ACTIONS = sorted({action for action, _ in TAKES})


@pytest.mark.parametrize("state", list(ReturnState))
@pytest.mark.parametrize("action", STEP_ACTIONS)
def test_who_may_take_each_step_from_each_state(personas, action, state):
    review = review_with_a_and_b(personas)
    scoping_return = return_in_state(review, personas.agency_a, state, personas)
    allowed = {who for who in PEOPLE if can(getattr(personas, who), action, scoping_return)}
    assert allowed == TAKES.get((action, state), set())


@pytest.mark.parametrize(("action", "state"), list(TAKES))
def test_no_step_is_taken_on_a_closed_review(personas, action, state):
    review = review_with_a_and_b(personas)
    scoping_return = return_in_state(review, personas.agency_a, state, personas)
    close(review)
    scoping_return.refresh_from_db()
    assert not any(can(getattr(personas, who), action, scoping_return) for who in PEOPLE)


def test_agency_bs_senior_leader_cannot_sign_off_agency_as_return(personas):
    from rapidreview.accounts.models import Role

    from ..factories import make_user

    other_leader = make_user(Role.SENIOR_LEADER, personas.agency_b, full_name="Ola Other")
    review = review_with_a_and_b(personas)
    scoping_return = return_in_state(review, personas.agency_a, ReturnState.SUBMITTED, personas)
    assert not can(other_leader, Action.SIGN_OFF_RETURN, scoping_return)
    assert not can(other_leader, Action.VIEW_RETURN, scoping_return)


def test_a_deactivated_representative_can_do_nothing(personas):
    review = review_with_a_and_b(personas)
    scoping_return = return_in_state(review, personas.agency_a, ReturnState.DRAFT, personas)
    personas.agency_a_rep.is_active = False
    personas.agency_a_rep.save()
    assert not can(personas.agency_a_rep, Action.VIEW_RETURN, scoping_return)
    assert not can(personas.agency_a_rep, Action.SUBMIT_RETURN, scoping_return)
