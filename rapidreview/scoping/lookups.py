"""Finding a scoping return for a request, through the access policy: the one place the return
pages look a return up, so every page applies the same scope and the same refusals."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from rapidreview.access.policy import Action, require, returns_visible_to, review_agency_of
from rapidreview.participation.views_records import agency_part

from .models import ScopingReturn
from .services import return_for


def own_return(request, reference: str) -> ScopingReturn:
    """The signed-in person's agency's return on the review, or 404. Unsaved if not started
    yet: reading starts nothing; the first change starts it (`started`)."""
    review_agency = agency_part(request, reference)
    scoping_return = ScopingReturn.objects.filter(review_agency=review_agency).first()
    if scoping_return is None:
        return ScopingReturn(review_agency=review_agency)
    scoping_return.review_agency = review_agency
    require(request.user, Action.VIEW_RETURN, scoping_return)
    return scoping_return


def started(request, scoping_return: ScopingReturn) -> ScopingReturn:
    """The return, started now (and audited) if it was not yet."""
    if scoping_return.pk is None:
        review_agency = scoping_return.review_agency
        scoping_return = return_for(review_agency, actor=request.user)
        scoping_return.review_agency = review_agency
    return scoping_return


def visible_return(request, reference: str, agency) -> ScopingReturn:
    """An agency's return (one's own included) as the policy lets the person see it, or 404."""
    scoping_return = get_object_or_404(
        returns_visible_to(request.user).select_related(
            "review_agency__agency", "review_agency__review__incident"
        ),
        review_agency__review__reference=reference,
        review_agency__agency__public_id=agency,
    )
    require(request.user, Action.VIEW_RETURN, scoping_return)
    return scoping_return


def return_page(user, scoping_return: ScopingReturn) -> str:
    """Where the person reads the return: the agency's own page for people in the agency, the
    agency's return as others see it for everyone else."""
    review_agency = scoping_return.review_agency
    reference = review_agency.review.reference
    own = review_agency_of(user, review_agency.review)
    if own is not None and own.pk == review_agency.pk:
        return reverse("scoping:return_overview", kwargs={"reference": reference})
    return reverse(
        "scoping:agency_return",
        kwargs={"reference": reference, "agency": review_agency.agency.public_id},
    )
