"""Whether the meeting is quorate: the three safeguarding partners (the local authority, the
integrated care board and the police) must each be represented, by their safeguarding partner,
a delegate, or a proxy one of them sent (DOMAIN.md §6).

An attendee counts when their attendance is Present or Sent a proxy (`ATTENDED`) and they
represent a partner (`Attendee.represents_partner`, set for safeguarding partner accounts when
they are invited). `quorum_for` answers with the partners represented, those missing and a
sentence to show as it is ("Quorate: the local authority, the integrated care board and the
police are represented."). Before any attendance is recorded the sentence says what is needed.
"""

from dataclasses import dataclass

from rapidreview.accounts.models import StatutoryPartner
from rapidreview.decisions.queries import PARTNER_NAMES

from .models import ATTENDED, Attendance, Meeting


@dataclass(frozen=True)
class Quorum:
    met: bool
    # The partners as named in a sentence (PARTNER_NAMES: "the local authority", "the integrated
    # care board", "the police"), in that order.
    represented: list[str]
    missing: list[str]
    sentence: str


def in_words(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _verb(partners: list[StatutoryPartner]) -> str:
    # "the police are", "the local authority is", "the ICB and the police are".
    return "are" if len(partners) > 1 or partners == [StatutoryPartner.POLICE] else "is"


def _names(partners: list[StatutoryPartner]) -> str:
    return in_words([PARTNER_NAMES[partner] for partner in partners])


def quorum_for(meeting: Meeting | None) -> Quorum:
    """The quorum of `meeting` (None: no meeting arranged yet)."""
    everyone = list(StatutoryPartner)
    need = (
        f"To be quorate, {_names(everyone)} must each be represented by their safeguarding "
        "partner, a delegate or a proxy."
    )
    if meeting is None:
        return Quorum(
            met=False,
            represented=[],
            missing=[PARTNER_NAMES[partner] for partner in everyone],
            sentence=f"Not quorate yet: the meeting has not been arranged. {need}",
        )
    attendees = list(meeting.attendees.exclude(represents_partner=""))
    invited = {attendee.represents_partner for attendee in attendees}
    came = {
        attendee.represents_partner for attendee in attendees if attendee.attendance in ATTENDED
    }
    represented = [partner for partner in everyone if partner in came]
    missing = [partner for partner in everyone if partner not in came]
    labels = {
        "represented": [PARTNER_NAMES[partner] for partner in represented],
        "missing": [PARTNER_NAMES[partner] for partner in missing],
    }
    taken = meeting.attendees.exclude(attendance=Attendance.INVITED).exists()
    if not taken:
        not_invited = [partner for partner in everyone if partner not in invited]
        sentence = f"Attendance has not been recorded yet. {need}"
        if not_invited:
            sentence += f" No one has been invited for {_names(not_invited)} yet."
        return Quorum(met=False, sentence=sentence, **labels)
    if not missing:
        return Quorum(
            met=True,
            sentence=f"Quorate: {_names(represented)} {_verb(represented)} represented.",
            **labels,
        )
    return Quorum(
        met=False,
        sentence=f"Not quorate: {_names(missing)} {_verb(missing)} not represented yet.",
        **labels,
    )
