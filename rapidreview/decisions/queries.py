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
