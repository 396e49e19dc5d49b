"""Access matrix entries (tests/test_access_matrix.py) and robustness registrations
(tests/test_robustness.py) for the report to the National Panel.

Who gets what, on agency A's review:
- the report page and the downloads: the team and the partners; agency A's people are refused
  (403) until the completed review has been shared with agency A, and then see it; agency B and
  the scrutineer: 404. A download before the decision is recorded, or while the anonymisation
  check refuses, shows the report page with the reason (409) and no file; a format other than
  docx or pdf is not found (404);
- writing the report text: the team, until the review is sent to the Panel (then 403); the
  partners and agency A's people are refused.
"""

from datetime import date
from typing import Any

from rapidreview.decisions.models import OutcomeShare, ReportText
from rapidreview.reviews.models import Child, ReviewAgency, State

from ..access_support import Entry, by_role, cases, unknown_review
from ..conftest import Personas
from ..participation.factories import nominate
from ..reviews.factories import make_incident, make_review
from .factories import make_decision

MEETING = {"meeting_date": date(2026, 3, 20)}
SENT = MEETING | {"signed_off_on": date(2026, 3, 23), "sent_to_panel_on": date(2026, 3, 24)}


def _review(
    personas: Personas,
    *,
    state: str = State.AWAITING_SIGN_OFF,
    decided: bool = True,
    leak: bool = False,
    shared: bool = False,
    **dates,
):
    """Agency A's review, its report written in pseudonyms (or, with `leak`, naming the child)."""
    team = personas.partnership_team
    incident = make_incident(team, circumstances="A made-up incident for the access matrix.")
    Child.objects.filter(incident=incident).update(full_name="Testchild Matrixname")
    review = make_review(
        incident,
        convened_by=team,
        state=state,
        agencies=(personas.agency_a,),
        **(dates or MEETING),
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    if decided:
        make_decision(review, by=team)
    summary = "Testchild was hurt." if leak else "Child A was hurt."
    ReportText.objects.create(review=review, updated_by=team, case_summary=summary)
    if shared:
        OutcomeShare.objects.create(
            review_agency=ReviewAgency.objects.get(review=review, agency=personas.agency_a),
            shared_by=team,
        )
    return review


def _reference(**options):
    def build(personas: Personas) -> dict[str, Any]:
        return {"reference": _review(personas, **options).reference}

    return build


def _download(fmt: str, **options):
    def build(personas: Personas) -> dict[str, Any]:
        return {"reference": _review(personas, **options).reference, "fmt": fmt}

    return build


NOT_ALLOWED = by_role(default=405)
SEES_REPORT = by_role(
    default=404,
    partnership_team=200,
    safeguarding_partner=200,
    agency_a_rep=403,
    senior_leader=403,
    nominee=403,
)
SEES_SHARED_REPORT = SEES_REPORT | {"agency_a_rep": 200, "senior_leader": 200, "nominee": 200}
REFUSED_DOWNLOAD = SEES_REPORT | {"partnership_team": 409, "safeguarding_partner": 409}
WRITES_REPORT = by_role(
    default=404,
    partnership_team=200,
    safeguarding_partner=403,
    agency_a_rep=403,
    senior_leader=403,
    nominee=403,
)

ENTRIES: dict[str, tuple[Entry, ...]] = {
    "decisions:report": cases(
        Entry(kwargs=_reference(), get=SEES_REPORT, post=NOT_ALLOWED),
        Entry(
            variant="shared_with_agency_a", kwargs=_reference(shared=True), get=SEES_SHARED_REPORT
        ),
        Entry(variant="refused_by_the_check", kwargs=_reference(leak=True), get=SEES_REPORT),
        Entry(variant="unknown_review", kwargs=unknown_review, get=by_role(default=404)),
    ),
    "decisions:report_text": cases(
        # Sent back empty, the team's form is shown again with its errors.
        Entry(kwargs=_reference(), get=WRITES_REPORT, post=WRITES_REPORT),
        Entry(
            variant="sent_to_panel",
            kwargs=_reference(state=State.SENT_TO_PANEL, **SENT),
            get=WRITES_REPORT | {"partnership_team": 403},
        ),
        Entry(variant="unknown_review", kwargs=unknown_review, get=by_role(default=404)),
    ),
    "decisions:report_download": cases(
        Entry(kwargs=_download("docx"), get=SEES_REPORT, post=NOT_ALLOWED),
        Entry(variant="pdf", kwargs=_download("pdf"), get=SEES_REPORT),
        Entry(
            variant="shared_with_agency_a",
            kwargs=_download("docx", shared=True),
            get=SEES_SHARED_REPORT,
        ),
        Entry(variant="no_decision", kwargs=_download("docx", decided=False), get=REFUSED_DOWNLOAD),
        Entry(
            variant="refused_by_the_check", kwargs=_download("pdf", leak=True), get=REFUSED_DOWNLOAD
        ),
        Entry(variant="unknown_format", kwargs=_download("xls"), get=by_role(default=404)),
        Entry(
            variant="unknown_review",
            kwargs=lambda personas: {"reference": "RR-2026-999", "fmt": "docx"},
            get=by_role(default=404),
        ),
    ),
}

# POST endpoints with no form of their own: URL name -> the button that posts to them.
ACTION_ENDPOINTS: dict[str, str] = {}

# URL names whose form the robustness harness must find.
KNOWN_FORMS: set[str] = {"decisions:report_text"}
