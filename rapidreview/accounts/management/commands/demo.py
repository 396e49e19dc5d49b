"""Load the invented demo partnership: agencies and one user for every role.

Safe to run again: it creates what is missing and leaves the rest alone.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapidreview.accounts.models import Agency, AgencyType, Membership, Role, StatutoryPartner, User
from rapidreview.reviews.demo import load as load_demo_reviews

DEMO_PASSWORD = "rapid-review-demo-2026"  # noqa: S105 - printed in the README; demo mode only

# Every name here is invented.
AGENCIES = [
    (
        "Northmoor Council Children's Services",
        AgencyType.LOCAL_AUTHORITY,
        StatutoryPartner.LOCAL_AUTHORITY,
    ),
    ("Northmoor Integrated Care Board", AgencyType.ICB, StatutoryPartner.ICB),
    ("Northmoor Constabulary", AgencyType.POLICE, StatutoryPartner.POLICE),
    ("Northmoor Hospitals NHS Trust", AgencyType.HOSPITAL_TRUST, ""),
    ("Northmoor Community Health NHS Trust", AgencyType.COMMUNITY_TRUST, ""),
    ("Riverside Medical Practice", AgencyType.GP, ""),
    ("Northmoor Ambulance Service", AgencyType.AMBULANCE, ""),
    ("Northmoor Minds (CAMHS)", AgencyType.MENTAL_HEALTH, ""),
    ("Larkfield Primary School", AgencyType.EDUCATION, ""),
    ("Northmoor Youth Justice Service", AgencyType.YOUTH_JUSTICE, ""),
    ("Northmoor Probation Delivery Unit", AgencyType.PROBATION, ""),
    ("Northmoor Homes", AgencyType.HOUSING, ""),
    ("Pathways Substance Misuse Service", AgencyType.SUBSTANCE_MISUSE, ""),
    ("Harbour Family Support (voluntary sector)", AgencyType.VOLUNTARY, ""),
]

# (email, full name, job title, role, agency name or None)
USERS = [
    (
        "coordinator@demo.rapidreview.invalid",
        "Ada Fenwick",
        "Partnership business co-ordinator",
        Role.PARTNERSHIP_TEAM,
        None,
    ),
    (
        "officer@demo.rapidreview.invalid",
        "Milo Brackenbury",
        "Partnership development officer",
        Role.PARTNERSHIP_TEAM,
        None,
    ),
    (
        "police.rep@demo.rapidreview.invalid",
        "Priya Oakhurst",
        "Detective inspector, safeguarding",
        Role.AGENCY_REPRESENTATIVE,
        "Northmoor Constabulary",
    ),
    (
        "police.nominee@demo.rapidreview.invalid",
        "Tomasz Fairley",
        "Detective sergeant, public protection",
        Role.NOMINATED_REPRESENTATIVE,
        "Northmoor Constabulary",
    ),
    (
        "school.rep@demo.rapidreview.invalid",
        "Tom Heathcote",
        "Designated safeguarding lead",
        Role.AGENCY_REPRESENTATIVE,
        "Larkfield Primary School",
    ),
    (
        "health.rep@demo.rapidreview.invalid",
        "Grace Linwood",
        "Named nurse for safeguarding",
        Role.AGENCY_REPRESENTATIVE,
        "Northmoor Hospitals NHS Trust",
    ),
    (
        "social.care.rep@demo.rapidreview.invalid",
        "Owen Ashdown",
        "Service manager, safeguarding",
        Role.AGENCY_REPRESENTATIVE,
        "Northmoor Council Children's Services",
    ),
    (
        "police.senior@demo.rapidreview.invalid",
        "Harriet Vale",
        "Detective superintendent",
        Role.SENIOR_LEADER,
        "Northmoor Constabulary",
    ),
    (
        "health.senior@demo.rapidreview.invalid",
        "Naomi Thistlewood",
        "Chief nurse",
        Role.SENIOR_LEADER,
        "Northmoor Hospitals NHS Trust",
    ),
    (
        "la.partner@demo.rapidreview.invalid",
        "Desmond Farrow",
        "Director of children's services (delegated partner)",
        Role.SAFEGUARDING_PARTNER,
        "Northmoor Council Children's Services",
    ),
    (
        "icb.partner@demo.rapidreview.invalid",
        "Ruth Kelsall",
        "Chief nurse (delegated partner)",
        Role.SAFEGUARDING_PARTNER,
        "Northmoor Integrated Care Board",
    ),
    (
        "police.partner@demo.rapidreview.invalid",
        "Colin Marchbank",
        "Assistant chief constable (delegated partner)",
        Role.SAFEGUARDING_PARTNER,
        "Northmoor Constabulary",
    ),
    (
        "scrutineer@demo.rapidreview.invalid",
        "Imogen Thorne",
        "Independent scrutineer",
        Role.SCRUTINEER,
        None,
    ),
]


class Command(BaseCommand):
    help = "Load the invented demo partnership (demo mode only)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data can only be loaded when DEMO_MODE is on.")
        with transaction.atomic():
            agencies = {}
            for name, agency_type, partner in AGENCIES:
                agencies[name], _ = Agency.objects.get_or_create(
                    name=name, defaults={"agency_type": agency_type, "statutory_partner": partner}
                )
            created = 0
            for email, full_name, job_title, role, agency_name in USERS:
                if User.objects.filter(email=email).exists():
                    continue
                user = User.objects.create_user(
                    email=email, password=DEMO_PASSWORD, full_name=full_name, job_title=job_title
                )
                Membership.objects.create(
                    user=user, role=role, agency=agencies[agency_name] if agency_name else None
                )
                TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
                backup = StaticDevice.objects.create(user=user, name="Backup codes")
                StaticToken.objects.bulk_create(
                    StaticToken(device=backup, token=StaticToken.random_token()) for _ in range(10)
                )
                created += 1
        self.stdout.write(f"Demo rapid reviews: {load_demo_reviews()} new notifications.")
        self.stdout.write(
            f"Demo data ready: {len(AGENCIES)} agencies, {created} new users "
            f"(password {DEMO_PASSWORD!r}; codes from `rapidreview demo-code EMAIL`)."
        )
