"""The agenda of the rapid review meeting (DOMAIN.md §6), built from what the review holds.

The items follow the order partnerships use: welcome, the purpose of a rapid review, the facts
of the incident, then each agency presents its released return (in agency name order), then the
returns read together, the challenges, immediate safeguarding actions, learning, parallel
processes and the family, the decision against the regulation 11 criteria and any other
business. An agency that declared involvement but whose return has not been released yet gets
an item of its own, marked as a gap, so the co-ordinator sees what the meeting is waiting for.

A query only: nothing here writes. It reads a fixed number of queries, however many agencies.
"""

from collections import Counter
from dataclasses import dataclass, replace

from django.db.models import Count

from rapidreview.core.dates import UK_TIME, clock_time, long_date
from rapidreview.decisions.models import CRITERIA
from rapidreview.participation.models import InvolvementLine
from rapidreview.reviews.models import RapidReview, ReviewAgency
from rapidreview.scoping.merged import MergedChronology, merged_chronology
from rapidreview.scoping.models import ReturnState, ScopingReturn

from .models import Challenge, LearningPoint, Meeting, ParallelProcess, SafeguardingAction

# The aims of a rapid review as partnerships state them under Working Together 2023
# (DOMAIN.md §1). Kept here until the partnership can edit them.
AIMS = (
    "Gather the facts about the child's experience, including agency involvement and an "
    "analysis of key practice episodes.",
    "Decide on any immediate action needed to keep children safe, and share learning.",
    "Consider what could be improved.",
    "Understand the context of the child's and family's lives, including racism, ableism and "
    "other inequalities.",
    "Decide the next steps, including whether to hold a local child safeguarding practice review.",
    "A rapid review is not about blame.",
)


@dataclass(frozen=True)
class AgendaItem:
    number: int
    title: str
    details: tuple[str, ...] = ()
    # A return the meeting is waiting for: the agency declared involvement, the return is not
    # released yet.
    gap: bool = False
    # The agency whose return the item is about, if any (its name is in the title too).
    agency: str = ""


def meeting_when(meeting: Meeting) -> str:
    """16 March 2026, 10:00am to midday (UK time)."""
    starts, ends = meeting.starts_at.astimezone(UK_TIME), meeting.ends_at.astimezone(UK_TIME)
    day = long_date(starts.date())
    if ends.date() != starts.date():
        return f"{day}, {clock_time(starts)} to {long_date(ends.date())}, {clock_time(ends)}"
    return f"{day}, {clock_time(starts)} to {clock_time(ends)}"


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _recorded(number: int, one: str, many: str) -> str:
    return f"{_count(number, one, many)} recorded so far." if number else "None recorded yet."


def _incident_details(review: RapidReview) -> tuple[str, ...]:
    incident = review.incident
    return (
        f"{incident.get_nature_display()}. Date of the incident: "
        f"{long_date(incident.incident_date)}.",
        f"Scoping period: {long_date(incident.scoping_start)} to "
        f"{long_date(incident.scoping_end)}.",
    )


def _item(title: str, *details: str, gap: bool = False, agency: str = "") -> AgendaItem:
    """An item not yet numbered: `agenda_for` numbers them in order."""
    return AgendaItem(0, title, tuple(details), gap, agency)


def _signed_off(scoping_return: ScopingReturn) -> str:
    role = f", {scoping_return.signed_off_role}" if scoping_return.signed_off_role else ""
    when = long_date(scoping_return.signed_off_on)
    return f"Signed off by {scoping_return.signed_off_name}{role} on {when}."


def _return_items(review: RapidReview) -> list[AgendaItem]:
    """One item for each agency with a released return, or with declared involvement and no
    released return yet (a gap), in agency name order. Five queries."""
    review_agencies = ReviewAgency.objects.filter(review=review).select_related("agency")
    returns = {
        r.review_agency_id: r
        for r in ScopingReturn.objects.filter(review_agency__review=review).annotate(
            rows=Count("chronology")
        )
    }
    involved = Counter(
        InvolvementLine.objects.filter(
            declaration__review_agency__review=review, involved=True
        ).values_list("declaration__review_agency_id", flat=True)
    )
    people = review.incident.children.count() + review.incident.family.count()
    items = []
    for review_agency in review_agencies.order_by("agency__name"):
        name = review_agency.agency.name
        scoping_return = returns.get(review_agency.pk)
        if scoping_return is not None and scoping_return.state == ReturnState.RELEASED:
            details = [
                f"{_count(scoping_return.rows, 'chronology entry', 'chronology entries')}.",
                f"Knew {involved[review_agency.pk]} of the "
                f"{_count(people, 'named individual', 'named individuals')}.",
            ]
            if scoping_return.signed_off_name:
                details.append(_signed_off(scoping_return))
            items.append(_item(f"{name} presents its return", *details, agency=name))
        elif involved[review_agency.pk]:
            status = (
                scoping_return.get_state_display() if scoping_return is not None else "Not started"
            )
            items.append(
                _item(
                    f"{name}: return not yet released",
                    f"{name} declared involvement. Return status: {status}.",
                    gap=True,
                    agency=name,
                )
            )
    return items


def agenda_for(
    review: RapidReview, *, chronology: MergedChronology | None = None
) -> list[AgendaItem]:
    """The meeting's agenda, numbered from 1. `chronology`: the merged chronology, if the caller
    has already read it (the meeting pack does)."""
    chronology = chronology or merged_chronology(review)
    agencies = len({row.agency.pk for row in chronology.rows})
    meeting = Meeting.objects.filter(review=review).first()
    family = (
        f"The family: {meeting.get_family_informed_display().lower()}."
        if meeting is not None and meeting.family_informed
        else "The family: whether and how they have been told about the review."
    )
    items = [
        _item("Welcome, introductions and apologies"),
        _item("Purpose of the rapid review", *AIMS),
        _item("The facts of the incident", *_incident_details(review)),
        *_return_items(review),
        _item(
            "The merged chronology and the involvement matrix",
            f"{_count(chronology.total, 'entry', 'entries')} from "
            f"{_count(agencies, 'agency', 'agencies')}, "
            f"{_count(chronology.duplicates, 'likely duplicate', 'likely duplicates')}.",
            "Which agency knew each child and family member, and when.",
        ),
        _item(
            "Inter-agency challenges",
            _recorded(Challenge.objects.filter(review=review).count(), "challenge", "challenges"),
        ),
        _item(
            "Immediate safeguarding actions",
            "For the child, any siblings and other children in the household.",
            _recorded(
                SafeguardingAction.objects.filter(review=review).count(), "action", "actions"
            ),
        ),
        _item(
            "Learning",
            _recorded(
                LearningPoint.objects.filter(review=review).count(),
                "learning point",
                "learning points",
            ),
        ),
        _item(
            "Parallel processes and the family",
            _recorded(
                ParallelProcess.objects.filter(review=review).count(),
                "parallel process",
                "parallel processes",
            ),
            family,
        ),
        _item(
            "The decision against the criteria",
            "Whether the case meets the criteria in regulation 11, and the rationale:",
            *(f"({letter}) {text}." for letter, text in CRITERIA.items()),
            "Whether to commission a local child safeguarding practice review, and whether the "
            "case may merit a national review.",
        ),
        _item("Any other business"),
    ]
    return [replace(item, number=number) for number, item in enumerate(items, start=1)]
