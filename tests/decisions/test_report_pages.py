"""The report pages: what the report holds and its check, the downloads (audited, not cached,
refused with the fields to fix), and writing the narrative text with optimistic locking."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from docx import Document

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.decisions.models import ReportText
from rapidreview.meetings.models import Challenge, LearningPoint, LearningTheme

from .report_data import TEXT, report_review, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(personas):
    return report_review(personas)


def _urls(review) -> dict[str, str]:
    reference = review.reference
    return {
        "page": reverse("decisions:report", args=[reference]),
        "write": reverse("decisions:report_text", args=[reference]),
        "docx": reverse("decisions:report_download", args=[reference, "docx"]),
        "pdf": reverse("decisions:report_download", args=[reference, "pdf"]),
    }


def test_the_page_lists_the_sections_and_offers_both_files(data, personas, client_for):
    urls = _urls(data.review)
    page = client_for(personas.partnership_team).get(urls["page"]).content.decode()
    assert "Report to the National Panel" in page
    assert "1. Administrative details" in page and "16. Family involvement" in page
    assert "Passed" in page
    assert f'href="{urls["docx"]}">Rapid review report, Word</a>' in page
    assert f'href="{urls["pdf"]}">Rapid review report, PDF</a>' in page
    assert f'href="{urls["write"]}"' in page


def test_the_download_is_the_word_file_audited_and_not_cached(data, personas, client_for):
    client = client_for(personas.safeguarding_partner)
    urls = _urls(data.review)
    response = client.get(urls["docx"])
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{data.review.reference}-rapid-review.docx"'
    )
    assert response["Cache-Control"] == "no-store"
    assert Document(io.BytesIO(response.content)).paragraphs[0].text.startswith("Rapid review")
    event = AuditEvent.objects.filter(verb=Verb.REPORT_DOWNLOADED).latest("sequence")
    assert event.actor == personas.safeguarding_partner
    assert event.payload == {"format": "docx", "bytes": len(response.content)}
    size = max(1, round(len(response.content) / 1024))
    assert f"Rapid review report, Word, {size} KB" in client.get(urls["page"]).content.decode()


def test_a_name_in_the_case_summary_refuses_the_download_with_a_link_to_the_field(
    data, personas, client_for
):
    write(data.review, case_summary="Fennimore was seen by the school nurse.")
    client = client_for(personas.partnership_team)
    urls = _urls(data.review)
    for url, status in ((urls["page"], 200), (urls["docx"], 409), (urls["pdf"], 409)):
        response = client.get(url)
        assert response.status_code == status
        assert "Content-Disposition" not in response
        page = response.content.decode()
        assert "The report names someone on the review" in page
        assert (
            f'<a href="{urls["write"]}#id_case_summary">Case summary holds the first name of '
            "Child A</a>" in page
        )
        assert "Fennimore" not in page
        assert "Rapid review report, Word" not in page
    refusals = AuditEvent.objects.filter(verb=Verb.REPORT_REFUSED)
    assert [event.payload["fields"] for event in refusals] == [["Case summary"]] * 2


def test_an_address_in_a_challenge_links_to_the_challenge(data, personas, client_for):
    Challenge.objects.filter(pk=data.first_challenge.pk).update(
        question="Why did no one visit 22 Foxglove Lane?"
    )
    page = client_for(personas.partnership_team).get(_urls(data.review)["page"])
    content = page.content.decode()
    assert "Challenge 1: question holds the address of Mother&#x27;s partner" in content
    assert "Foxglove" not in content


def test_the_download_waits_for_the_decision(data, personas, client_for):
    data.review.decision.delete()
    client = client_for(personas.partnership_team)
    urls = _urls(data.review)
    assert "once the decision is recorded" in client.get(urls["page"]).content.decode()
    response = client.get(urls["pdf"])
    assert response.status_code == 409
    assert "has no decision yet" in response.content.decode()


def test_the_team_writes_the_report_text(data, personas, client_for):
    client = client_for(personas.partnership_team)
    urls = _urls(data.review)
    page = client.get(urls["write"]).content.decode()
    assert "Use pseudonyms and roles, never names." in page
    assert "Pseudonyms on this review: Child A, Child B, Mother, Mother&#x27;s partner." in page
    assert escape(TEXT["case_summary"]) in page
    version = ReportText.objects.get(review=data.review).version
    answers = {**TEXT, "version": version, "went_well": "Mother engaged well with the nurse."}
    response = client.post(urls["write"], answers)
    assert response.status_code == 302 and response["Location"] == urls["page"]
    text = ReportText.objects.get(review=data.review)
    assert (text.went_well, text.version) == ("Mother engaged well with the nurse.", version + 1)
    event = AuditEvent.objects.filter(verb=Verb.REPORT_TEXT_SAVED).latest("sequence")
    assert event.payload == {"sections": ["went_well"], "version": version + 1}


def test_a_save_from_an_older_version_is_refused_and_the_text_kept(data, personas, client_for):
    client = client_for(personas.partnership_team)
    urls = _urls(data.review)
    version = ReportText.objects.get(review=data.review).version
    write(data.review, version=version + 1, went_well="A colleague's text.")
    mine = {**TEXT, "version": version, "went_well": "My own text, written at the same time."}
    response = client.post(urls["write"], mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed the report while you were editing it" in page
    assert "My own text, written at the same time." in page
    assert ReportText.objects.get(review=data.review).went_well == "A colleague's text."
    assert f'name="version" value="{version + 1}"' in page
    again = client.post(urls["write"], {**mine, "version": version + 1})
    assert again.status_code == 302


def test_the_first_save_makes_the_report_text(personas, client_for, data):
    ReportText.objects.filter(review=data.review).delete()
    client = client_for(personas.partnership_team)
    urls = _urls(data.review)
    assert 'name="version" value="0"' in client.get(urls["write"]).content.decode()
    response = client.post(urls["write"], {"version": 0, "case_summary": "Child A was hurt."})
    assert response.status_code == 302
    assert ReportText.objects.get(review=data.review).case_summary == "Child A was hurt."
    page = client.get(urls["page"]).content.decode()
    assert "Not written yet" in page and "Partly written" in page


def test_a_section_too_long_is_refused_beside_the_field(data, personas, client_for):
    client = client_for(personas.partnership_team)
    urls = _urls(data.review)
    version = ReportText.objects.get(review=data.review).version
    response = client.post(urls["write"], {**TEXT, "version": version, "went_well": "x" * 20_001})
    assert response.status_code == 200
    assert "What went well must be 20,000 characters or fewer" in response.content.decode()
    assert ReportText.objects.get(review=data.review).version == version


def test_the_page_reads_the_same_number_of_queries_however_much_is_recorded(
    data, personas, client_for
):
    client = client_for(personas.partnership_team)
    url = _urls(data.review)["page"]
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    challenge = data.first_challenge
    for _ in range(4):
        Challenge.objects.create(
            review=data.review,
            raised_by=challenge.raised_by,
            raised_with=challenge.raised_with,
            question="Another question.",
            recorded_by=personas.partnership_team,
        )
    point = LearningPoint.objects.create(
        review=data.review, text="Another lesson.", recorded_by=personas.partnership_team
    )
    point.themes.set(LearningTheme.objects.all()[:3])
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
