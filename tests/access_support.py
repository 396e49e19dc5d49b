"""The building blocks of the access matrix (tests/test_access_matrix.py): what each persona
must get, and how to make each URL's arguments. The entries for each part of the service live
beside its tests (e.g. tests/participation/access.py) and are gathered in the matrix."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from rapidreview.accounts.models import Invitation, Role, User
from rapidreview.core import calendar
from rapidreview.core.models import NonWorkingDay
from rapidreview.documents.services import file_store
from rapidreview.reviews import intake
from rapidreview.reviews.models import IntakeDraft, RapidReview

from .conftest import PERSONA_NAMES, Personas
from .factories import make_user
from .participation.factories import nominate
from .reviews.factories import make_incident, make_review

ANONYMOUS = "anonymous"
SIGNED_IN_PERSONAS = [name for name in PERSONA_NAMES if name != ANONYMOUS]

# --- expectations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location path is `to` (a URL name, or built from the request's kwargs)."""

    to: str | Callable[[dict], str]
    label: str = ""
    then: int | None = None  # status of the page it leads to, when that matters

    def path(self, kwargs: dict) -> str:
        return reverse(self.to) if isinstance(self.to, str) else self.to(kwargs)

    def __str__(self) -> str:
        name = self.label or (self.to.split(":")[-1] if isinstance(self.to, str) else "elsewhere")
        return f"302-{name}"


Expect = int | Redirect
ByPersona = dict[str, Expect]

SIGN_IN = Redirect("accounts:sign_in")
HOME = Redirect("core:home")


def by_role(
    *, anonymous: Expect = SIGN_IN, default: Expect = 403, **overrides: Expect
) -> ByPersona:
    """Expectations for every persona: anonymous, then `default` for each signed-in role."""
    unknown = set(overrides) - set(SIGNED_IN_PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    return {ANONYMOUS: anonymous} | {
        name: overrides.get(name, default) for name in SIGNED_IN_PERSONAS
    }


def everyone(expect: Expect) -> ByPersona:
    return by_role(anonymous=expect, default=expect)


# --- arguments for the URLs, made fresh in each test so side effects never leak --------------------


Kwargs = Callable[[Personas], dict[str, Any]]


def no_kwargs(personas: Personas) -> dict[str, Any]:
    return {}


def another_user(personas: Personas) -> dict[str, Any]:
    target = make_user(Role.AGENCY_REPRESENTATIVE, personas.agency_b, full_name="Tam Target")
    return {"public_id": target.public_id}


def deactivated_user(personas: Personas) -> dict[str, Any]:
    target = make_user(
        Role.AGENCY_REPRESENTATIVE, personas.agency_b, full_name="Dee Deactivated", is_active=False
    )
    return {"public_id": target.public_id}


def unknown_public_id(personas: Personas) -> dict[str, Any]:
    return {"public_id": uuid.uuid4()}


def an_agency(personas: Personas) -> dict[str, Any]:
    return {"public_id": personas.agency_b.public_id}


def _invitation(personas: Personas, *, used: bool) -> dict[str, Any]:
    invitee = make_user(
        Role.AGENCY_REPRESENTATIVE, personas.agency_b, full_name="Ivy Invitee", with_2fa=False
    )
    token, token_hash = Invitation.new_token()
    Invitation.objects.create(
        user=invitee,
        token_hash=token_hash,
        invited_by=personas.partnership_team,
        expires_at=timezone.now() + timedelta(days=7),
        used_at=timezone.now() if used else None,
    )
    return {"token": token}


def invitation_link(personas: Personas) -> dict[str, Any]:
    return _invitation(personas, used=False)


def used_invitation_link(personas: Personas) -> dict[str, Any]:
    return _invitation(personas, used=True)


def password_reset_link(personas: Personas) -> dict[str, Any]:
    forgetful = make_user(Role.AGENCY_REPRESENTATIVE, personas.agency_b, full_name="Fen Forgot")
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(forgetful.pk)),
        "token": default_token_generator.make_token(forgetful),
    }


def user_detail_of_target(kwargs: dict) -> str:
    return reverse("accounts:user_detail", kwargs=kwargs)


