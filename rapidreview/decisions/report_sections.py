"""The sections of the report to the Panel built from the notification, the agencies' returns,
the team's narrative text, the decision and its sign-off (the meeting's records are in
`report_meeting.py`)."""

from datetime import date

from django.conf import settings
from django.db.models import Count

from rapidreview.accounts.models import StatutoryPartner
from rapidreview.core.calendar import today
from rapidreview.core.dates import UK_TIME, long_date
from rapidreview.meetings.models import Meeting
from rapidreview.reviews.models import Child, FamilyMember, RapidReview, ReviewAgency
from rapidreview.scoping.models import ChronologyEntry, ReturnState

from .models import CRITERIA, NARRATIVE_SECTIONS, Decision, Outcome, ReportText
from .queries import PARTNER_NAMES, current_sign_offs
from .report_parts import (
    NOT_RECORDED,
    NOT_WRITTEN,
    Block,
    Facts,
    Prose,
    Section,
    Subheading,
    Table,
    Text,
    age_at,
    agency_shown,
    count_of,
    education_status,
    month_and_year,
    said,
    text_or,
)


def administrative(review: RapidReview, meeting: Meeting | None) -> Section:
    incident = review.incident
    held = meeting.starts_at.astimezone(UK_TIME).date() if meeting else review.meeting_date
    rows = (
        ("Safeguarding partnership", said(settings.PARTNERSHIP_NAME)),
        ("Rapid review", said(review.reference)),
        ("SIN reference", Text(incident.sin_reference, "SIN reference", "incident")),
        ("Date the SIN was submitted", said(long_date(incident.sin_submitted_date))),
        (
            "Local authority where the incident happened",
            Text(incident.incident_local_authority, "Local authority of the incident", "incident"),
        ),
        (
            "Local authority where the child lives",
            Text(incident.residence_local_authority, "Local authority of residence", "incident"),
        ),
        ("Date of the rapid review meeting", said(long_date(held) or "Not held yet")),
        ("Date sent to the Panel", said(long_date(review.sent_to_panel_on) or "Not sent yet")),
        ("Date of this report", said(long_date(today()))),
    )
    return Section("Administrative details", "From the notification", [Facts(rows)])


def children(records: list[Child], on: date) -> Section:
    blocks: list[Block] = []
    for child in records:
        who = f"Child {child.position}"
        blocks.append(Subheading(Text(child.pseudonym, f"{who}: pseudonym", "child")))
        rows = (
            ("Age at the incident", said(age_at(child.date_of_birth, on))),
            ("Sex", said(child.get_sex_display())),
            ("Ethnicity", text_or(child.ethnicity, f"{who}: ethnicity", "child")),
            ("Disability", text_or(child.disability, f"{who}: disability", "child")),
            ("Legal status", said(child.get_legal_status_display())),
            (
                "Education",
                Text(education_status(child.education), f"{who}: education", "child")
                if child.education.strip()
                else said(NOT_RECORDED),
            ),
        )
        blocks.append(Facts(rows))
    heading = "The child" if len(records) == 1 else "The children"
    return Section(heading, "From the notification", blocks)


def incident_section(review: RapidReview) -> Section:
    incident = review.incident
    rows = (
        ("Nature of the incident", said(incident.get_nature_display())),
        ("When", said(month_and_year(incident.incident_date))),
        ("Looked-after status", said(incident.get_looked_after_display())),
    )
    circumstances = Text(incident.circumstances, "Incident: brief circumstances", "incident")
    return Section("The incident", "From the notification", [Facts(rows), Prose(circumstances)])


def family(records: list[FamilyMember], on: date) -> Section:
    rows = []
    for member in records:
        who = f"Family member {member.position}"
        relationship = member.get_relationship_display()
        if member.relationship_detail.strip():
            relationship += f" ({member.relationship_detail.strip()})"
        rows.append(
            (
                Text(member.pseudonym, f"{who}: pseudonym", "family"),
                Text(relationship, f"{who}: relationship", "family"),
                said(age_at(member.date_of_birth, on)),
            )
        )
    if not rows:
        return Section(
            "Family and household", "None recorded", [Prose(said("No family members recorded."))]
        )
    table = Table(
        ("Role", "Relationship to the child", "Age at the incident"), tuple(rows), (3, 4, 3)
    )
    return Section("Family and household", count_of(rows, "person", "people"), [table])


