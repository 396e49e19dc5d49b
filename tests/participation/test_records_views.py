"""The records pages as people use them: the team adds a document and sees who has read it, the
representative confirms reading, uploads to the private area, records alerts and staff. Who may
open what is the access matrix's job (access_records.py); here, what the pages say and do."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapidreview.participation import records
from rapidreview.participation.models import Alert, DocumentRead, ReviewDocument, StaffMember
from rapidreview.reviews.models import ReviewAgency

from ..reviews.factories import make_incident, make_review
from .factories import nominate


@pytest.fixture(autouse=True)
def quick(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.UPLOADED_FILES_DIR = tmp_path / "uploads"


@pytest.fixture
def review(personas):
    review = make_review(
        make_incident(personas.partnership_team, family=("Mother",)),
        convened_by=personas.partnership_team,
        agencies=(personas.agency_a, personas.agency_b),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return review


def url(name: str, review, **kwargs) -> str:
    return reverse(f"participation:{name}", kwargs={"reference": review.reference, **kwargs})


def upload(name="Invented terms.txt", content=b"Invented terms of reference.\n"):
    return SimpleUploadedFile(name, content)


def test_the_team_adds_a_document_and_sees_who_has_read_it(review, personas, client_for):
    team = client_for(personas.partnership_team)
    response = team.post(
        url("document_add", review),
        {"title": "Invented terms", "kind": "terms_of_reference", "file": upload()},
    )
    assert response.status_code == 302
    document = ReviewDocument.objects.get()

    rep = client_for(personas.agency_a_rep)
    page = rep.get(url("documents", review)).content.decode()
    assert "I have read this" in page
    rep.post(url("document_read", review, document_id=document.public_id))
    assert "You have confirmed you read this document" in rep.get(url("documents", review)).text

    seen = team.get(url("documents", review)).content.decode()
    assert f"{personas.agency_a.name}</strong>: {personas.agency_a_rep.full_name}" in seen
    not_read = seen.split("Not read yet", 1)[1]
    assert personas.agency_b.name in not_read and personas.agency_a.name not in not_read


def test_a_document_with_a_forbidden_file_is_refused_with_the_other_answers_kept(
    review, personas, client_for
):
    response = client_for(personas.partnership_team).post(
        url("document_add", review),
        {"title": "Invented terms", "kind": "other", "file": upload("tool.exe", b"MZ\x90\x00")},
    )
    assert response.status_code == 200
    assert "The selected file must be" in response.text
    assert 'value="Invented terms"' in response.text
    assert not ReviewDocument.objects.exists()


def test_a_senior_leader_reads_the_documents_but_has_no_button(review, personas, client_for):
    records.review_document_add(
        actor=personas.partnership_team,
        review=review,
        title="Invented terms",
        kind="other",
        uploaded_file=upload(),
    )
    page = client_for(personas.senior_leader).get(url("documents", review)).text
    assert "Download Invented terms" in page and "I have read this" not in page


def test_confirming_twice_from_the_page_keeps_one_confirmation(review, personas, client_for):
    document = records.review_document_add(
        actor=personas.partnership_team,
        review=review,
        title="Invented terms",
        kind="other",
        uploaded_file=upload(),
    )
    nominee = client_for(personas.nominee)
    for _ in range(2):
        nominee.post(url("document_read", review, document_id=document.public_id))
    assert DocumentRead.objects.filter(user=personas.nominee).count() == 1


def test_the_private_record_downloads_only_for_the_representative_and_nominee(
    review, personas, client_for
):
    rep = client_for(personas.agency_a_rep)
    response = rep.post(
        url("private_records", review),
        {"description": "Invented call log", "file": upload("Call log.txt", b"Invented log\n")},
    )
    assert response.status_code == 302
    page = rep.get(url("private_records", review)).text
    assert "Invented call log" in page
    record = ReviewAgency.objects.get(review=review, agency=personas.agency_a).private_records.get()
    download = reverse("documents:download", kwargs={"public_id": record.stored_file.public_id})
    expected = {
        "agency_a_rep": 200,
        "nominee": 200,
        "partnership_team": 404,
        "senior_leader": 404,
        "agency_b_rep": 404,
        "safeguarding_partner": 404,
        "scrutineer": 404,
    }
    for who, status in expected.items():
        response = client_for(getattr(personas, who)).get(download)
        assert response.status_code == status, who
        if status == 200:
            assert b"".join(response.streaming_content) == b"Invented log\n"


def test_an_alert_is_added_for_the_person_chosen_from_the_list(review, personas, client_for):
    rep = client_for(personas.agency_a_rep)
    page = rep.get(url("alerts", review)).text
    assert "No alert recorded yet for" in page
    form = rep.get(url("alert_add", review) + "?person=family-1").text
    assert 'value="family-1" checked' in form
    response = rep.post(
        url("alert_add", review),
        {
            "person": "family-1",
            "system": "Invented custody system",
            "placed_on_day": "9",
            "placed_on_month": "3",
            "placed_on_year": "2026",
            "placed_by": "Invented Officer, records clerk",
        },
    )
    assert response.status_code == 302
    alert = Alert.objects.get()
    assert alert.family_member == review.incident.family.get()
    page = rep.get(url("alerts", review)).text
    assert "9 March 2026" in page and "Invented custody system" in page


def test_the_staff_form_refuses_a_full_name_and_saves_nothing(review, personas, client_for):
    rep = client_for(personas.agency_a_rep)
    answers = {"role": "Response officer", "initials": "John Smith", "contact_people": "child-1"}
    response = rep.post(url("staff_add", review), answers)
    assert response.status_code == 200
    assert "Initials must be 1 to 4 letters, not a full name" in response.text
    assert not StaffMember.objects.exists()
    response = rep.post(url("staff_add", review), answers | {"initials": "JS"})
    assert response.status_code == 302
    member = StaffMember.objects.get()
    assert member.contact_with == review.incident.children.get().full_name


def test_editing_a_staff_entry_shows_the_named_person_ticked(review, personas, client_for):
    part = ReviewAgency.objects.get(review=review, agency=personas.agency_a)
    mother = review.incident.family.get()
    member = StaffMember.objects.create(
        review_agency=part,
        role="Response officer",
        initials="JS",
        contact_with=f"{mother.full_name}; a neighbour",
        recorded_by=personas.agency_a_rep,
    )
    page = client_for(personas.nominee).get(url("staff_edit", review, member_id=member.public_id))
    assert 'value="family-1" checked' in page.text
    assert 'value="a neighbour"' in page.text


def test_records_secured_is_read_only_for_the_senior_leader(review, personas, client_for):
    part = ReviewAgency.objects.get(review=review, agency=personas.agency_a)
    records.records_secure(
        actor=personas.agency_a_rep,
        review_agency=part,
        secured_on=date(2026, 3, 9),
        location="Invented restricted folder",
        who_may_access="Invented people",
    )
    page = client_for(personas.senior_leader).get(url("records_secured", review)).text
    assert "Invented restricted folder" in page and '<form method="post" novalidate>' not in page
    assert "private area" not in page


def test_the_documents_page_query_count_does_not_grow(
    review, personas, client_for, django_assert_max_num_queries
):
    team = client_for(personas.partnership_team)
    for n in range(4):
        document = records.review_document_add(
            actor=personas.partnership_team,
            review=review,
            title=f"Invented {n}",
            kind="other",
            uploaded_file=upload(),
        )
        part = ReviewAgency.objects.get(review=review, agency=personas.agency_a)
        records.document_confirm_read(
            actor=personas.agency_a_rep, document=document, review_agency=part
        )
    team.get(url("documents", review))  # warm the session
    with django_assert_max_num_queries(25):
        assert team.get(url("documents", review)).status_code == 200


def test_after_closure_the_representative_records_the_alerts_reviewed(review, personas, client_for):
    from rapidreview.participation import records_people
    from rapidreview.reviews.models import State

    part = ReviewAgency.objects.get(review=review, agency=personas.agency_a)
    records_people.alert_record(
        actor=personas.agency_a_rep,
        review_agency=part,
        person=review.incident.children.get(),
        system="Invented niche system",
        placed_on=date(2026, 3, 9),
        placed_by="Invented Officer",
    )
    review.meeting_date, review.signed_off_on = date(2026, 3, 20), date(2026, 3, 23)
    review.sent_to_panel_on, review.panel_responded_on = date(2026, 3, 24), date(2026, 3, 30)
    review.state, review.closed_on = State.CLOSED, date(2026, 4, 2)
    review.save()

    rep = client_for(personas.agency_a_rep)
    page = rep.get(url("alerts", review)).text
    assert "Review your alerts" in page and "1 not yet reviewed" in page
    response = rep.post(
        url("alerts_reviewed", review),
        {"reviewed_on_day": "3", "reviewed_on_month": "4", "reviewed_on_year": "2026"},
    )
    assert response.status_code == 302
    assert Alert.objects.get().reviewed_on == date(2026, 4, 3)
    assert "3 April 2026" in rep.get(url("alerts", review)).text
