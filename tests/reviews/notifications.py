"""A complete, valid notification as the intake produces it, to vary in tests."""

from datetime import date

from rapidreview.reviews.intake import Notification


def a_notification(*, children: int = 2, family: int = 4, **sections) -> Notification:
    values = {
        "about": {
            "sin_reference": "SIN-2026-0042",
            "nature": "death",
            "circumstances": "An invented incident: a baby was found unresponsive at home.",
            "incident_local_authority": "Invented Borough Council",
            "residence_local_authority": "Invented Borough Council",
            "looked_after": "not_looked_after",
        },
        "dates": {
            "incident_date": date(2026, 3, 2),
            "la_aware_date": date(2026, 3, 2),
            "partners_aware_date": date(2026, 3, 3),
            "sin_submitted_date": date(2026, 3, 6),
        },
        "children": [
            {
                "id": f"child{n}",
                "full_name": f"Invented Firstname{n} Surname",
                "other_names": "",
                "date_of_birth": date(2025, 9, 1) if n == 1 else date(2021, 5, 17),
                "sex": "female",
                "ethnicity": "",
                "disability": "",
                "legal_status": "child_in_need",
                "education": "",
                "date_of_death": date(2026, 3, 2) if n == 1 else None,
                "pseudonym": "Baby A" if n == 1 else f"Child {'ABCDEFG'[n - 1]}",
            }
            for n in range(1, children + 1)
        ],
        "family": [
            {
                "id": f"person{n}",
                "full_name": f"Invented Grownup{n} Surname",
                "other_names": "",
                "relationship": ["mother", "father", "partner_of_parent", "grandparent"][n % 4],
                "relationship_detail": "",
                "date_of_birth": date(1994, 11, 4) if n % 2 else None,
                "address": "1 Invented Row, Nowhere" if n % 2 else "",
                "pseudonym": f"Adult {n}",
            }
            for n in range(1, family + 1)
        ],
        "scoping": {"scoping_start": date(2025, 3, 1), "scoping_end": date(2026, 3, 2)},
    }
    return Notification(**values | sections)
