"""The scoping return's workflow pages: submit for sign-off, sign off, return for amendment and
release to the meeting (the services are in workflow.py).

Thin: the return through the person's scope (`returns_visible_to`: 404 outside it), the policy
for the step (403 with its reason), a form, the service, and POST/redirect/GET back to the
return. The agency's own steps (submit, sign off) live under its own pages
(/reviews/<reference>/our-work/return/...); the steps the partnership team also takes live under
the agency's return as others see it (/reviews/<reference>/returns/<agency public id>/...).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from rapidreview.access.policy import (
    Action,
    require,
    returns_visible_to,
    review_agency_of,
    reviews_visible_to,
)
from rapidreview.audit.decorators import audit_page_view
from rapidreview.core.calendar import today as calendar_today
from rapidreview.core.dates import long_date

from . import workflow
from .lookups import return_page
from .lookups import visible_return as _agency_return
from .models import ScopingReturn
from .services import ReturnError


class SignOffForm(forms.Form):
    sighted = forms.BooleanField(
        label="I am sighted on this return",
        error_messages={"required": "Confirm that you are sighted on this return"},
    )


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change?",
        help_text="The agency reads this when they sign in. It is not sent by email.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=workflow.COMMENT_MAX,
        error_messages={
            "required": "Enter what needs to change",
            "max_length": f"The comment must be {workflow.COMMENT_MAX} characters or fewer",
        },
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].replace("\x00", "").strip()
        if not comment:
            raise forms.ValidationError("Enter what needs to change")
        return comment


class ConfirmForm(forms.Form):
    """A step with nothing to answer: the button alone."""


# --- finding the return ------------------------------------------------------------------------


def _own_return(request, reference: str) -> ScopingReturn:
    """The return of the agency the person works in on this review (404 for anyone else)."""
    review = get_object_or_404(reviews_visible_to(request.user), reference=reference)
    review_agency = review_agency_of(request.user, review)
    if review_agency is None:
        raise Http404("No agency of yours is on this review")
    scoping_return = get_object_or_404(
        returns_visible_to(request.user).select_related("review_agency__agency"),
        review_agency=review_agency,
    )
    scoping_return.review_agency.review = review
    return scoping_return


def _page(request, template: str, scoping_return: ScopingReturn, form, **extra):
    review_agency = scoping_return.review_agency
    return render(
        request,
        f"scoping/{template}",
        {
            "review": review_agency.review,
            "review_agency": review_agency,
            "scoping_return": scoping_return,
            "form": form,
            "back": return_page(request.user, scoping_return),
            **extra,
        },
    )


def _refused(error: ReturnError):
    """A step refused because the return or review moved on a moment ago."""
    raise PermissionDenied(str(error)) from error


# --- the steps ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@audit_page_view
def return_submit(request, reference):
    scoping_return = _own_return(request, reference)
    require(request.user, Action.SUBMIT_RETURN, scoping_return)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    missing = workflow.missing_for_submission(scoping_return)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.return_submit(actor=request.user, scoping_return=scoping_return)
        except workflow.IncompleteReturn as error:
            missing = error.missing
            form.add_error(None, str(error))
        except ReturnError as error:
            _refused(error)
        else:
            messages.success(request, "Return submitted for sign-off")
            return redirect(return_page(request.user, scoping_return))
    return _page(request, "workflow_submit.html", scoping_return, form, missing=missing)


@require_http_methods(["GET", "POST"])
@audit_page_view
def return_sign_off(request, reference):
    scoping_return = _own_return(request, reference)
    require(request.user, Action.SIGN_OFF_RETURN, scoping_return)
    form = SignOffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.return_sign_off(
                actor=request.user, scoping_return=scoping_return, sighted=True
            )
        except ReturnError as error:
            _refused(error)
        messages.success(request, "Return signed off")
        return redirect(return_page(request.user, scoping_return))
    return _page(
        request,
        "workflow_sign_off.html",
        scoping_return,
        form,
        signing_name=request.user.full_name,
        signing_role=workflow.signing_role(request.user),
        signing_date=long_date(calendar_today()),
    )


@require_http_methods(["GET", "POST"])
@audit_page_view
def return_send_back(request, reference, agency):
    scoping_return = _agency_return(request, reference, agency)
    require(request.user, Action.RETURN_FOR_AMENDMENT, scoping_return)
    form = SendBackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.return_send_back(
                actor=request.user,
                scoping_return=scoping_return,
                comment=form.cleaned_data["comment"],
            )
        except ReturnError as error:
            _refused(error)
        messages.success(request, "Return sent back for amendment")
        return redirect(return_page(request.user, scoping_return))
    return _page(request, "workflow_send_back.html", scoping_return, form)


@require_http_methods(["GET", "POST"])
@audit_page_view
def return_release(request, reference, agency):
    scoping_return = _agency_return(request, reference, agency)
    require(request.user, Action.RELEASE_RETURN, scoping_return)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.return_release(actor=request.user, scoping_return=scoping_return)
        except ReturnError as error:
            _refused(error)
        messages.success(
            request,
            f"{scoping_return.review_agency.agency.name}'s return released to the meeting",
        )
        return redirect("participation:agencies", reference=reference)
    return _page(request, "workflow_release.html", scoping_return, form)
