"""The partnership team's pages for users and agencies. Thin: policy, form, service, render."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rapidreview.access import Action, agencies_visible_to, require, users_visible_to
from rapidreview.audit.decorators import audit_page_view

from . import services
from .forms import AgencyForm, ChangeRoleForm, InviteUserForm


@require_GET
@audit_page_view
def user_list(request):
    require(request.user, Action.MANAGE_USERS)
    users = users_visible_to(request.user).order_by("full_name")
    return render(request, "accounts/user_list.html", {"users": users})


@require_http_methods(["GET", "POST"])
def user_invite(request):
    require(request.user, Action.MANAGE_USERS)
    form = InviteUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_invite(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Invitation sent to {user.email}")
        return redirect("accounts:user_list")
    return render(request, "accounts/user_invite.html", {"form": form})


@require_http_methods(["GET", "POST"])
@audit_page_view
def user_detail(request, public_id):
    require(request.user, Action.MANAGE_USERS)
    person = get_object_or_404(users_visible_to(request.user), public_id=public_id)
    membership = getattr(person, "membership", None)
    initial = {"role": membership.role, "agency": membership.agency} if membership else {}
    form = ChangeRoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.user_change_role(
            actor=request.user,
            user=person,
            role=form.cleaned_data["role"],
            agency=form.cleaned_data["agency"],
        )
        messages.success(request, f"Role updated for {person.full_name}")
        return redirect("accounts:user_detail", public_id=person.public_id)
    return render(request, "accounts/user_detail.html", {"person": person, "form": form})


@require_POST
def user_set_active(request, public_id, active: bool):
    require(request.user, Action.MANAGE_USERS)
    person = get_object_or_404(users_visible_to(request.user), public_id=public_id)
    try:
        services.user_set_active(actor=request.user, user=person, active=active)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        state = "reactivated" if active else "deactivated"
        messages.success(request, f"{person.full_name}'s account has been {state}")
    return redirect("accounts:user_detail", public_id=person.public_id)


@require_GET
def agency_list(request):
    require(request.user, Action.MANAGE_AGENCIES)
    agencies = agencies_visible_to(request.user).order_by("name")
    return render(request, "accounts/agency_list.html", {"agencies": agencies})


@require_http_methods(["GET", "POST"])
def agency_create(request):
    require(request.user, Action.MANAGE_AGENCIES)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency = services.agency_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"{agency.name} added")
        return redirect("accounts:agency_list")
    return render(request, "accounts/agency_form.html", {"form": form, "agency": None})


@require_http_methods(["GET", "POST"])
def agency_edit(request, public_id):
    require(request.user, Action.MANAGE_AGENCIES)
    agency = get_object_or_404(agencies_visible_to(request.user), public_id=public_id)
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        services.agency_update(actor=request.user, agency=agency, **form.cleaned_data)
        messages.success(request, f"{agency.name} updated")
        return redirect("accounts:agency_list")
    return render(request, "accounts/agency_form.html", {"form": form, "agency": agency})
