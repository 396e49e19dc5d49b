"""What the anonymisation check (`anonymise.py`) searches the report to the Panel for: each
name, other name, date of birth and address of the children and family members on the review,
the names of the people who worked on it, and the names of the local settings the report shows by
kind; and the organisations and places it is meant to name, blanked out before searching."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q

from rapidreview.accounts.models import Agency, StatutoryPartner
from rapidreview.core.dates import MONTHS
from rapidreview.meetings.models import (
    Attendee,
    Challenge,
    LearningPoint,
    Meeting,
    ParallelProcess,
    SafeguardingAction,
)
from rapidreview.participation.models import AttendanceResponse, Nomination
from rapidreview.reviews.models import RapidReview
from rapidreview.scoping.models import ScopingReturn

from .models import Decision, PartnerSignOff, ReportText
from .queries import PARTNER_NAMES
from .report_parts import LOCAL_SETTINGS, agency_shown, setting_names

# Particles of a name that are also ordinary words ("la" is also "LA"): not searched alone.
PARTICLES = frozenset(
    [
        "al",
        "bin",
        "da",
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "du",
        "el",
        "ibn",
        "la",
        "le",
        "st",
        "van",
        "von",
    ]
)
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Term:
    pattern: re.Pattern
    what: str  # "first name of Child A"
    word: str = ""  # the word, when the term is one word of a name


def normalise(text: str) -> str:
    """Compatibility forms folded, curly apostrophes straightened, so "Ｊｏ" and "O’Neil" match."""
    return unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")


def _pattern(words: list[str]) -> re.Pattern:
    """The words in order, any spaces, commas or hyphens between them, on word boundaries."""
    body = r"[\s,\-]+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def words_of(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


# --- the terms ---------------------------------------------------------------------------------


def _name_terms(full_name: str, other_names: str, person: str) -> list[Term]:
    terms = []
    words = words_of(full_name)
    if words:
        terms.append(Term(_pattern(words), f"full name of {person}"))
    for index, word in enumerate(words):
        if len(word) < 2 or word.lower() in PARTICLES:
            continue
        part = (
            "name"
            if len(words) == 1
            else "first name"
            if index == 0
            else "surname"
            if index == len(words) - 1
            else "middle name"
        )
        terms.append(Term(_pattern([word]), f"{part} of {person}", word.lower()))
    for other in re.split(r"[,;/\n]+|\s+or\s+", normalise(other_names)):
        other_words = words_of(other)
        if not other_words:
            continue
        what = f"other name of {person}"
        terms.append(Term(_pattern(other_words), what))
        terms.extend(
            Term(_pattern([word]), what, word.lower())
            for word in other_words
            if len(word) >= 2 and word.lower() not in PARTICLES and len(other_words) > 1
        )
    return terms


def _date_terms(born: date | None, person: str) -> list[Term]:
    if born is None:
        return []
    month = MONTHS[born.month - 1]
    d, m, y = born.day, born.month, born.year
    ways = [
        rf"{d}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{month}|{month[:3]})\.?,?\s+{y}",
        rf"(?:{month}|{month[:3]})\.?\s+{d}(?:st|nd|rd|th)?,?\s+{y}",
        rf"0?{d}\s*[/.\-]\s*0?{m}\s*[/.\-]\s*(?:{y}|{y % 100:02d})",
        rf"{y}\s*-\s*{m:02d}\s*-\s*{d:02d}",
    ]
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(ways)})(?!\w)", re.IGNORECASE)
    return [Term(pattern, f"date of birth of {person}")]


def _address_terms(address: str, person: str, places: str) -> list[Term]:
    address = normalise(address).strip()
    if not address:
        return []
    what = f"address of {person}"
    lines = [line.strip() for line in re.split(r"[\n,]+", address) if line.strip()]
    terms = [Term(_pattern(_tokens(", ".join(lines))), what)]
    for line in lines:
        for postcode in _POSTCODE.finditer(line):
            outward, inward = postcode.groups()
            pattern = re.compile(rf"(?<!\w){outward}\s*{inward}(?!\w)", re.IGNORECASE)
            terms.append(Term(pattern, f"postcode of {person}"))
        line = _POSTCODE.sub("", line).strip()
        words = words_of(line)
        if not words or (not re.search(r"\d", line) and _pattern(words).search(places)):
            continue  # a house number alone, or a place the report names anyway
        terms.append(Term(_pattern(_tokens(line)), what))
        street = re.sub(r"^(?:flat|apartment|unit)?\s*\d+\w?\s+", "", line, flags=re.IGNORECASE)
        if street != line and len(words_of(street)) >= 2:
            terms.append(Term(_pattern(_tokens(street)), what))
    return terms


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+(?:['.]\w+)*", text)


def _described(pseudonym: str, fallback: str, names: str) -> str:
    """The person by pseudonym, unless the pseudonym repeats part of their name."""
    name_words = {word.lower() for word in words_of(names) if len(word) >= 2}
    if not pseudonym.strip() or name_words & {w.lower() for w in words_of(pseudonym)}:
        return fallback
    return pseudonym.strip()


def _staff_names(review: RapidReview) -> dict[str, str]:
    """The full name of each person who worked on the review (two words or more), keyed by the
    name in lower case, with how the leak describes them."""
    named: dict[str, str] = {}

    def add(names: Iterable[str], who: str) -> None:
        for name in names:
            key = " ".join(words_of(name or "")).lower()
            if len(key.split()) >= 2:
                named.setdefault(key, who)

    for partner, user_name, signed_name in PartnerSignOff.objects.filter(review=review).values_list(
        "partner", "signed_by__full_name", "signed_name"
    ):
        add(
            [user_name, signed_name],
            f"the signatory for {PARTNER_NAMES[StatutoryPartner(partner)]}",
        )
    add(
        [
            name
            for pair in Attendee.objects.filter(meeting__review=review).values_list(
                "user__full_name", "proxy_name"
            )
            for name in pair
        ],
        "an attendee at the meeting",
    )
    add(
        AttendanceResponse.objects.filter(review_agency__review=review).values_list(
            "attendee_name", flat=True
        ),
        "an attendee at the meeting",
    )
    worked = [review.convened_by.full_name, review.incident.created_by.full_name]
    for model, fields in (
        (Decision, ("recorded_by__full_name",)),
        (ReportText, ("updated_by__full_name",)),
        (Meeting, ("created_by__full_name",)),
        (Challenge, ("recorded_by__full_name",)),
        (SafeguardingAction, ("recorded_by__full_name",)),
        (LearningPoint, ("recorded_by__full_name",)),
        (ParallelProcess, ("recorded_by__full_name",)),
    ):
        for values in model.objects.filter(review=review).values_list(*fields):
            worked.extend(values)
    for values in ScopingReturn.objects.filter(review_agency__review=review).values_list(
        "created_by__full_name",
        "signed_off_by__full_name",
        "signed_off_name",
        "released_by__full_name",
    ):
        worked.extend(values)
    worked.extend(
        Nomination.objects.filter(review_agency__review=review).values_list(
            "user__full_name", flat=True
        )
    )
    add(worked, "a member of staff who worked on the review")
    return named


def _agencies(review: RapidReview) -> list[Agency]:
    """The agencies on the review and those leading its parallel processes."""
    return list(
        Agency.objects.filter(
            Q(review_memberships__review=review) | Q(pk__in=_lead_agencies(review))
        ).distinct()
    )


def _lead_agencies(review: RapidReview):
    return ParallelProcess.objects.filter(review=review).values("lead_agency")


def places_named(review: RapidReview, agencies: list[Agency]) -> list[str]:
    """The organisations and places the report is meant to name: the partnership, the local
    authorities and the agencies, except the local settings it names by their kind."""
    incident = review.incident
    names = [
        settings.PARTNERSHIP_NAME,
        incident.incident_local_authority,
        incident.residence_local_authority,
        *(agency.name for agency in agencies if agency.agency_type not in LOCAL_SETTINGS),
    ]
    return sorted({normalise(name) for name in names if name.strip()}, key=len, reverse=True)


def _setting_terms(review: RapidReview, agencies: list[Agency]) -> list[Term]:
    """The names of the schools, nurseries and GP practices: the report shows them by kind."""
    terms = [
        Term(_pattern(_tokens(agency.name)), f"name of an agency shown as {agency_shown(agency)}")
        for agency in agencies
        if agency.agency_type in LOCAL_SETTINGS and _tokens(agency.name)
    ]
    for child in review.incident.children.order_by("position"):
        who = _described(child.pseudonym, f"child {child.position}", child.full_name)
        terms += [
            Term(_pattern(_tokens(name)), f"name of the education setting of {who}")
            for name in setting_names(normalise(child.education))
        ]
    return terms


@dataclass(frozen=True)
class Terms:
    terms: list[Term]
    places: list[re.Pattern]

    def blank_places(self, text: str) -> str:
        text = normalise(text)
        for place in self.places:
            text = place.sub(" ", text)
        return text


def terms_for(review: RapidReview) -> Terms:
    """Everything the check searches for on this review."""
    incident = review.incident
    agencies = _agencies(review)
    places = places_named(review, agencies)
    place_text = "\n".join(places)
    terms: list[Term] = []
    for child in incident.children.order_by("position"):
        who = _described(child.pseudonym, f"child {child.position}", child.full_name)
        terms += _name_terms(child.full_name, child.other_names, who)
        terms += _date_terms(child.date_of_birth, who)
    for member in incident.family.order_by("position"):
        fallback = f"family member {member.position} ({member.get_relationship_display()})"
        who = _described(member.pseudonym, fallback, member.full_name)
        terms += _name_terms(member.full_name, member.other_names, who)
        terms += _date_terms(member.date_of_birth, who)
        terms += _address_terms(member.address, who, place_text)
    for name, who in _staff_names(review).items():
        terms.append(Term(_pattern(name.split()), f"name of {who}"))
    terms += _setting_terms(review, agencies)
    return Terms(terms, [_pattern(_tokens(place)) for place in places if _tokens(place)])
