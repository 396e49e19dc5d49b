"""The anonymisation check of the report to the Panel (DOMAIN.md §7): no name, other name,
address or date of birth of anyone on the review may remain in it.

What is searched for, case-insensitively and on word boundaries:
- each child and family member: the full name, each word of it (two letters or more, leaving out
  particles such as "de" or "van"), each other name and each word of it, the date of birth in the
  usual ways of writing it, the whole address, each line of it (and the street without its house
  number) and the postcode;
- the full names of the people who worked on the review (who signed it off, attended the
  meeting, recorded something, wrote the report text, wrote, signed off or released a return);
- the names of the schools, nurseries and GP practices on the review and of each child's
  education setting: the report shows them by kind ("Primary school"), since their names say
  where the family lives.

Organisation names the report is meant to show (the partnership, the local authorities, the
agencies) are blanked out before searching, so a surname that is also part of a school's name is
still caught elsewhere but the school itself is not a leak; a line of an address that is only a
place named in one of them ("Northmoor") is not searched on its own.

A `Leak` names the field and what kind of thing leaked, by the person's pseudonym or role ("first
name of Child A"), never the name itself: the refusal is shown, printed and audited.

Single words of a name that the report also uses in its own words (a child called May, and "May
2026") are searched only in what people typed, never in the headings, labels and dates the
service writes; the rendered document is checked against the same terms, so nothing a renderer
adds slips through.
"""

import re
from dataclasses import dataclass

from rapidreview.reviews.models import RapidReview

from .anonymise_terms import Terms, terms_for, words_of
from .report_parts import Report

__all__ = ["Leak", "found_in", "leaks", "leaks_in_rendered", "terms_for"]


@dataclass(frozen=True)
class Leak:
    field: str  # the field, in words: "Case summary", "Challenge 1: question"
    what: str  # "first name of Child A"
    area: str = ""  # where the field is changed (report_parts.Text.area)

    def __str__(self) -> str:
        return f"{self.field} holds the {self.what}"


# --- searching ---------------------------------------------------------------------------------


def found_in(text: str, terms: Terms, *, skip_words: frozenset[str] = frozenset()) -> list[str]:
    """What leaks in `text`, each once, in the order of the terms. Single words of a name in
    `skip_words` are not searched. A single word counts only where it is not part of a longer
    name or address found there ("Quillbrook" in "Peonia Quillbrook" is the mother's full name,
    not also her son's surname)."""
    text = terms.blank_places(text)
    whole = [term for term in terms.terms if not term.word]
    spans = [match.span() for term in whole for match in term.pattern.finditer(text)]

    def outside(match: re.Match) -> bool:
        return not any(start <= match.start() and match.end() <= end for start, end in spans)

    shown: list[str] = []
    for term in terms.terms:
        if term.word:
            if term.word in skip_words or not any(map(outside, term.pattern.finditer(text))):
                continue
        elif not term.pattern.search(text):
            continue
        if term.what not in shown:
            shown.append(term.what)
    return shown


def own_words(report: Report) -> frozenset[str]:
    return frozenset(word.lower() for text in report.own_words() for word in words_of(text))


def leaks(report: Report, review: RapidReview, terms: Terms | None = None) -> list[Leak]:
    """Every field of the report that holds a name, other name, address or date of birth of
    someone on the review, or the name of someone who worked on it."""
    terms = terms or terms_for(review)
    every_word = frozenset(term.word for term in terms.terms if term.word)
    found: list[Leak] = []
    for text in report.texts():
        # Words the service chose (dates, choice labels, agency names) are searched for whole
        # names, addresses and dates of birth, not single words of a name.
        skip = frozenset() if text.typed else every_word
        for what in found_in(text.text, terms, skip_words=skip):
            leak = Leak(text.source or "The report's own words", what, text.area)
            if leak not in found:
                found.append(leak)
    return found


def leaks_in_rendered(text: str, report: Report, review: RapidReview, *, field: str) -> list[Leak]:
    """The same check on a rendered document's text read back from the file. Single words of a
    name that the report uses in its own words were already searched in what people typed."""
    terms = terms_for(review)
    return [Leak(field, what) for what in found_in(text, terms, skip_words=own_words(report))]
