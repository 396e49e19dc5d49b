"""The quorum: the three safeguarding partners (or their delegates, or a proxy they sent) must
each be represented; the sentence says which are and which are not."""

import itertools

import pytest

from rapidreview.accounts.models import Role, StatutoryPartner
from rapidreview.meetings.models import Attendance, Attendee
from rapidreview.meetings.quorum import quorum_for

from ..decisions.factories import make_partners
from ..factories import make_user
from ..reviews.factories import make_incident, make_review
from .factories import make_meeting

pytestmark = pytest.mark.django_db

ORDER = [StatutoryPartner.LOCAL_AUTHORITY, StatutoryPartner.ICB, StatutoryPartner.POLICE]
WORDS = {
    StatutoryPartner.LOCAL_AUTHORITY: "the local authority",
    StatutoryPartner.ICB: "the integrated care board",
    StatutoryPartner.POLICE: "the police",
}


@pytest.fixture
def partners(personas):
    return make_partners(personas.safeguarding_partner)


@pytest.fixture
def meeting(personas, partners):
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a,),
    )
    return make_meeting(
        review,
        by=personas.partnership_team,
        attendees=(*partners.values(), personas.agency_a_rep, personas.partnership_team),
    )


def _mark(meeting, user, attendance, **proxy):
    Attendee.objects.filter(meeting=meeting, user=user).update(attendance=attendance, **proxy)


def test_no_meeting_yet_says_what_is_needed():
    quorum = quorum_for(None)
    assert not quorum.met
    assert quorum.missing == list(WORDS.values())
    assert quorum.sentence == (
        "Not quorate yet: the meeting has not been arranged. To be quorate, the local authority, "
        "the integrated care board and the police must each be represented by their "
        "safeguarding partner, a delegate or a proxy."
    )


def test_before_attendance_is_taken_it_says_what_is_needed(meeting):
    quorum = quorum_for(meeting)
    assert not quorum.met
    assert quorum.sentence.startswith("Attendance has not been recorded yet. To be quorate, ")
    assert "No one has been invited" not in quorum.sentence


def test_before_attendance_it_names_a_partner_no_one_was_invited_for(meeting, partners):
    Attendee.objects.filter(meeting=meeting, user=partners[StatutoryPartner.POLICE]).delete()
    assert quorum_for(meeting).sentence.endswith("No one has been invited for the police yet.")


# Every combination of the three partners attending (present, or by proxy) or not (apologies).
COMBINATIONS = list(itertools.product([True, False], repeat=3))


@pytest.mark.parametrize(
    "came", COMBINATIONS, ids=["".join("y" if c else "n" for c in combo) for combo in COMBINATIONS]
)
def test_each_combination_of_partners(meeting, partners, came):
    for number, (partner, attended) in enumerate(zip(ORDER, came, strict=True)):
        if not attended:
            _mark(meeting, partners[partner], Attendance.APOLOGIES)
        elif number % 2:  # some by proxy, some in person: both count
            _mark(
                meeting,
                partners[partner],
                Attendance.PROXY,
                proxy_name="Invented Deputy",
                proxy_role="Deputy director",
            )
        else:
            _mark(meeting, partners[partner], Attendance.PRESENT)
    quorum = quorum_for(meeting)
    represented = [WORDS[p] for p, attended in zip(ORDER, came, strict=True) if attended]
    missing = [WORDS[p] for p, attended in zip(ORDER, came, strict=True) if not attended]
    assert quorum.met is all(came)
    assert (quorum.represented, quorum.missing) == (represented, missing)
    expected = {
        (True, True, True): "Quorate: the local authority, the integrated care board and the "
        "police are represented.",
        (True, True, False): "Not quorate: the police are not represented yet.",
        (True, False, True): "Not quorate: the integrated care board is not represented yet.",
        (False, True, True): "Not quorate: the local authority is not represented yet.",
        (True, False, False): "Not quorate: the integrated care board and the police are not "
        "represented yet.",
        (False, False, True): "Not quorate: the local authority and the integrated care board "
        "are not represented yet.",
        (False, True, False): "Not quorate: the local authority and the police are not "
        "represented yet.",
        (False, False, False): "Not quorate: the local authority, the integrated care board and "
        "the police are not represented yet.",
    }
    assert quorum.sentence == expected[came]


def test_other_people_present_do_not_make_it_quorate(meeting, personas, partners):
    """The police agency's representative is not the police's safeguarding partner."""
    _mark(meeting, personas.agency_a_rep, Attendance.PRESENT)
    _mark(meeting, personas.partnership_team, Attendance.PRESENT)
    _mark(meeting, partners[StatutoryPartner.POLICE], Attendance.APOLOGIES)
    for partner in ORDER[:2]:
        _mark(meeting, partners[partner], Attendance.PRESENT)
    assert quorum_for(meeting).sentence == "Not quorate: the police are not represented yet."


def test_a_delegate_counts_for_their_partner(meeting, partners):
    """A second safeguarding partner account for the police (a delegate) present is enough."""
    police = partners[StatutoryPartner.POLICE]
    delegate = make_user(
        Role.SAFEGUARDING_PARTNER, police.membership.agency, full_name="Invented Delegate"
    )
    Attendee.objects.create(
        meeting=meeting,
        user=delegate,
        agency=police.membership.agency,
        represents_partner=StatutoryPartner.POLICE,
        attendance=Attendance.PRESENT,
        added_by=meeting.created_by,
    )
    _mark(meeting, police, Attendance.APOLOGIES)
    for partner in ORDER[:2]:
        _mark(meeting, partners[partner], Attendance.PRESENT)
    assert quorum_for(meeting).met
