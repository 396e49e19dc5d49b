"""Shared set-up for the chronology tests: a review with the police (agency A) and the school
(agency B) on it, whose notification names Child A and their mother (invented names)."""

import io
from datetime import date, time
from pathlib import Path

from openpyxl import Workbook

from rapidreview.scoping.models import ContactType

from ..reviews.factories import make_incident, make_review
from .factories import make_return

SAMPLE_CSV = Path(__file__).parent / "data" / "chronology_sample.csv"


def chronology_review(personas):
    team = personas.partnership_team
    incident = make_incident(team, children=("Child A",), family=("Mother",))
    return make_review(incident, convened_by=team, agencies=(personas.agency_a, personas.agency_b))


def police_return(personas, review):
    return make_return(review, personas.agency_a, by=personas.agency_a_rep)


def values(review, **changes) -> dict:
    incident = review.incident
    return {
        "occurred_on": date(2025, 6, 2),
        "occurred_at": time(9, 30),
        "people": [incident.children.get()],
        "contact_type": ContactType.HOME_VISIT,
        "practitioner_role": "Health visitor",
        "what_happened": "Planned visit. The child was seen.",
        "action_or_outcome": "Next visit booked",
        "source_reference": "HV-1",
    } | changes


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
