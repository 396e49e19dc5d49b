"""One of several processes convening reviews at once, for test_services: logs COUNT incidents
of its own, waits until START_AT (a Unix time) so every process begins together, then convenes
a review for each and prints the references.

    python tests/reviews/convene_reviews.py NAME COUNT START_AT
"""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapidreview.settings")
django.setup()

from rapidreview.accounts.models import User  # noqa: E402
from rapidreview.reviews.services import review_convene  # noqa: E402
from tests.reviews.factories import make_incident  # noqa: E402


def main(name: str, count: int, start_at: float) -> None:
    convenor = User.objects.create_user(
        email=f"convenor-{name}@example.invalid", full_name=f"Invented Convenor {name}"
    )
    incidents = [
        make_incident(convenor, sin_reference=f"SIN-{name}-{number}") for number in range(count)
    ]
    time.sleep(max(0.0, start_at - time.time()))
    for incident in incidents:
        print(review_convene(actor=convenor, incident=incident).reference, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
