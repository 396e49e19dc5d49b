"""Every page that shows personal data writes exactly one page-view event each time it is shown,
and the partnership team can see each of those views in the audit trail."""

import re

import pytest
from django.urls import reverse

from rapidreview.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db


def page_views() -> list[str]:
    return list(
        AuditEvent.objects.filter(verb=Verb.PAGE_VIEWED)
        .order_by("sequence")
        .values_list("payload__path", flat=True)
    )


def test_each_page_view_is_recorded_once_and_shown_once_in_the_audit_trail(personas, client_for):
    client = client_for(personas.partnership_team)
    pages = [
        reverse("accounts:user_list"),
        reverse("accounts:user_detail", args=[personas.agency_a_rep.public_id]),
        reverse("accounts:account"),
        reverse("audit:event_list"),
    ]
    for page in pages:
        assert client.get(page).status_code == 200
    assert page_views() == pages

    trail = client.get(reverse("audit:event_list")).content.decode()
    for page in pages:
        # Each view is one row; the row's details hold the path and nothing else.
        assert (
            len(re.findall(rf'class="govuk-body-s app-audit-details">{re.escape(page)}<', trail))
            == 1
        )
    # That last look at the trail was recorded as well, once.
    assert page_views() == [*pages, reverse("audit:event_list")]


def test_opening_the_same_page_twice_records_two_views(personas, client_for):
    client = client_for(personas.partnership_team)
    client.get(reverse("accounts:account"))
    client.get(reverse("accounts:account"))
    assert page_views() == [reverse("accounts:account")] * 2


def test_a_page_shown_again_with_errors_after_a_post_is_a_view(personas, client_for):
    client = client_for(personas.partnership_team)
    page = reverse("accounts:user_detail", args=[personas.agency_a_rep.public_id])
    response = client.post(page, {"role": "not-a-role"})
    assert response.status_code == 200
    assert page_views() == [page]


def test_refused_and_missing_pages_record_no_view(personas, client_for):
    client = client_for(personas.agency_a_rep)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("audit:event_list")).status_code == 403
    team = client_for(personas.partnership_team)
    missing = reverse("accounts:user_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert team.get(missing).status_code == 404
    assert page_views() == []
