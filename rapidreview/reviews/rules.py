"""The rules a notification must meet, in the words a person sees. Pure: values in, problems out.

Forms use these for the message at the field; services run them all again before saving, so a
rule holds however the data arrives. Two kinds of finding:

- a *problem* is an impossible answer (a date of birth after the incident, a SIN dated before
  the local authority knew): it must be fixed before anything is saved;
- a *warning* is an unusual answer that can be right (the police told the partners before the
  local authority knew): it is shown on the check answers page and saved if confirmed.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidreview.core.dates import long_date

from .models import Nature

# The Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018 came
# into force on this day; no rapid review clock starts before it. It also keeps every clock date
# inside the years whose bank holidays the calendar holds.
RAPID_REVIEWS_BEGAN = date(2018, 6, 29)
ADULT_AGE = 18
_NAME_WORD_MIN = 3


@dataclass(frozen=True)
class Finding:
    field: str
    message: str


def normalise_pseudonym(pseudonym: str) -> str:
    return " ".join(pseudonym.split()).casefold()


def _not_future(field: str, value: date | None, label: str, today: date) -> list[Finding]:
    if value is not None and value > today:
        return [Finding(field, f"{label} must be today or in the past")]
    return []


# --- the notification's dates -------------------------------------------------------------------


def notification_date_problems(
    *,
    incident_date: date | None,
    la_aware_date: date | None,
    partners_aware_date: date | None,
    sin_submitted_date: date | None,
    today: date,
) -> list[Finding]:
    """A date left out (or not a real date) is skipped, so the others are still checked."""
    problems = []
    labelled = [
        ("incident_date", incident_date, "The date of the incident"),
        ("la_aware_date", la_aware_date, "The date the local authority became aware"),
        ("partners_aware_date", partners_aware_date, "The date the partners became aware"),
        ("sin_submitted_date", sin_submitted_date, "The date the SIN was submitted"),
    ]
    for field, value, label in labelled:
        problems += _not_future(field, value, label, today)
    for field, value, label in labelled[1:]:
        if value is not None and value < RAPID_REVIEWS_BEGAN:
            problems.append(
                Finding(
                    field,
                    f"{label} must be on or after {long_date(RAPID_REVIEWS_BEGAN)}, "
                    "when rapid reviews began",
                )
            )
    orders = [
        (
            "la_aware_date",
            la_aware_date,
            incident_date,
            "The date the local authority became aware must be the same as or after "
            "the date of the incident",
        ),
        (
            "partners_aware_date",
            partners_aware_date,
            incident_date,
            "The date the partners became aware must be the same as or after "
            "the date of the incident",
        ),
        (
            "sin_submitted_date",
            sin_submitted_date,
            la_aware_date,
            "The date the SIN was submitted must be the same as or after "
            "the date the local authority became aware",
        ),
    ]
    for field, later, earlier, message in orders:
        if later is not None and earlier is not None and later < earlier:
            problems.append(Finding(field, message))
    return first_per_field(problems)


def notification_date_warnings(*, la_aware_date: date, partners_aware_date: date) -> list[str]:
    if partners_aware_date < la_aware_date:
        return [
            f"The safeguarding partners became aware ({long_date(partners_aware_date)}) before "
            f"the local authority did ({long_date(la_aware_date)}). This can happen, for example "
            "when the police are called first, but check both dates."
        ]
    return []


# --- the scoping period -------------------------------------------------------------------------


def scoping_problems(
    *, scoping_start: date, scoping_end: date, incident_date: date | None, today: date
) -> list[Finding]:
    problems = _not_future("scoping_start", scoping_start, "The start of the scoping period", today)
    problems += _not_future("scoping_end", scoping_end, "The end of the scoping period", today)
    if scoping_end < scoping_start:
        problems.append(
            Finding(
                "scoping_end",
                "The end of the scoping period must be the same as or after its start",
            )
        )
    if incident_date is not None and scoping_start > incident_date:
        problems.append(
            Finding(
                "scoping_start",
                "The scoping period must start on or before the date of the incident "
                f"({long_date(incident_date)})",
            )
        )
    return first_per_field(problems)


def scoping_warnings(*, scoping_end: date, incident_date: date) -> list[str]:
    if scoping_end < incident_date:
        return [
            f"The scoping period ends on {long_date(scoping_end)}, before the incident "
            f"({long_date(incident_date)}), so agencies will not report contact in between."
        ]
    return []


# --- children and family ------------------------------------------------------------------------


def _name_words(*names: str) -> set[str]:
    return {
        word.casefold()
        for name in names
        for word in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", name)
        if len(word) >= _NAME_WORD_MIN
    }


def pseudonym_problems(
    *, pseudonym: str, full_name: str, other_names: str, who: str
) -> list[Finding]:
    """A pseudonym that contains the person's own name would defeat the anonymisation."""
    in_pseudonym = _name_words(pseudonym)
    if in_pseudonym & _name_words(full_name, other_names):
        return [Finding("pseudonym", f"The pseudonym must not include the {who}'s name")]
    return []


