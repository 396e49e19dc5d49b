"""What the decisions app requires before the review moves on (registered with
`reviews.lifecycle.register_blockers`): a recorded decision before it goes to the partners to
sign off, and a sign-off from each of the three safeguarding partners on the current decision
before it is sent to the Panel."""

from rapidreview.reviews.lifecycle import Step
from rapidreview.reviews.models import RapidReview, State

from .models import Decision
from .queries import partners_not_signed


def blockers(review: RapidReview, step: Step) -> list[str]:
    if step.to == State.AWAITING_SIGN_OFF and not Decision.objects.filter(review=review).exists():
        return ["Record the decision"]
    if step.to == State.SENT_TO_PANEL:
        if not Decision.objects.filter(review=review).exists():
            return ["Record the decision"]
        missing = partners_not_signed(review)
        if missing:
            return [f"Get a sign-off from {_and_list([label for _, label in missing])}"]
    return []


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
