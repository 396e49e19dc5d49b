"""The meeting's own pages: the hub everyone on the review sees, and the partnership team's pages
to arrange it, choose who is invited, send the invitations and take the register (the services
are in arrange.py).

Thin: the review through the person's scope (404 outside it), the policy (403 with its reason),
a form, the service, and POST/redirect/GET.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rapidreview.access.policy import Action, can, require, reviews_visible_to
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core.dates import long_date
from rapidreview.decisions.queries import PARTNER_NAMES
from rapidreview.reviews.models import RapidReview

from . import arrange
from .forms_arrange import AddPeopleForm, ArrangeForm, AttendanceForm
from .models import Attendance, Attendee, Meeting
from .people import meeting_day, not_yet_sent, suggestions, time_words
from .quorum import quorum_for


def _review(request, reference: str, action: Action) -> RapidReview:
    review = get_object_or_404(
        reviews_visible_to(request.user).select_related("incident"), reference=reference
    )
    require(request.user, action, review)
    return review


def _meeting(review: RapidReview) -> Meeting | None:
    meeting = Meeting.objects.filter(review=review).first()
    if meeting is not None:
        meeting.review = review
    return meeting


def _attendees(meeting: Meeting | None) -> list[Attendee]:
    if meeting is None:
        return []
    return list(meeting.attendees.select_related("user", "agency"))


def describe(attendee: Attendee) -> str:
    """Job title and who they are there for: 'Director, Invented Council (the local authority)'."""
    parts = [attendee.user.job_title]
    if attendee.agency is not None:
        parts.append(attendee.agency.name)
    else:
        parts.append("Partnership team")
    words = ", ".join(part for part in parts if part)
    if attendee.represents_partner:
        words += f" (safeguarding partner for {PARTNER_NAMES[attendee.represents_partner]})"
    return words


def _refused(error: arrange.MeetingError):
    raise PermissionDenied(str(error)) from error


# --- the hub -------------------------------------------------------------------------------------


@require_GET
@audit_page_view
def meeting(request, reference):
    review = _review(request, reference, Action.VIEW_MEETING)
    found = _meeting(review)
    can_manage = can(request.user, Action.MANAGE_MEETING, review)
    attendees = _attendees(found)
    return render(
        request,
        "meetings/meeting.html",
        {
            "review": review,
            "meeting": found,
            "day": meeting_day(found) if found else "",
            "times": time_words(found) if found else "",
            "attendees": [(attendee, describe(attendee)) for attendee in attendees],
            "quorum": quorum_for(found),
            "can_manage": can_manage,
            "to_send": len(not_yet_sent(found)) if found and can_manage else 0,
            "planned_date": long_date(review.meeting_date),
        },
    )


# --- when and where ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@audit_page_view
def meeting_arrange(request, reference):
    review = _review(request, reference, Action.MANAGE_MEETING)
    found = _meeting(review)
    date_can_change = review.meeting_can_move
    data = request.POST if request.method == "POST" else None
    form = ArrangeForm(
        data,
        initial=ArrangeForm.initial_for(found, review.meeting_date),
        date_can_change=date_can_change,
    )
    stale = False
    if data is not None and form.is_valid():
        values = form.cleaned_data
        arrangements = arrange.Arrangements(
            day=values.get("day") or review.meeting_date,
            starts=values["starts"],
            ends=values["ends"],
            place=values["place"],
            online_link=values["online_link"],
        )
        try:
            saved = arrange.meeting_arrange(
                actor=request.user,
                review=review,
                arrangements=arrangements,
                version=values["version"] or 0,
            )
        except arrange.StaleVersion:
            stale = True
            current = _meeting(review)
            resubmit = request.POST.copy()
            resubmit["version"] = str(current.version if current else 0)
            form = ArrangeForm(resubmit, initial={}, date_can_change=date_can_change)
            form.is_valid()
        except arrange.Invalid as error:
            for field, message in error.problems.items():
                form.add_error(field if field in form.fields else None, message)
        except arrange.MeetingError as error:
            _refused(error)
        else:
            if found is None:
                messages.success(request, "Meeting arranged. Now choose who to invite.")
                return redirect("meetings:attendees", reference=review.reference)
            note = ""
            if saved.calendar_sequence > found.calendar_sequence:
                sent = saved.attendees.filter(invited_sequence=saved.calendar_sequence).count()
                who = "person invited was" if sent == 1 else "people invited were"
                note = f" The {sent} {who} sent the change."
            messages.success(request, f"Meeting changed.{note}")
            return redirect("meetings:meeting", reference=review.reference)
    return render(
        request,
        "meetings/arrange.html",
        {
            "review": review,
            "meeting": found,
            "form": form,
            "stale": stale,
            "fixed_date": "" if date_can_change else long_date(review.meeting_date),
        },
    )


# --- who is invited ------------------------------------------------------------------------------


def _people_page(request, review, found, form, status=200):
    attendees = _attendees(found)
    return render(
        request,
        "meetings/attendees.html",
        {
            "review": review,
            "meeting": found,
            "form": form,
            "attendees": [(attendee, describe(attendee)) for attendee in attendees],
            "to_send": len(not_yet_sent(found)) if found else 0,
            "can_send": review.meeting_can_move,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def attendees(request, reference):
    review = _review(request, reference, Action.MANAGE_MEETING)
    found = _meeting(review)
    if found is None:
        return _people_page(request, review, None, None)
    invited = set(found.attendees.values_list("user_id", flat=True))
    groups = suggestions(review)
    for group in groups:
        group.people = [s for s in group.people if s.user.pk not in invited]
    groups = [group for group in groups if group.people]
    form = AddPeopleForm(request.POST if request.method == "POST" else None, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            added = arrange.attendees_add(actor=request.user, meeting=found, users=form.chosen())
        except arrange.MeetingError as error:
            form.add_error("people", str(error))
        else:
            count = len(added)
            messages.success(
                request,
                f"{count} {'person' if count == 1 else 'people'} added. "
                "Send the invitations when everyone is on the list.",
            )
            return redirect("meetings:attendees", reference=review.reference)
    return _people_page(request, review, found, form)


@require_POST
def attendee_remove(request, reference, attendee):
    review = _review(request, reference, Action.MANAGE_MEETING)
    found = get_object_or_404(Meeting, review=review)
    found.review = review
    chosen = get_object_or_404(found.attendees.select_related("user"), public_id=attendee)
    try:
        cancelled = arrange.attendee_remove(actor=request.user, meeting=found, attendee=chosen)
    except arrange.MeetingError as error:
        _refused(error)
    extra = " They were sent a cancellation." if cancelled else ""
    messages.success(request, f"{chosen.user.full_name} removed from the meeting.{extra}")
    return redirect("meetings:attendees", reference=review.reference)


@require_POST
def invitations_send(request, reference):
    review = _review(request, reference, Action.MANAGE_MEETING)
    found = get_object_or_404(Meeting, review=review)
    found.review = review
    try:
        count = arrange.invitations_send(actor=request.user, meeting=found)
    except arrange.MeetingError as error:
        _refused(error)
    if count:
        messages.success(
            request, f"Invitation sent to {count} {'person' if count == 1 else 'people'}"
        )
    else:
        messages.success(request, "Everyone invited has already been sent the invitation")
    return redirect("meetings:attendees", reference=review.reference)


# --- the register --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@audit_page_view
def attendance(request, reference):
    review = _review(request, reference, Action.MANAGE_MEETING)
    found = _meeting(review)
    people = _attendees(found)
    form = None
    stale = False
    if found is not None and people:
        data = request.POST if request.method == "POST" else None
        form = AttendanceForm(
            data, initial={"version": found.version}, attendees=people, describe=describe
        )
        if data is not None and form.is_valid():
            answers = {
                public_id: arrange.Answer(*answer) for public_id, answer in form.answers().items()
            }
            try:
                arrange.attendance_record(
                    actor=request.user,
                    meeting=found,
                    version=form.cleaned_data["version"],
                    answers=answers,
                )
            except arrange.StaleVersion:
                stale = True
                resubmit = request.POST.copy()
                resubmit["version"] = str(Meeting.objects.get(pk=found.pk).version)
                form = AttendanceForm(resubmit, attendees=people, describe=describe)
                form.is_valid()
            except arrange.Invalid as error:
                form.add_error(None, str(error))
            except arrange.MeetingError as error:
                _refused(error)
            else:
                quorum = quorum_for(found)
                messages.success(request, f"Attendance saved. {quorum.sentence}")
                return redirect("meetings:meeting", reference=review.reference)
    return render(
        request,
        "meetings/attendance.html",
        {
            "review": review,
            "meeting": found,
            "form": form,
            "stale": stale,
            "quorum": quorum_for(found),
            "present": Attendance.PRESENT,
        },
    )
