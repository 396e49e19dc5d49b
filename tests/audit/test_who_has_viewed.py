"""The "who has viewed this" panel a review page includes with
`{% who_has_viewed review.reference %}`."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from rapidreview.audit.models import Verb
from rapidreview.audit.services import audit_record

pytestmark = pytest.mark.django_db

PANEL = Template("{% load audit_tags %}{% who_has_viewed reference %}")


def render_panel(user, reference: str = "RR-2027-001") -> str:
    request = RequestFactory().get("/reviews/")
    request.user = user
    html = PANEL.render(Context({"reference": reference, "request": request, "user": user}))
    return re.sub(r"\s+", " ", html)


def viewed(user, when: datetime, reference: str = "RR-2027-001", verb=Verb.PAGE_VIEWED):
    with time_machine.travel(when, tick=False):
        audit_record(actor=user, verb=verb, review_reference=reference)


def table_rows(html: str) -> list[str]:
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("</tr>")
    ][:-1]


def test_the_panel_lists_each_viewer_with_agency_last_view_and_count(personas):
    viewed(personas.agency_a_rep, datetime(2027, 1, 13, 9, 0, tzinfo=UTC))
    viewed(personas.agency_a_rep, datetime(2027, 1, 13, 14, 30, tzinfo=UTC))
    viewed(
        personas.agency_a_rep,
        datetime(2027, 1, 13, 15, 0, tzinfo=UTC),
        verb=Verb.FILE_DOWNLOADED,
    )
    viewed(personas.partnership_team, datetime(2027, 1, 14, 8, 0, tzinfo=UTC))
    # Not views of this review: another review, a change, and someone not signed in.
    viewed(personas.agency_b_rep, datetime(2027, 1, 15, 8, 0, tzinfo=UTC), reference="RR-2027-002")
    viewed(personas.agency_b_rep, datetime(2027, 1, 15, 9, 0, tzinfo=UTC), verb=Verb.USER_CHANGED)
    viewed(None, datetime(2027, 1, 15, 10, 0, tzinfo=UTC))

    html = render_panel(personas.partnership_team)
    assert "Who has viewed this review" in html
    assert table_rows(html) == [
        "Pat Team Partnership 14 January 2027, 8:00am 1",
        "Alex Arep Invented Police Force 13 January 2027, 3:00pm 3",
    ]


def test_the_scrutineer_sees_the_panel_too(personas):
    viewed(personas.agency_a_rep, datetime(2027, 1, 13, 9, 0, tzinfo=UTC))
    assert "Alex Arep" in render_panel(personas.scrutineer)


def test_a_review_nobody_has_viewed_says_so(personas):
    assert "No one has viewed this review yet." in render_panel(personas.partnership_team)


@pytest.mark.parametrize(
    "persona", ["agency_a_rep", "agency_b_rep", "senior_leader", "safeguarding_partner"]
)
def test_the_panel_shows_nothing_to_those_who_cannot_see_the_audit_trail(personas, persona):
    viewed(personas.agency_a_rep, datetime(2027, 1, 13, 9, 0, tzinfo=UTC))
    assert render_panel(personas.by_name(persona)).strip() == ""


def test_the_panel_shows_nothing_to_someone_not_signed_in(db):
    assert render_panel(AnonymousUser()).strip() == ""


def test_the_panel_costs_one_query_however_many_viewers(personas, django_assert_num_queries):
    for hour in range(5):
        viewed(personas.agency_a_rep, datetime(2027, 1, 13, hour, 0, tzinfo=UTC))
        viewed(personas.agency_b_rep, datetime(2027, 1, 13, hour, 30, tzinfo=UTC))
    user = personas.partnership_team
    user.membership  # noqa: B018 - loaded already on a real request
    with django_assert_num_queries(1):
        render_panel(user)
