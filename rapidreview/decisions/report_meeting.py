"""The sections of the report to the Panel built from what the meeting recorded: immediate
safeguarding actions, learning, challenges between agencies, parallel processes and whether the
family has been told."""

from rapidreview.core.dates import long_date
from rapidreview.meetings.models import (
    Challenge,
    LearningPoint,
    Meeting,
    ParallelProcess,
    SafeguardingAction,
)
from rapidreview.reviews.models import RapidReview

from .models import ReportText
from .report_parts import (
    Block,
    Facts,
    Prose,
    Section,
    Subheading,
    Table,
    Text,
    agency_shown,
    count_of,
    said,
    text_or,
)
from .report_sections import narrative


def actions(review: RapidReview) -> Section:
    actions = list(
        SafeguardingAction.objects.filter(review=review).select_related(
            "child", "family_member", "owner__agency"
        )
    )
    rows = []
    for number, action in enumerate(actions, start=1):
        who = f"Immediate safeguarding action {number}"
        area = f"action:{action.public_id}"
        person = action.child or action.family_member
        for_whom = action.get_for_whom_display()
        status = action.get_status_display()
        if action.completed_on:
            status += f" on {long_date(action.completed_on)}"
        rows.append(
            (
                Text(f"{for_whom} ({person.pseudonym})", f"{who}: for whom", area)
                if person
                else said(for_whom),
                Text(action.description, f"{who}: what must be done", area),
                said(agency_shown(action.owner.agency)),
                said(long_date(action.due_on)),
                said(status),
            )
        )
    headers = ("For whom", "What must be done", "Owner", "Due", "Status")
    blocks: list[Block] = (
        [Table(headers, tuple(rows), (3, 5, 3, 2, 2))]
        if rows
        else [Prose(said("No immediate actions recorded."))]
    )
    return Section("Immediate safeguarding actions", count_of(rows, "action"), blocks)


def learning(review: RapidReview, text: ReportText | None) -> Section:
    section = narrative("Immediate learning and actions taken", ("immediate_learning",), text)
    points = list(
        LearningPoint.objects.filter(review=review)
        .select_related("agency__agency")
        .prefetch_related("themes")
    )
    rows = tuple(
        (
            Text(point.text, f"Learning point {number}", f"learning:{point.public_id}"),
            said(agency_shown(point.agency.agency) if point.agency else "All agencies"),
            said(", ".join(theme.name for theme in point.themes.all()) or "None"),
        )
        for number, point in enumerate(points, start=1)
    )
    section.blocks.append(Subheading(said("Learning points")))
    section.blocks.append(
        Table(("What was learned", "Agency", "Themes"), rows, (5, 2, 3))
        if rows
        else Prose(said("No learning points recorded."))
    )
    section.status += f"; {count_of(points, 'learning point').lower()}"
    return section


def challenges(review: RapidReview) -> Section:
    challenges = list(
        Challenge.objects.filter(review=review).select_related(
            "raised_by__agency", "raised_with__agency"
        )
    )
    blocks: list[Block] = []
    for number, challenge in enumerate(challenges, start=1):
        who, area = f"Challenge {number}", f"challenge:{challenge.public_id}"
        blocks.append(Subheading(said(who)))
        rows = (
            ("Raised by", said(agency_shown(challenge.raised_by.agency))),
            ("Raised with", said(agency_shown(challenge.raised_with.agency))),
            ("Question", Text(challenge.question, f"{who}: question", area)),
            ("Response", text_or(challenge.response, f"{who}: response", area, "No response yet")),
            ("Status", said(challenge.get_status_display())),
        )
        blocks.append(Facts(rows))
    if not blocks:
        blocks.append(Prose(said("No challenges recorded.")))
    return Section("Challenges between agencies", count_of(challenges, "challenge"), blocks)


def processes(review: RapidReview) -> Section:
    processes = list(ParallelProcess.objects.filter(review=review).select_related("lead_agency"))
    blocks: list[Block] = []
    for number, process in enumerate(processes, start=1):
        who, area = f"Parallel process {number}", f"process:{process.public_id}"
        blocks.append(Subheading(said(f"Process {number}: {process.get_kind_display()}")))
        rows = (
            (
                "Lead agency",
                said(agency_shown(process.lead_agency) if process.lead_agency else "Not given"),
            ),
            ("Where it has got to", text_or(process.status, f"{who}: where it has got to", area)),
            (
                "Limits on disclosure",
                text_or(process.disclosure_limits, f"{who}: limits on disclosure", area, "None"),
            ),
            (
                "How it is co-ordinated with the review",
                text_or(process.coordination, f"{who}: co-ordination", area),
            ),
        )
        blocks.append(Facts(rows))
    if not blocks:
        blocks.append(Prose(said("No parallel processes recorded.")))
    return Section("Parallel processes", count_of(processes, "process", "processes"), blocks)


def family_involvement(meeting: Meeting | None) -> Section:
    if meeting is None or not meeting.family_informed:
        return Section("Family involvement", "Not recorded yet", [Prose(said("Not recorded yet."))])
    rows = (
        ("Has the family been told about the review?", said(meeting.get_family_informed_display())),
        (
            "How, when and by whom (or why not)",
            text_or(meeting.family_informed_detail, "Family involvement: how and when", "meeting"),
        ),
    )
    return Section("Family involvement", "Recorded", [Facts(rows)])
