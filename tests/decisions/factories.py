"""Test data for the decision and sign-off. Rows are made directly: the services are tested on
their own."""

from rapidreview.accounts.models import Agency, AgencyType, Role, StatutoryPartner
from rapidreview.decisions.models import Assessment, Decision, NationalView, Outcome, PartnerSignOff
from rapidreview.reviews.models import RapidReview

from ..factories import make_user

PARTNER_AGENCY_TYPES = {
    StatutoryPartner.LOCAL_AUTHORITY: AgencyType.LOCAL_AUTHORITY,
    StatutoryPartner.ICB: AgencyType.ICB,
    StatutoryPartner.POLICE: AgencyType.POLICE,
}


def make_partners(existing=None) -> dict[str, object]:
    """A safeguarding partner account for each of the three partners, keyed by partner value.
    `existing` (a partner user already made, such as the persona) is used for its partner."""
    partners = {}
    if existing is not None:
        partners[existing.membership.agency.statutory_partner] = existing
    for partner, agency_type in PARTNER_AGENCY_TYPES.items():
        if partner.value in partners:
            continue
        agency = Agency.objects.filter(statutory_partner=partner).first() or (
            Agency.objects.create(
                name=f"Invented {partner.label}",
                agency_type=agency_type,
                statutory_partner=partner,
            )
        )
        partners[partner.value] = make_user(
            Role.SAFEGUARDING_PARTNER, agency, full_name=f"Invented Partner {partner.label}"
        )
    return partners


def make_decision(review: RapidReview, *, by, **fields) -> Decision:
    values = {
        "outcome": Outcome.LCSPR,
        "rationale": "The partners agreed an LCSPR would show how agencies worked together.",
        "national_view": NationalView.DOES_NOT,
        **{f"criterion_{letter}": Assessment.MET for letter in "abc"},
        "criterion_d": Assessment.NOT_MET,
        **{f"criterion_{letter}_reasoning": f"Reasoning for ({letter})." for letter in "abcd"},
        **fields,
    }
    return Decision.objects.create(review=review, recorded_by=by, **values)


def sign_off(review: RapidReview, user, *, agrees: bool = True, comment: str = ""):
    decision = Decision.objects.get(review=review)
    return PartnerSignOff.objects.create(
        review=review,
        partner=user.membership.agency.statutory_partner,
        decision_version=decision.version,
        agrees=agrees,
        comment=comment,
        signed_by=user,
        signed_name=user.full_name,
        signed_role="Delegated safeguarding partner",
    )