def child_problems(
    *,
    full_name: str,
    other_names: str,
    date_of_birth: date,
    date_of_death: date | None,
    pseudonym: str,
    incident_date: date | None,
    today: date,
) -> list[Finding]:
    problems = _not_future("date_of_birth", date_of_birth, "Date of birth", today)
    if incident_date is not None and date_of_birth > incident_date:
        problems.append(
            Finding(
                "date_of_birth",
                "Date of birth must be the same as or before the date of the incident "
                f"({long_date(incident_date)})",
            )
        )
    if date_of_death is not None:
        problems += _not_future("date_of_death", date_of_death, "Date of death", today)
        if date_of_death < date_of_birth:
            problems.append(
                Finding(
                    "date_of_death", "Date of death must be the same as or after the date of birth"
                )
            )
        elif incident_date is not None and date_of_death < incident_date:
            problems.append(
                Finding(
                    "date_of_death",
                    "Date of death must be the same as or after the date of the incident "
                    f"({long_date(incident_date)})",
                )
            )
    problems += pseudonym_problems(
        pseudonym=pseudonym, full_name=full_name, other_names=other_names, who="child"
    )
    return first_per_field(problems)


def child_warnings(*, pseudonym: str, date_of_birth: date, incident_date: date) -> list[str]:
    if _age_on(date_of_birth, incident_date) >= ADULT_AGE:
        return [
            f"{pseudonym} was {ADULT_AGE} or older on the date of the incident. "
            "Check the date of birth and the date of the incident."
        ]
    return []


def family_problems(
    *,
    full_name: str,
    other_names: str,
    date_of_birth: date | None,
    pseudonym: str,
    today: date,
) -> list[Finding]:
    problems = _not_future("date_of_birth", date_of_birth, "Date of birth", today)
    problems += pseudonym_problems(
        pseudonym=pseudonym, full_name=full_name, other_names=other_names, who="person"
    )
    return first_per_field(problems)


def duplicate_pseudonym(pseudonym: str, taken: Iterable[tuple[str, str]]) -> Finding | None:
    """`taken` holds (pseudonym, who) for everyone else on the notification."""
    wanted = normalise_pseudonym(pseudonym)
    for other, who in taken:
        if normalise_pseudonym(other) == wanted:
            return Finding(
                "pseudonym",
                f"{pseudonym.strip()} is already the pseudonym of {who}: choose another",
            )
    return None


# --- the notification as a whole ---------------------------------------------------------------


def nature_problems(*, nature: str, children_dates_of_death: list[date | None]) -> list[Finding]:
    if nature == Nature.DEATH and not any(children_dates_of_death):
        return [
            Finding(
                "children",
                "The incident is a death, but no child has a date of death: add it to the "
                "child who died, or change the nature of the incident",
            )
        ]
    return []


def nature_warnings(*, nature: str, children_dates_of_death: list[date | None]) -> list[str]:
    if nature != Nature.DEATH and any(children_dates_of_death):
        return [
            "A child has a date of death, but the nature of the incident is not a death. "
            "Check the nature of the incident."
        ]
    return []


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def first_per_field(findings: list[Finding]) -> list[Finding]:
    """One message per field, the first found: GOV.UK shows a single error at each question."""
    seen: set[str] = set()
    kept = []
    for finding in findings:
        if finding.field not in seen:
            seen.add(finding.field)
            kept.append(finding)
    return kept


# --- dates recorded on a review -----------------------------------------------------------------

# A planned meeting date further ahead than this is almost certainly mistyped, and would run the
# clock past the years whose bank holidays are loaded.
MEETING_HORIZON_DAYS = 366


def recorded_date_problems(
    field: str, value: date, label: str, *, not_before: list[tuple[date | None, str]], today: date
) -> list[Finding]:
    """A date something happened: today or earlier, and not before each (date, what) given."""
    problems = _not_future(field, value, label, today)
    for earliest, what in not_before:
        if earliest is not None and value < earliest:
            problems.append(
                Finding(
                    field, f"{label} must be the same as or after {what} ({long_date(earliest)})"
                )
            )
    return problems[:1]


def meeting_date_problems(*, meeting_date: date, la_aware_date: date, today: date) -> list[Finding]:
    if meeting_date < la_aware_date:
        return [
            Finding(
                "meeting_date",
                "The date of the meeting must be the same as or after the date the local "
                f"authority became aware ({long_date(la_aware_date)})",
            )
        ]
    if (meeting_date - today).days > MEETING_HORIZON_DAYS:
        return [Finding("meeting_date", "The date of the meeting must be within the next year")]
    return []
