"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for the meeting's page and arranging it.

Who gets what:
- the meeting's page: everyone on the review (the team, the partners, agency A's people);
  agency B's people get 404 on a review agency B is not on; the scrutineer sees no review (404);
- arranging it, who is invited, sending invitations and the register: the partnership team on an
  open review; the others who see the review are refused (403), the rest get 404;
- removing an attendee who is not on this review's meeting: 404 for the team.
"""

from datetime import date
from typing import Any

from django.urls import reverse

from rapidreview.meetings.models import Attendee
from rapidreview.notifications.models import OutboxMessage

from ..access_support import (
    CHANGES_AGENCY_A_REVIEW,
    SEES_AGENCY_A_REVIEW,
    Entry,
    Redirect,
    by_role,
    cases,
    unknown_review,
)
from ..conftest import Personas
from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .factories import make_meeting

# --- arguments ------------------------------------------------------------------------------------


def _review_of_agency_a(personas: Personas, **fields):
    review = make_review(
        make_incident(personas.partnership_team),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a,),
        **fields,
    )
    if review.is_open:
        nominate(personas.nominee, review, by=personas.agency_a_rep)
    return review


def _meeting_of_agency_a(personas: Personas, **fields):
    """A meeting for agency A's review, the partner and agency A's representative invited (the
    partner's invitation sent), so every form on the pages is there: the team and the nominee
    are still to be added, the representative still to be sent the invitation."""
    review = _review_of_agency_a(personas, meeting_date=date(2026, 3, 18), **fields)
    meeting = make_meeting(
        review,
        by=personas.partnership_team,
        attendees=(personas.safeguarding_partner, personas.agency_a_rep),
    )
    meeting.attendees.filter(user=personas.safeguarding_partner).update(invited_sequence=0)
    return meeting


def meeting_of_agency_a(personas: Personas) -> dict[str, Any]:
    return {"reference": _meeting_of_agency_a(personas).review.reference}


def no_meeting_yet(personas: Personas) -> dict[str, Any]:
    return {"reference": _review_of_agency_a(personas).reference}


def stopped_review_with_meeting(personas: Personas) -> dict[str, Any]:
    meeting = _meeting_of_agency_a(
        personas,
        state="stopped",
        stopped_on=date(2026, 3, 9),
        stopped_reason="Invented: not a serious incident.",
    )
    return {"reference": meeting.review.reference}


def an_attendee(personas: Personas) -> dict[str, Any]:
    meeting = _meeting_of_agency_a(personas)
    attendee = meeting.attendees.get(user=personas.agency_a_rep)
    return {"reference": meeting.review.reference, "attendee": attendee.public_id}


def attendee_of_another_review(personas: Personas) -> dict[str, Any]:
    """Agency A's review, and an attendee of another review's meeting."""
    reference = meeting_of_agency_a(personas)["reference"]
    other = _meeting_of_agency_a(personas)
    return {"reference": reference, "attendee": other.attendees.first().public_id}


# --- expectations ---------------------------------------------------------------------------------


def _people_page(kwargs: dict) -> str:
    return reverse("meetings:attendees", kwargs={"reference": kwargs["reference"]})


def _invitations_queued(kwargs: dict) -> bool:
    return OutboxMessage.objects.filter(review_reference=kwargs["reference"]).exists()


def _attendee_gone(kwargs: dict) -> bool:
    return not Attendee.objects.filter(public_id=kwargs["attendee"]).exists()


NOT_ALLOWED = by_role(default=405)
TO_PEOPLE = Redirect(_people_page, label="attendees")
TEAM_ACTS = by_role(
    default=404,
    partnership_team=TO_PEOPLE,
    safeguarding_partner=403,
    agency_a_rep=403,
    senior_leader=403,
    nominee=403,
)
# A stopped review: the team and the partners still see it, agency A too; no one changes it.
CLOSED = by_role(
    default=404, partnership_team=403, safeguarding_partner=403, agency_a_rep=403, senior_leader=403
)
TEAM_NOT_FOUND = by_role(
    default=404, safeguarding_partner=403, agency_a_rep=403, senior_leader=403, nominee=403
)


def _team_pages() -> tuple[Entry, ...]:
    return cases(
        Entry(
            kwargs=meeting_of_agency_a, get=CHANGES_AGENCY_A_REVIEW, post=CHANGES_AGENCY_A_REVIEW
        ),
        Entry(variant="no_meeting_yet", kwargs=no_meeting_yet, get=CHANGES_AGENCY_A_REVIEW),
        Entry(
            variant="stopped_review", kwargs=stopped_review_with_meeting, get=CLOSED, post=CLOSED
        ),
        Entry(variant="unknown_review", kwargs=unknown_review, get=by_role(default=404)),
    )


ENTRIES: dict[str, tuple[Entry, ...]] = {
    "meetings:meeting": cases(
        Entry(kwargs=meeting_of_agency_a, get=SEES_AGENCY_A_REVIEW, post=NOT_ALLOWED),
        Entry(variant="no_meeting_yet", kwargs=no_meeting_yet, get=SEES_AGENCY_A_REVIEW),
        Entry(
            variant="stopped_review",
            kwargs=stopped_review_with_meeting,
            get=by_role(
                default=404,
                partnership_team=200,
                safeguarding_partner=200,
                agency_a_rep=200,
                senior_leader=200,
            ),
        ),
        Entry(variant="unknown_review", kwargs=unknown_review, get=by_role(default=404)),
    ),
    "meetings:arrange": _team_pages(),
    "meetings:attendees": _team_pages(),
    "meetings:attendance": _team_pages(),
    "meetings:invitations_send": cases(
        Entry(
            kwargs=meeting_of_agency_a,
            get=NOT_ALLOWED,
            post=TEAM_ACTS,
            took_effect=_invitations_queued,
        ),
        Entry(variant="stopped_review", kwargs=stopped_review_with_meeting, post=CLOSED),
        Entry(variant="no_meeting_yet", kwargs=no_meeting_yet, post=TEAM_NOT_FOUND),
    ),
    "meetings:attendee_remove": cases(
        Entry(kwargs=an_attendee, get=NOT_ALLOWED, post=TEAM_ACTS, took_effect=_attendee_gone),
        Entry(variant="elsewhere", kwargs=attendee_of_another_review, post=TEAM_NOT_FOUND),
    ),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {
    "meetings:invitations_send": "the 'Send invitations' button on the meeting's people page",
    "meetings:attendee_remove": "the 'Remove' button beside each person invited",
}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {"meetings:arrange", "meetings:attendees", "meetings:attendance"}
