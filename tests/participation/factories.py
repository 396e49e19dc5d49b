"""Test data for agencies in a review."""

from rapidreview.accounts.models import User
from rapidreview.participation.models import Nomination
from rapidreview.reviews.models import RapidReview, ReviewAgency


def nominate(user: User, review: RapidReview, *, by: User) -> Nomination:
    """Nominate `user` on `review` for their own agency (which must be on the review)."""
    review_agency = ReviewAgency.objects.get(review=review, agency_id=user.membership.agency_id)
    return Nomination.objects.create(review_agency=review_agency, user=user, nominated_by=by)
