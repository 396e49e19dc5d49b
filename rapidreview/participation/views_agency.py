"""The agency's own pages for a review: its task list, attendance, involvement and nominations.

Thin: the review through the person's scope (404 outside it), the agency's row through
`review_agency_of` (404 for anyone who does not work for an agency on the review: the
partnership team sees agencies' work in the participation matrix instead), then the policy for
the action (403 with its reason), a form, a service, and POST/redirect/GET.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rapidreview.access.policy import (
    Action,
    agencies_visible_to,
    can,
    require,
)
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core import calendar
from rapidreview.reviews.clock import ClockRules, Key, by_key, plan
from rapidreview.reviews.models import ReviewAgency

from . import responses
from . import tasks as task_list
from .forms_agency import NO, YES, AttendanceForm, InvolvementForm, NominationForm
from .models import AttendanceResponse, Attending, InvolvementDeclaration, Nomination
from .tasks import Task, TaskStatus
from .views_records import agency_part as _review_agency


def _show_findings(form, error: responses.Invalid, renamed: dict[str, str] | None = None):
    for finding in error.findings:
        field = (renamed or {}).get(finding.field, finding.field)
        form.add_error(field if field in form.fields else None, finding.message)


def _to_tasks(request, review_agency: ReviewAgency):
    return redirect("participation:agency_tasks", reference=review_agency.review.reference)


# --- the task list -------------------------------------------------------------------------------

# GOV.UK task list statuses: finished work in plain text, work to do as a tag.
STATUS_TAGS = {
    TaskStatus.IN_PROGRESS: "govuk-tag--light-blue",
    TaskStatus.NOT_STARTED: "govuk-tag--blue",
}
STATUS_CLASSES = {
    TaskStatus.CANNOT_START: "govuk-task-list__status--cannot-start-yet",
    TaskStatus.NOT_NEEDED: "govuk-task-list__status--cannot-start-yet",
}


@dataclass(frozen=True)
class TaskRow:
    task: Task
    tag_class: str  # "" for plain text
    status_class: str


@require_GET
@audit_page_view
def agency_tasks(request, reference):
    review_agency = _review_agency(request, reference)
    review = review_agency.review
    milestones = by_key(
        plan(review.incident, review, rules=ClockRules.from_settings(), today=calendar.today())
    )
    rows = [
        TaskRow(task, STATUS_TAGS.get(task.status, ""), STATUS_CLASSES.get(task.status, ""))
        for task in task_list.agency_tasks(review_agency, request.user)
    ]
    return render(
        request,
        "participation/agency_tasks.html",
        {
            "review": review,
            "review_agency": review_agency,
            "rows": rows,
            "involvement": milestones[Key.INVOLVEMENT],
            "returns": milestones[Key.RETURNS],
            "meeting": milestones[Key.MEETING],
            "may_act": can(request.user, Action.ACT_FOR_AGENCY, review_agency),
            "declared": InvolvementDeclaration.objects.filter(review_agency=review_agency).exists(),
        },
    )


# --- attendance ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@audit_page_view
def agency_attendance(request, reference):
    review_agency = _review_agency(request, reference)
    require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    current = AttendanceResponse.objects.filter(review_agency=review_agency).first()
    initial = {}
    if current is not None:
        initial = {"attending": current.attending}
        if current.attending == Attending.PROXY:
            initial |= {
                "attendee_name": current.attendee_name,
                "attendee_job_title": current.attendee_job_title,
                "attendee_email": current.attendee_email,
            }
    form = AttendanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            responses.attendance_confirm(
                actor=request.user, review_agency=review_agency, **form.cleaned_data
            )
        except responses.Invalid as error:
            _show_findings(form, error)
        except responses.ServiceError as error:  # closed a moment ago
            raise PermissionDenied(str(error)) from error
        else:
            messages.success(request, "Attendance confirmed")
            return _to_tasks(request, review_agency)
    return render(
        request,
        "participation/agency_attendance.html",
        {"review": review_agency.review, "review_agency": review_agency, "form": form},
    )


# --- involvement ---------------------------------------------------------------------------------


FIELD_PARTS = ("involved", "first_contact", "last_contact")


@dataclass(frozen=True)
class PersonQuestion:
    person: object
    involved: object  # bound fields
    first_contact: object
    last_contact: object


def _involvement_initial(declaration: InvolvementDeclaration | None) -> dict:
    if declaration is None:
        return {}
    initial = {
        "systems_searched": declaration.systems_searched,
        "agencies_known_involved": [a.public_id for a in declaration.agencies_known_involved.all()],
    }
    for line in declaration.lines.select_related("child", "family_member"):
        key = responses.person_key(line.person)
        initial |= {
            f"{key}-involved": YES if line.involved else NO,
            f"{key}-first_contact": line.first_contact,
            f"{key}-last_contact": line.last_contact,
        }
    return initial


def _declared_message(declaration: InvolvementDeclaration, agency_name: str) -> str:
    if declaration.is_nil_return:
        return (
            f"Nil return made: {agency_name} had no involvement with any of the named people "
            "during the scoping period"
        )
    known = sum(line.involved for line in declaration.lines.all())
    return f"Involvement declared: {agency_name} was involved with {known} of the named people"


@require_http_methods(["GET", "POST"])
@audit_page_view
def agency_involvement(request, reference):
    review_agency = _review_agency(request, reference)
    require(request.user, Action.ACT_FOR_AGENCY, review_agency)
    review, agency = review_agency.review, review_agency.agency
    declaration = InvolvementDeclaration.objects.filter(review_agency=review_agency).first()
    people = responses.people_on(review)
    form = InvolvementForm(
        request.POST or None,
        initial=_involvement_initial(declaration),
        people=people,
        agencies=agencies_visible_to(request.user).filter(is_active=True).exclude(pk=agency.pk),
        agency_name=agency.name,
    )
    if request.method == "POST" and form.is_valid():
        try:
            declaration = responses.involvement_declare(
                actor=request.user,
                review_agency=review_agency,
                answers=[responses.Answer(*answer) for answer in form.answers()],
                systems_searched=form.cleaned_data["systems_searched"],
                agencies_known_involved=form.cleaned_data["agencies_known_involved"],
            )
        except responses.Invalid as error:
            _show_findings(form, error)
        except responses.ServiceError as error:  # closed a moment ago
            raise PermissionDenied(str(error)) from error
        else:
            messages.success(request, _declared_message(declaration, agency.name))
            return _to_tasks(request, review_agency)
    questions = [
        PersonQuestion(
            person,
            *(form[f"{responses.person_key(person)}-{part}"] for part in FIELD_PARTS),
        )
        for person in people
    ]
    return render(
        request,
        "participation/agency_involvement.html",
        {
            "review": review,
            "review_agency": review_agency,
            "incident": review.incident,
            "form": form,
            "questions": questions,
            "declaration": declaration,
        },
    )


# --- nominated representatives -------------------------------------------------------------------


def _live_nominations(review_agency: ReviewAgency):
    return Nomination.objects.filter(review_agency=review_agency, ended_at__isnull=True)


@require_http_methods(["GET", "POST"])
@audit_page_view
def agency_nominations(request, reference):
    review_agency = _review_agency(request, reference)
    require(request.user, Action.NOMINATE, review_agency)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = responses.nomination_add(
                actor=request.user, review_agency=review_agency, **form.cleaned_data
            )
        except responses.Invalid as error:
            _show_findings(form, error)
        except responses.ServiceError as error:  # closed a moment ago
            raise PermissionDenied(str(error)) from error
        else:
            messages.success(request, f"{nomination.user} nominated")
            return redirect(
                "participation:agency_nominations", reference=review_agency.review.reference
            )
    return render(
        request,
        "participation/agency_nominations.html",
        {
            "review": review_agency.review,
            "review_agency": review_agency,
            "form": form,
            "nominations": _live_nominations(review_agency).select_related("user"),
        },
    )


@require_POST
def agency_nomination_withdraw(request, reference, public_id):
    review_agency = _review_agency(request, reference)
    require(request.user, Action.NOMINATE, review_agency)
    nomination = get_object_or_404(
        _live_nominations(review_agency).select_related("user", "review_agency__agency"),
        user__public_id=public_id,
    )
    try:
        responses.nomination_end(actor=request.user, nomination=nomination)
    except responses.ServiceError as error:  # closed a moment ago
        raise PermissionDenied(str(error)) from error
    messages.success(request, f"Nomination of {nomination.user} withdrawn")
    return redirect("participation:agency_nominations", reference=review_agency.review.reference)
