"""Reads for the decision and sign-off (no writes here)."""

from rapidreview.accounts.models import StatutoryPartner
from rapidreview.reviews.models import RapidReview

from .models import Decision, PartnerSignOff


def decision_of(review: RapidReview) -> Decision | None:
    return Decision.objects.filter(review=review).first()


def current_sign_offs(review: RapidReview) -> dict[str, PartnerSignOff]:
    """Each partner's sign-off of the decision as it stands now, keyed by partner ("police")."""
    decision = decision_of(review)
    if decision is None:
        return {}
    return {
        sign_off.partner: sign_off
        for sign_off in PartnerSignOff.objects.filter(
            review=review, decision_version=decision.version
        ).select_related("signed_by")
    }


def partners_not_signed(review: RapidReview) -> list[tuple[str, str]]:
    """The partners (value, label such as "the local authority") yet to sign the current
    decision, in the statutory order."""
    signed = current_sign_offs(review)
    return [
        (partner.value, PARTNER_NAMES[partner])
        for partner in StatutoryPartner
        if partner.value not in signed
    ]


# How each safeguarding partner is named in a sentence.
PARTNER_NAMES = {
    StatutoryPartner.LOCAL_AUTHORITY: "the local authority",
    StatutoryPartner.ICB: "the integrated care board",
    StatutoryPartner.POLICE: "the police",
}


def earlier_sign_offs(review: RapidReview) -> list[PartnerSignOff]:
    """Sign-offs of versions of the decision before the current one: history that no longer
    counts (the decision changed after they were given)."""
    decision = decision_of(review)
    if decision is None:
        return []
    return list(PartnerSignOff.objects.filter(review=review, decision_version__lt=decision.version))


def dissents(review: RapidReview) -> list[PartnerSignOff]:
    """The partners who signed off the current decision but do not agree with it, in the
    statutory order. A dissent does not stop the review being sent: it goes to the Panel with
    the report (README, "Design decisions")."""
    signed = current_sign_offs(review)
    return [
        signed[partner.value]
        for partner in StatutoryPartner
        if partner.value in signed and not signed[partner.value].agrees
    ]


def sign_off_in_words(review: RapidReview) -> list[str]:
    """Who has signed the current decision and who has not, as sentences: "Signed off by the
    local authority and the police.", "The integrated care board disagreed: <comment>",
    "Waiting for the integrated care board." Dissent comments are quoted as written."""
    signed = current_sign_offs(review)
    agreed = [PARTNER_NAMES[p] for p in StatutoryPartner if p in signed and signed[p].agrees]
    sentences = []
    if agreed:
        sentences.append(f"Signed off by {in_words(agreed)}.")
    for sign_off in dissents(review):
        name = PARTNER_NAMES[StatutoryPartner(sign_off.partner)]
        sentences.append(f"{name[:1].upper()}{name[1:]} disagreed: {sign_off.comment}")
    waiting = [label for _, label in partners_not_signed(review)]
    if waiting:
        sentences.append(f"Waiting for {in_words(waiting)}.")
    return sentences


def in_words(items: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
