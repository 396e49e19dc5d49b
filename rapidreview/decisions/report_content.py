"""The report to the National Panel as data (DOMAIN.md §7), built once and rendered to Word and PDF.

Every piece of text that comes from the review is a `Text` tagged with the field it came from, in
words ("Case summary", "Challenge 1: question"), so the anonymisation check (`anonymise.py`) can
name the field that leaks without repeating what leaked. Headings and labels are the report's
own words; `Text(typed=False)` marks words the service chose (dates, ages, choice labels, agency
names), `typed=True` what a person wrote.

Anonymised by construction: children and family members by pseudonym or role, practitioners by
role, ages at the incident instead of dates of birth, the month and year of the incident, no
addresses, and the education setting as a status ("Primary school", "Year 3"), never its name;
schools, nurseries and GP practices among the agencies are named by their kind too.
"""

from django.conf import settings

from rapidreview.documents.word import MARKING
from rapidreview.meetings.models import Meeting
from rapidreview.reviews.models import RapidReview

from .models import Decision, ReportText
from .report_meeting import actions, challenges, family_involvement, learning, processes
from .report_parts import Block, Facts, Prose, Report, Section, Subheading, Table, Text
from .report_sections import (
    administrative,
    children,
    decision_section,
    family,
    incident_section,
    involvement,
    narrative,
    sign_off,
)

__all__ = ["Block", "Facts", "Prose", "Report", "Section", "Subheading", "Table", "Text"]


# --- the report --------------------------------------------------------------------------------


def title_of(review: RapidReview) -> str:
    return f"Rapid review: {review.reference}"


def build_report(review: RapidReview) -> Report:
    """The report to the Panel for `review`, as it stands now."""
    incident = review.incident
    on = incident.incident_date
    meeting = Meeting.objects.filter(review=review).first()
    decision = Decision.objects.filter(review=review).first()
    text = ReportText.objects.filter(review=review).first()
    sections = [
        administrative(review, meeting),
        children(list(incident.children.order_by("position")), on),
        incident_section(review),
        family(list(incident.family.order_by("position")), on),
        involvement(review),
        narrative(
            "Case summary and key practice episodes",
            ("case_summary", "key_practice_episodes"),
            text,
        ),
        narrative("The child's lived experience and voice", ("lived_experience",), text),
        narrative("Context, equality and identity", ("context_equality_identity",), text),
        narrative("Practice analysis", ("went_well", "must_improve", "multi_agency_working"), text),
        actions(review),
        learning(review, text),
        challenges(review),
        processes(review),
        decision_section(decision),
        sign_off(review, decision),
        family_involvement(meeting),
    ]
    return Report(
        reference=review.reference,
        title=title_of(review),
        partnership=settings.PARTNERSHIP_NAME,
        marking=MARKING,
        sections=sections,
    )