def is_deactivated(kwargs: dict) -> bool:
    return not User.objects.get(public_id=kwargs["public_id"]).is_active


def is_reactivated(kwargs: dict) -> bool:
    return User.objects.get(public_id=kwargs["public_id"]).is_active


def _stored_file(personas: Personas, owner_agency) -> dict[str, Any]:
    stored = file_store(
        actor=personas.partnership_team,
        uploaded_file=SimpleUploadedFile("Invented chronology.txt", b"An invented note.\n"),
        owner_agency=owner_agency,
    )
    return {"public_id": stored.public_id}


def agency_a_file(personas: Personas) -> dict[str, Any]:
    return _stored_file(personas, personas.agency_a)


def partnership_file(personas: Personas) -> dict[str, Any]:
    """Uploaded by the partnership team for no agency: theirs alone."""
    return _stored_file(personas, None)


CLOSURE_DAY = date(2031, 3, 12)  # a Wednesday, not a bank holiday


def a_closure_day(personas: Personas) -> dict[str, Any]:
    calendar.closure_day_add(
        actor=personas.partnership_team, day=CLOSURE_DAY, name="Invented closure day"
    )
    return {"day": CLOSURE_DAY.isoformat()}


def a_day_with_no_closure(personas: Personas) -> dict[str, Any]:
    return {"day": CLOSURE_DAY.isoformat()}


def a_bank_holiday(personas: Personas) -> dict[str, Any]:
    holiday = NonWorkingDay.objects.get(
        kind=NonWorkingDay.Kind.BANK_HOLIDAY, date=date(2031, 12, 25)
    )
    return {"day": holiday.date.isoformat()}


def not_a_date(personas: Personas) -> dict[str, Any]:
    return {"day": "31-02-2031"}


def closure_day_is_gone(kwargs: dict) -> bool:
    return not NonWorkingDay.objects.filter(date=date.fromisoformat(kwargs["day"])).exists()


# Rapid reviews. The review is agency A's: agency A's representative and senior leader see it,
# agency B's representative and the scrutineer do not (404); the team and the partners see all.


def a_notification(personas: Personas) -> dict[str, Any]:
    """Logged, not yet convened: the team and the partners see it, no agency yet."""
    return {"public_id": make_incident(personas.partnership_team).public_id}


def a_convened_notification(personas: Personas) -> dict[str, Any]:
    incident = make_incident(personas.partnership_team)
    make_review(incident, convened_by=personas.partnership_team, agencies=(personas.agency_a,))
    return {"public_id": incident.public_id}


def review_of_agency_a(personas: Personas) -> dict[str, Any]:
    incident = make_incident(personas.partnership_team)
    review = make_review(
        incident, convened_by=personas.partnership_team, agencies=(personas.agency_a,)
    )
    nominate(personas.nominee, review, by=personas.agency_a_rep)
    return {"reference": review.reference}


def review_step_of_agency_a(personas: Personas) -> dict[str, Any]:
    return review_of_agency_a(personas) | {"step": "start-gathering"}


def unknown_review(personas: Personas) -> dict[str, Any]:
    return {"reference": "RR-2026-999"}


def unknown_step(personas: Personas) -> dict[str, Any]:
    return review_of_agency_a(personas) | {"step": "no-such-step"}


def review_of_notification(kwargs: dict) -> str:
    review = RapidReview.objects.get(incident__public_id=kwargs["public_id"])
    return reverse("reviews:review_detail", kwargs={"reference": review.reference})


def review_was_convened(kwargs: dict) -> bool:
    return RapidReview.objects.filter(incident__public_id=kwargs["public_id"]).exists()


def the_new_draft(kwargs: dict) -> str:
    return reverse("reviews:intake_about", kwargs={"draft_id": IntakeDraft.objects.get().public_id})


