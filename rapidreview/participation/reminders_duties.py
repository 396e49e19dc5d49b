"""The duties agencies are reminded about (reminders.py says when and how) and which agencies
have done each."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from rapidreview.reviews.clock import Key
from rapidreview.scoping.models import ReturnState, ScopingReturn

from .models import AttendanceResponse, InvolvementDeclaration


@dataclass(frozen=True)
class Duty:
    key: str  # in dedupe keys and audit payloads: never change one
    what: str  # after "<agency> needs to" and "<agency> was asked to"
    done_model: type[models.Model]  # one row per review agency once done
    milestone: Key
    done_when: Q = Q()  # which of those rows count as done
    only_when_involved: bool = False  # needed once the agency has declared it was involved


DUTIES = (
    Duty(
        "involvement",
        "declare whether it was involved with the child and family, or make a nil return",
        InvolvementDeclaration,
        Key.INVOLVEMENT,
    ),
    Duty(
        "attendance",
        "confirm who will attend the rapid review meeting on its behalf",
        AttendanceResponse,
        Key.INVOLVEMENT,
    ),
    Duty(
        "returns",
        "complete its scoping return and submit it for sign-off",
        ScopingReturn,
        Key.RETURNS,
        done_when=Q(
            state__in=[ReturnState.SUBMITTED, ReturnState.SIGNED_OFF, ReturnState.RELEASED]
        ),
        only_when_involved=True,
    ),
)
DUTY_BY_KEY = {duty.key: duty for duty in DUTIES}


def involved_in(review_agencies) -> set[int]:
    """The review agencies (ids) that declared involvement with someone named."""
    return set(
        InvolvementDeclaration.objects.filter(
            review_agency__in=review_agencies, lines__involved=True
        ).values_list("review_agency_id", flat=True)
    )


def duty_done(duty: Duty, review_agencies, involved: set[int]) -> set[int]:
    """The review agencies (ids) that have done `duty`, or do not need to (yet)."""
    done = set(
        duty.done_model.objects.filter(
            duty.done_when, review_agency__in=review_agencies
        ).values_list("review_agency_id", flat=True)
    )
    if duty.only_when_involved:
        done |= {getattr(ra, "pk", ra) for ra in review_agencies} - involved
    return done
