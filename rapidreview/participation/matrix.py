"""The participation matrix: one row per agency on a review, saying how far each has got with
its duties (DOMAIN.md §4), for the partnership team and the safeguarding partners.

Every cell is a `Cell`: words first (GOV.UK tags carry words, never colour alone) and a tag
colour. The whole matrix is read in a fixed number of queries, however many agencies there are.

Definitions the page relies on:
- involvement: "Involved" when the declaration says the agency knew anyone named on the
  notification, "Nil return" when it knew no one, "Not declared" before a declaration;
- alerts: complete when every child and family member on the notification has at least one
  alert from the agency; "Not needed" after a nil return;
- staff informed: complete when every staff member recorded has a date they were told;
- involvement due: the clock's date, or later for an agency invited later
  (`invitations.involvement_due`): "Overdue" once past it without a declaration, "Due soon"
  within CLOCK_AMBER_DAYS working days, "On track" before that, "Done" once declared;
- scoping return: its workflow state in words ("Not started" before the agency saves anything,
  "Not needed" after a nil return with no return started).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch
from django.utils import timezone

from rapidreview.accounts.models import Agency
from rapidreview.core import calendar
from rapidreview.core.dates import long_date
from rapidreview.reviews.clock import ClockRules, Key, by_key, plan
from rapidreview.reviews.models import RapidReview, ReviewAgency, State
from rapidreview.scoping.models import ReturnState

from .invitations import involvement_due, representatives_by_agency
from .models import Alert, Attending, InvolvementLine, StaffMember

GREEN, YELLOW, RED, GREY, BLUE = "green", "yellow", "red", "grey", "blue"


@dataclass(frozen=True)
class Cell:
    words: str
    colour: str = GREY
    sort: str = ""  # for the sortable table, when the words do not sort well
    detail: str = ""  # a short line under the tag, e.g. "with 2 of 6 named people"

    @property
    def tag_class(self) -> str:
        return f"govuk-tag--{self.colour}"


@dataclass(frozen=True)
class AgencyRow:
    review_agency: ReviewAgency
    representatives: int
    invited: Cell
    responded: Cell
    involvement: Cell
    attending: Cell
    scoping_return: Cell
    records_secured: Cell
    alerts: Cell
    staff_informed: Cell
    due: date
    due_state: Cell

    @property
    def agency(self) -> Agency:
        return self.review_agency.agency

    @property
    def declared(self) -> bool:
        return self.involvement.words != NOT_DECLARED


@dataclass(frozen=True)
class NamedNotInvited:
    """An agency a declaration named as involved that is not on the review."""

    agency: Agency
    named_by: list[str]


@dataclass(frozen=True)
class Matrix:
    review: RapidReview
    rows: list[AgencyRow]
    named_not_invited: list[NamedNotInvited]

    def count(self, column: str, *words: str) -> int:
        return sum(1 for row in self.rows if getattr(row, column).words in words)

    @property
    def declared(self) -> int:
        return sum(1 for row in self.rows if row.declared)

    @property
    def counts(self) -> list[str]:
        """The lines above the table: "7 of 10 agencies have declared involvement"."""
        total = len(self.rows)
        if not total:
            return []
        of = f"of {total} {'agency' if total == 1 else 'agencies'}"
        involved, nil = self.count("involvement", INVOLVED), self.count("involvement", NIL_RETURN)
        overdue = self.count("due_state", "Overdue")
        lines = [
            f"{self.declared} {of} {_have(self.declared)} declared involvement "
            f"({involved} involved, {nil} {'nil return' if nil == 1 else 'nil returns'})",
            f"{self.count('attending', 'Attending', 'Proxy')} {of} "
            f"{_have(self.count('attending', 'Attending', 'Proxy'))} confirmed attendance",
            f"{total - self.count('records_secured', 'Not yet')} {of} "
            f"{_have(total - self.count('records_secured', 'Not yet'))} secured their records",
        ]
        if overdue:
            lines.append(
                f"{overdue} {of} {'is' if overdue == 1 else 'are'} overdue declaring involvement"
            )
        return lines


NOT_DECLARED = "Not declared"
INVOLVED = "Involved"
NIL_RETURN = "Nil return"


def participation_matrix(review: RapidReview, *, today: date) -> Matrix:
    rules = ClockRules.from_settings()
    review_due = by_key(plan(review.incident, review, rules=rules, today=today))[
        Key.INVOLVEMENT
    ].due
    review_agencies = list(_review_agencies(review))
    people = _people_on(review)
    representatives = representatives_by_agency(ra.agency_id for ra in review_agencies)
    rows = []
    for review_agency in review_agencies:
        invited_on = timezone.localdate(review_agency.invited_at)
        due = involvement_due(review_due=review_due, invited_on=invited_on, rules=rules)
        declaration = getattr(review_agency, "declaration", None)
        rows.append(
            AgencyRow(
                review_agency=review_agency,
                representatives=len(representatives.get(review_agency.agency_id, [])),
                invited=Cell(long_date(invited_on), BLUE, invited_on.isoformat()),
                responded=_responded(review_agency),
                involvement=_involvement(declaration),
                attending=_attending(review_agency),
                scoping_return=_scoping_return(review_agency, declaration),
                records_secured=_records_secured(review_agency),
                alerts=_alerts(review_agency, declaration, people),
                staff_informed=_staff_informed(review_agency),
                due=due,
                due_state=_due_state(review, declaration, due, today, rules),
            )
        )
    return Matrix(review, rows, _named_not_invited(review_agencies))


def _review_agencies(review: RapidReview):
    return (
        review.agencies.select_related(
            "agency", "review", "attendance", "declaration", "records_secured", "scoping_return"
        )
        .prefetch_related(
            Prefetch(
                "declaration__lines",
                queryset=InvolvementLine.objects.only("declaration_id", "involved"),
            ),
            "declaration__agencies_known_involved",
            Prefetch(
                "alerts",
                queryset=Alert.objects.only("review_agency_id", "child_id", "family_member_id"),
            ),
            Prefetch("staff", queryset=StaffMember.objects.only("review_agency_id", "informed_on")),
        )
        .order_by("agency__name")
    )


def _people_on(review: RapidReview) -> set[tuple[str, int]]:
    incident = review.incident
    return {("child", pk) for pk in incident.children.values_list("pk", flat=True)} | {
        ("family", pk) for pk in incident.family.values_list("pk", flat=True)
    }


def _responded(review_agency: ReviewAgency) -> Cell:
    attendance = getattr(review_agency, "attendance", None)
    if attendance is None:
        return Cell("No response", GREY, "0")
    day = timezone.localdate(attendance.responded_at)
    return Cell(long_date(day), GREEN, day.isoformat())


def _attending(review_agency: ReviewAgency) -> Cell:
    attendance = getattr(review_agency, "attendance", None)
    if attendance is None:
        return Cell("Not confirmed", GREY)
    if attendance.attending == Attending.PROXY:
        return Cell("Proxy", BLUE)
    return Cell("Attending", GREEN)


def _involvement(declaration) -> Cell:
    if declaration is None:
        return Cell(NOT_DECLARED, GREY)
    if declaration.is_nil_return:
        return Cell(NIL_RETURN, BLUE)
    lines = declaration.lines.all()
    involved = sum(1 for line in lines if line.involved)
    return Cell(INVOLVED, GREEN, detail=f"with {involved} of {len(lines)} named people")


RETURN_CELLS = {
    ReturnState.DRAFT: ("grey", "1"),
    ReturnState.RETURNED: ("orange", "2"),
    ReturnState.SUBMITTED: ("blue", "3"),
    ReturnState.SIGNED_OFF: ("turquoise", "4"),
    ReturnState.RELEASED: ("green", "5"),
}


def _scoping_return(review_agency: ReviewAgency, declaration) -> Cell:
    scoping_return = getattr(review_agency, "scoping_return", None)
    if scoping_return is None:
        if declaration is not None and declaration.is_nil_return:
            return Cell("Not needed", GREY, "6")
        return Cell("Not started", GREY, "0")
    colour, sort = RETURN_CELLS[scoping_return.state]
    return Cell(scoping_return.get_state_display(), colour, sort)


def _records_secured(review_agency: ReviewAgency) -> Cell:
    secured = getattr(review_agency, "records_secured", None)
    if secured is None:
        return Cell("Not yet", GREY, "0")
    return Cell(f"Secured {long_date(secured.secured_on)}", GREEN, secured.secured_on.isoformat())


def _alerts(review_agency: ReviewAgency, declaration, people: set[tuple[str, int]]) -> Cell:
    if declaration is not None and declaration.is_nil_return:
        return Cell("Not needed", GREY, "3")
    alerted = {
        ("child", alert.child_id) if alert.child_id else ("family", alert.family_member_id)
        for alert in review_agency.alerts.all()
    }
    done = len(people & alerted)
    if people and done == len(people):
        return Cell("Complete", GREEN, "2")
    if done:
        return Cell(f"{done} of {len(people)} people", YELLOW, "1")
    return Cell("None yet", GREY, "0")


def _staff_informed(review_agency: ReviewAgency) -> Cell:
    staff = review_agency.staff.all()
    if not staff:
        return Cell("None recorded", GREY, "0")
    informed = sum(1 for member in staff if member.informed_on is not None)
    if informed == len(staff):
        return Cell("All informed", GREEN, "2")
    return Cell(f"{informed} of {len(staff)} informed", YELLOW, "1")


def _due_state(review: RapidReview, declaration, due: date, today: date, rules: ClockRules) -> Cell:
    if declaration is not None:
        return Cell("Done", GREEN, "3")
    if review.state == State.STOPPED:
        return Cell("Not needed", GREY, "4")
    if today > due:
        return Cell("Overdue", RED, "0")
    if calendar.working_days_between(today, due) <= rules.amber_days:
        return Cell("Due soon", YELLOW, "1")
    return Cell("On track", GREEN, "2")


def _named_not_invited(review_agencies: list[ReviewAgency]) -> list[NamedNotInvited]:
    on_review = {ra.agency_id for ra in review_agencies}
    named: dict[int, NamedNotInvited] = {}
    for review_agency in review_agencies:
        declaration = getattr(review_agency, "declaration", None)
        if declaration is None:
            continue
        for agency in declaration.agencies_known_involved.all():
            if agency.pk in on_review or not agency.is_active:
                continue
            entry = named.setdefault(agency.pk, NamedNotInvited(agency, []))
            entry.named_by.append(review_agency.agency.name)
    return sorted(named.values(), key=lambda entry: entry.agency.name)


def participation_summary(review: RapidReview) -> str:
    """One line for the review page: "10 agencies invited, 6 have declared involvement"."""
    counts = review.agencies.aggregate(invited=Count("pk"), declared=Count("declaration"))
    invited, declared = counts["invited"], counts["declared"]
    if not invited:
        return "No agencies invited yet"
    agencies = "agency" if invited == 1 else "agencies"
    return f"{invited} {agencies} invited, {declared} {_have(declared)} declared involvement"


def _have(n: int) -> str:
    return "has" if n == 1 else "have"