CHILD = {
    "full_name": "Invented Firstname Surname",
    "other_names": "",
    "date_of_birth": date(2021, 5, 17),
    "sex": "female",
    "ethnicity": "",
    "disability": "",
    "legal_status": "child_in_need",
    "education": "",
    "date_of_death": None,
    "pseudonym": "Child A",
}
FAMILY_MEMBER = {
    "full_name": "Invented Grownup Surname",
    "other_names": "",
    "relationship": "mother",
    "relationship_detail": "",
    "date_of_birth": None,
    "address": "",
    "pseudonym": "Adult 1",
}


def team_draft(personas: Personas) -> dict[str, Any]:
    """A notification being entered by the partnership team persona, with one child in it."""
    draft = intake.draft_start(actor=personas.partnership_team)
    intake.draft_save_item(draft=draft, section=intake.CHILDREN, values=CHILD)
    return {"draft_id": draft.public_id}


def colleagues_draft(personas: Personas) -> dict[str, Any]:
    """Another team member's: only the person who started a draft may see it."""
    colleague = make_user(Role.PARTNERSHIP_TEAM, full_name="Cal Colleague")
    return {"draft_id": intake.draft_start(actor=colleague).public_id}


def _draft_item(personas: Personas, section: str, values: dict, owner=None) -> dict[str, Any]:
    draft = intake.draft_start(actor=owner or personas.partnership_team)
    item_id = intake.draft_save_item(draft=draft, section=section, values=values)
    return {"draft_id": draft.public_id, "item_id": item_id}


def team_draft_child(personas: Personas) -> dict[str, Any]:
    return _draft_item(personas, intake.CHILDREN, CHILD)


def team_draft_family_member(personas: Personas) -> dict[str, Any]:
    return _draft_item(personas, intake.FAMILY, FAMILY_MEMBER)


def colleagues_draft_child(personas: Personas) -> dict[str, Any]:
    colleague = make_user(Role.PARTNERSHIP_TEAM, full_name="Cal Colleague")
    return _draft_item(personas, intake.CHILDREN, CHILD, owner=colleague)


def colleagues_draft_family_member(personas: Personas) -> dict[str, Any]:
    colleague = make_user(Role.PARTNERSHIP_TEAM, full_name="Cal Colleague")
    return _draft_item(personas, intake.FAMILY, FAMILY_MEMBER, owner=colleague)


def draft_is_gone(kwargs: dict) -> bool:
    return not IntakeDraft.objects.filter(public_id=kwargs["draft_id"]).exists()


def set_password_page(kwargs: dict) -> str:
    # Django moves the token into the session and the URL to ".../set-password/".
    return reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": kwargs["uidb64"], "token": "set-password"},
    )


# --- the table -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    get: ByPersona | None = None
    post: ByPersona | None = None
    kwargs: Kwargs = no_kwargs
    variant: str = ""  # names a second case for the same URL, e.g. the other side of a scope
    # For actions with side effects: whether the effect happened (kwargs -> bool). It must happen
    # exactly when a POST is let through, never alongside a refusal or on a GET.
    took_effect: Callable[[dict], bool] | None = None

    @property
    def methods(self) -> dict[str, ByPersona]:
        return {m: e for m, e in (("GET", self.get), ("POST", self.post)) if e is not None}


def cases(*entries: Entry) -> tuple[Entry, ...]:
    return entries


PARTNERSHIP_TEAM_ONLY = by_role(partnership_team=200)
# An empty form sent back: the team sees it again with its errors, everyone else is refused.
PARTNERSHIP_TEAM_FORM = PARTNERSHIP_TEAM_ONLY
BACK_TO_USER = Redirect(user_detail_of_target, label="user_detail")
TO_REVIEW = Redirect(review_of_notification, label="review_detail")
SEES_AGENCY_A_REVIEW = by_role(
    default=404,
    partnership_team=200,
    safeguarding_partner=200,
    agency_a_rep=200,
    senior_leader=200,
    nominee=200,
)
# Inside the scope but not the team: refused (403); outside it: not found (404). Sent back empty,
# the team's form is shown again with its errors.
CHANGES_AGENCY_A_REVIEW = by_role(
    default=404,
    partnership_team=200,
    safeguarding_partner=403,
    agency_a_rep=403,
    senior_leader=403,
    nominee=403,
)
