"""Test data for scoping returns."""

from rapidreview.reviews.models import RapidReview, ReviewAgency
from rapidreview.scoping.models import ScopingReturn
from rapidreview.scoping.services import return_for


def make_return(review: RapidReview, agency, *, by, **fields) -> ScopingReturn:
    """The agency's return on `review` (the agency must be on it), with `fields` set."""
    scoping_return = return_for(ReviewAgency.objects.get(review=review, agency=agency), actor=by)
    if fields:
        ScopingReturn.objects.filter(pk=scoping_return.pk).update(**fields)
        scoping_return.refresh_from_db()
    return scoping_return