def involvement(review: RapidReview) -> Section:
    agencies = list(
        ReviewAgency.objects.filter(review=review)
        .select_related("agency", "declaration", "scoping_return")
        .prefetch_related("declaration__lines")
        .order_by("agency__name")
    )
    entries = {
        row["scoping_return__review_agency_id"]: row["count"]
        for row in ChronologyEntry.objects.filter(
            scoping_return__review_agency__review=review,
            scoping_return__state=ReturnState.RELEASED,
        )
        .values("scoping_return__review_agency_id")
        .annotate(count=Count("pk"))
    }
    rows = []
    for review_agency in agencies:
        declaration = getattr(review_agency, "declaration", None)
        lines = [line for line in declaration.lines.all() if line.involved] if declaration else []
        if declaration is None:
            involvement, period = "Not declared yet", "–"
        elif not lines:
            involvement, period = "Nil return: knew none of the family", "–"
        else:
            involvement, period = "Involved", _period(lines)
        scoping_return = getattr(review_agency, "scoping_return", None)
        released = scoping_return is not None and scoping_return.state == ReturnState.RELEASED
        count = str(entries.get(review_agency.pk, 0)) if released else "Return not released"
        rows.append(
            tuple(said(v) for v in (agency_shown(review_agency.agency), involvement, period, count))
        )
    if not rows:
        return Section("Agency involvement", "None recorded", [Prose(said("No agencies yet."))])
    headers = ("Agency", "Involvement", "Period", "Chronology entries")
    table = Table(headers, tuple(rows), (4, 3, 4, 2))
    return Section("Agency involvement", count_of(rows, "agency", "agencies"), [table])


def _period(lines) -> str:
    firsts = [line.first_contact for line in lines if line.first_contact]
    lasts = [line.last_contact for line in lines if line.last_contact]
    if not firsts and not lasts:
        return "Dates not given"
    start = long_date(min(firsts)) if firsts else "not given"
    end = long_date(max(lasts)) if lasts else "not given"
    return f"{start} to {end}"


def narrative(heading: str, fields: tuple[str, ...], text: ReportText | None) -> Section:
    blocks: list[Block] = []
    written = 0
    for name in fields:
        label = NARRATIVE_SECTIONS[name]
        value = (getattr(text, name, "") or "").strip()
        written += bool(value)
        if len(fields) > 1:
            blocks.append(Subheading(said(label)))
        source = Text(value, label, f"report_text:{name}") if value else said(NOT_WRITTEN)
        blocks.append(Prose(source))
    status = "Written" if written == len(fields) else "Partly written" if written else NOT_WRITTEN
    return Section(heading, status, blocks)


def decision_section(decision: Decision | None) -> Section:
    if decision is None:
        return Section(
            "The decision", "Not recorded yet", [Prose(said("The decision is not recorded yet."))]
        )
    criteria = tuple(
        (
            said(f"({letter}) {wording}"),
            said(getattr(decision, f"get_criterion_{letter}_display")()),
            Text(
                getattr(decision, f"criterion_{letter}_reasoning"),
                f"Decision: reasoning for criterion ({letter})",
                "decision",
            ),
        )
        for letter, wording in CRITERIA.items()
    )
    rows = [
        ("Outcome", said(decision.get_outcome_display())),
        ("Rationale", Text(decision.rationale, "Decision: rationale", "decision")),
        ("The partners' view on a national review", said(decision.get_national_view_display())),
    ]
    if decision.national_view_reasoning.strip():
        rows.append(
            (
                "Reasoning on a national review",
                Text(decision.national_view_reasoning, "Decision: national review", "decision"),
            )
        )
    if decision.outcome == Outcome.ALTERNATIVE or decision.alternative_route:
        rows.append(
            ("Alternative learning route", said(decision.get_alternative_route_display() or "–"))
        )
        rows.append(
            (
                "About the route",
                text_or(decision.alternative_detail, "Decision: about the route", "decision"),
            )
        )
    table = Table(("Criterion (regulation 11)", "Assessment", "Reasoning"), criteria, (5, 2, 5))
    return Section("The decision", "Recorded", [table, Facts(tuple(rows))])


def sign_off(review: RapidReview, decision: Decision | None) -> Section:
    signed = current_sign_offs(review) if decision else {}
    rows = []
    for partner in StatutoryPartner:
        name = PARTNER_NAMES[partner]
        given = signed.get(partner.value)
        label = said(name[:1].upper() + name[1:])
        if given is None:
            rows.append((label, said("Not signed yet"), said("–"), said("–"), said("–")))
            continue
        source = f"Sign-off by {name}"
        rows.append(
            (
                label,
                said("Agreed" if given.agrees else "Disagreed"),
                text_or(given.comment, f"{source}: comment", "sign_off", "–"),
                said(long_date(given.signed_at.astimezone(UK_TIME).date())),
                text_or(given.signed_role, f"{source}: role of the signatory", "sign_off", "–"),
            )
        )
    headers = ("Safeguarding partner", "Decision", "Comment", "Date", "Signed by (role)")
    status = f"{len(signed)} of {len(StatutoryPartner)} signed"
    table = Table(headers, tuple(rows), (3, 2, 4, 3, 3))
    return Section("The partners' sign-off", status, [table])
