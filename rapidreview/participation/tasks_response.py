"""The first rows of the agency's task list: attendance, involvement and nominations. Each row
links to its page only for someone who may act on it now; the status says where things stand
for everyone else (the senior leader, or anyone once the review has closed)."""

from typing import Any

from django.urls import reverse

from rapidreview.access.policy import Action, can, is_partnership_team, review_agencies_visible_to
from rapidreview.reviews.models import ReviewAgency

from .models import AttendanceResponse, Attending, InvolvementDeclaration, Nomination
from .tasks import Task, TaskStatus


def _url(name: str, review_agency: ReviewAgency) -> str:
    return reverse(f"participation:{name}", kwargs={"reference": review_agency.review.reference})


def _attendance_task(review_agency: ReviewAgency, may_act: bool) -> Task:
    response = AttendanceResponse.objects.filter(review_agency=review_agency).first()
    if response is None:
        status, hint = TaskStatus.NOT_STARTED, "Say who will come to the meeting"
    else:
        status = TaskStatus.COMPLETED
        proxy = " (for you)" if response.attending == Attending.PROXY else ""
        hint = f"{response.attendee_name}{proxy} will attend"
    return Task(
        key="attendance",
        title="Confirm attendance",
        status=status,
        url=_url("agency_attendance", review_agency) if may_act else None,
        hint=hint,
    )


def _involvement_task(review_agency: ReviewAgency, may_act: bool) -> Task:
    declaration = (
        InvolvementDeclaration.objects.filter(review_agency=review_agency)
        .prefetch_related("lines")
        .first()
    )
    if declaration is None:
        status = TaskStatus.NOT_STARTED
        hint = "For each named person, say whether you were involved. If none, make a nil return"
    elif declaration.is_nil_return:
        status, hint = TaskStatus.COMPLETED, "Nil return: no involvement with anyone named"
    else:
        known = sum(line.involved for line in declaration.lines.all())
        people = "person" if known == 1 else "people"
        status, hint = TaskStatus.COMPLETED, f"Involved with {known} named {people}"
    return Task(
        key="involvement",
        title="Declare involvement",
        status=status,
        url=_url("agency_involvement", review_agency) if may_act else None,
        hint=hint,
    )


def _scoping_return_task(review_agency: ReviewAgency) -> Task:
    from rapidreview.scoping.models import ReturnState, ScopingReturn

    scoping_return = ScopingReturn.objects.filter(review_agency=review_agency).first()
    if scoping_return is None:
        status = TaskStatus.NOT_STARTED
    elif scoping_return.state == ReturnState.DRAFT:
        started = scoping_return.answers or scoping_return.completed_sections
        started = started or scoping_return.chronology.exists()
        status = TaskStatus.IN_PROGRESS if started else TaskStatus.NOT_STARTED
    else:
        status = {ReturnState.RELEASED: "Released"}.get(
            scoping_return.state, scoping_return.get_state_display()
        )
    return Task(
        key="scoping_return",
        title="Complete the scoping return",
        status=status,
        url=reverse(
            "scoping:return_overview", kwargs={"reference": review_agency.review.reference}
        ),
        hint="Sections A to G, signed off by a senior leader before the meeting",
    )


def _nominations_task(review_agency: ReviewAgency) -> Task:
    count = Nomination.objects.filter(review_agency=review_agency, ended_at__isnull=True).count()
    return Task(
        key="nominations",
        title="Nominate colleagues",
        status=f"{count} nominated" if count else "Optional",
        url=_url("agency_nominations", review_agency),
        hint="Colleagues who can work on this review with you, until it closes",
    )


def response_tasks(review_agency: ReviewAgency, user: Any) -> list[Task]:
    """Attendance, involvement and nominations."""
    may_act = can(user, Action.ACT_FOR_AGENCY, review_agency)
    tasks = [
        _attendance_task(review_agency, may_act),
        _involvement_task(review_agency, may_act),
        _scoping_return_task(review_agency),
    ]
    if can(user, Action.NOMINATE, review_agency):
        tasks.append(_nominations_task(review_agency))
    return tasks


def references_with_agency_tasks(user: Any) -> set[str]:
    """The reviews whose agency task list `user` opens: those on which `review_agency_of` finds
    their agency's row (none for the partnership team, who use the participation matrix)."""
    if is_partnership_team(user):
        return set()
    return set(review_agencies_visible_to(user).values_list("review__reference", flat=True))
