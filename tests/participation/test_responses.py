"""An agency's answers to its invitation, through the services: attendance (or a proxy),
involvement with each named person (a nil return when none), and nominated colleagues."""

import json
from datetime import date

import pytest
from django.core import mail

from rapidreview.accounts.models import Role, User
from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.notifications.models import OutboxMessage
from rapidreview.participation import responses
from rapidreview.participation.models import (
    AttendanceResponse,
    Attending,
    InvolvementDeclaration,
    Nomination,
)
from rapidreview.participation.responses import Answer, Invalid, ServiceError
from rapidreview.reviews.models import ReviewAgency, State

from ..factories import make_user
from ..reviews.factories import make_incident, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def review(personas):
    """Scoping period 1 March 2025 to 2 March 2026; one child, a mother and a brother."""
    incident = make_incident(
        personas.partnership_team, children=("Child A",), family=("Mother", "Brother")
    )
    return make_review(
        incident, convened_by=personas.partnership_team, agencies=(personas.agency_a,)
    )


@pytest.fixture
def review_agency(review, personas) -> ReviewAgency:
    return ReviewAgency.objects.get(review=review, agency=personas.agency_a)


def events(verb: Verb) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb).order_by("sequence"))


def close(review) -> None:
    review.state = State.CLOSED
    review.meeting_date = date(2026, 3, 20)
    review.signed_off_on, review.sent_to_panel_on = date(2026, 3, 23), date(2026, 3, 24)
    review.panel_responded_on, review.closed_on = date(2026, 3, 30), date(2026, 4, 2)
    review.save()


# --- attendance -----------------------------------------------------------------------------


def test_attending_yourself_records_your_own_name_job_title_and_email(personas, review_agency):
    rep = personas.agency_a_rep
    rep.job_title = "Detective inspector"
    rep.save(update_fields=["job_title"])
    responses.attendance_confirm(
        actor=rep,
        review_agency=review_agency,
        attending=Attending.ATTENDING,
        attendee_name="Someone else",
        attendee_job_title="",
    )
    response = AttendanceResponse.objects.get(review_agency=review_agency)
    assert (response.attendee_name, response.attendee_job_title, response.attendee_email) == (
        rep.full_name,
        "Detective inspector",
        rep.email,
    )
    [event] = events(Verb.ATTENDANCE_CONFIRMED)
    assert event.review_reference == review_agency.review.reference
    assert event.payload["attending"] == {"old": None, "new": "attending"}


def test_a_change_of_mind_to_a_proxy_is_recorded_with_what_it_was(personas, review_agency):
    rep = personas.agency_a_rep
    responses.attendance_confirm(
        actor=rep, review_agency=review_agency, attending=Attending.ATTENDING,
        attendee_name="", attendee_job_title="",
    )  # fmt: skip
    responses.attendance_confirm(
        actor=rep,
        review_agency=review_agency,
        attending=Attending.PROXY,
        attendee_name="Invented Deputy",
        attendee_job_title="Detective chief inspector",
        attendee_email="Deputy@Example.invalid",
    )
    response = AttendanceResponse.objects.get(review_agency=review_agency)
    assert (response.attending, response.attendee_email) == (
        Attending.PROXY,
        "deputy@example.invalid",
    )
    change = events(Verb.ATTENDANCE_CONFIRMED)[-1].payload
    assert change["attending"] == {"old": "attending", "new": "proxy"}
    assert change["attendee_name"] == {"old": rep.full_name, "new": "Invented Deputy"}


def test_a_proxy_needs_a_name_job_title_and_email(personas, review_agency):
    with pytest.raises(Invalid) as refused:
        responses.attendance_confirm(
            actor=personas.agency_a_rep,
            review_agency=review_agency,
            attending=Attending.PROXY,
            attendee_name="Invented Deputy",
            attendee_job_title=" ",
        )
    assert [f.field for f in refused.value.findings] == ["attendee_job_title", "attendee_email"]
    assert not AttendanceResponse.objects.exists()
    assert not events(Verb.ATTENDANCE_CONFIRMED)


def test_attendance_cannot_change_once_the_review_has_closed(personas, review, review_agency):
    close(review)
    with pytest.raises(ServiceError, match="closed"):
        responses.attendance_confirm(
            actor=personas.agency_a_rep, review_agency=review_agency,
            attending=Attending.ATTENDING, attendee_name="", attendee_job_title="",
        )  # fmt: skip
    assert not AttendanceResponse.objects.exists()


# --- involvement ----------------------------------------------------------------------------


def answers(review, involved: dict[str, tuple[date, date]] | None = None) -> list[Answer]:
    """'No' for everyone except the pseudonyms in `involved`, with their contact dates."""
    involved = involved or {}
    return [
        Answer(person, person.pseudonym in involved, *involved.get(person.pseudonym, (None, None)))
        for person in responses.people_on(review)
    ]


def declare(personas, review_agency, answer_list, **extra) -> InvolvementDeclaration:
    return responses.involvement_declare(
        actor=personas.agency_a_rep,
        review_agency=review_agency,
        answers=answer_list,
        systems_searched=extra.pop("systems_searched", "Niche, command and control"),
        **extra,
    )


def test_no_involvement_with_anyone_is_a_nil_return(personas, review, review_agency):
    declaration = declare(personas, review_agency, answers(review))
    assert declaration.is_nil_return
    assert declaration.lines.count() == 3
    assert declaration.attested_by == personas.agency_a_rep
    [event] = events(Verb.INVOLVEMENT_DECLARED)
    assert event.payload["nil_return"] == {"old": None, "new": True}
    assert event.payload["correction"] is False


def test_involvement_keeps_the_dates_and_the_other_agencies_known(personas, review, review_agency):
    mother = (date(2025, 4, 1), date(2026, 2, 27))
    declaration = declare(
        personas,
        review_agency,
        answers(review, {"Mother": mother}),
        agencies_known_involved=[personas.agency_b, personas.agency_a],
    )
    assert not declaration.is_nil_return
    line = declaration.lines.get(involved=True)
    assert (line.family_member.pseudonym, line.first_contact, line.last_contact) == (
        "Mother",
        *mother,
    )
    # The declaring agency is not "another" agency.
    assert list(declaration.agencies_known_involved.all()) == [personas.agency_b]


def test_the_audit_trail_names_people_by_pseudonym_only(personas, review, review_agency):
    declare(personas, review_agency, answers(review, {"Brother": (date(2025, 5, 1),) * 2}))
    payload = json.dumps(events(Verb.INVOLVEMENT_DECLARED)[0].payload)
    assert "person Brother" in payload
    for person in responses.people_on(review):
        assert person.full_name not in payload


def test_a_correction_replaces_the_lines_and_records_old_and_new(personas, review, review_agency):
    declare(personas, review_agency, answers(review))
    corrected = declare(
        personas,
        review_agency,
        answers(review, {"Child A": (date(2025, 6, 2), date(2025, 9, 30))}),
        systems_searched="Niche",
    )
    assert InvolvementDeclaration.objects.count() == 1
    assert corrected.lines.count() == 3
    assert corrected.lines.get(child__isnull=False).involved
    change = events(Verb.INVOLVEMENT_DECLARED)[-1].payload
    assert change["correction"] is True
    assert change["nil_return"] == {"old": True, "new": False}
    assert change["person Child A"]["old"]["involved"] is False
    assert change["person Child A"]["new"]["first_contact"] == "2025-06-02"
    assert change["systems_searched"] == {"old": "Niche, command and control", "new": "Niche"}
    assert "person Mother" not in change  # unchanged answers are not repeated


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        ((None, None), "family-1-first_contact", "Enter the date of first contact with"),
        ((date(2025, 6, 1), date(2025, 5, 1)), "family-1-last_contact", "same as or after"),
        ((date(2024, 6, 1), date(2025, 5, 1)), "family-1-first_contact", "within the scoping"),
        ((date(2025, 6, 1), date(2026, 3, 3)), "family-1-last_contact", "2 March 2026"),
    ],
)
def test_contact_dates_must_be_given_in_order_within_the_scoping_period(
    personas, review, review_agency, dates, field, message
):
    with pytest.raises(Invalid) as refused:
        declare(personas, review_agency, answers(review, {"Mother": dates}))
    finding = refused.value.findings[0]  # both dates missing: the first is named first
    assert finding.field == field
    assert message in finding.message
    assert not InvolvementDeclaration.objects.exists()


def test_the_systems_searched_are_required(personas, review, review_agency):
    with pytest.raises(Invalid) as refused:
        declare(personas, review_agency, answers(review), systems_searched="  ")
    assert [f.field for f in refused.value.findings] == ["systems_searched"]


def test_every_named_person_is_answered_exactly_once(personas, review, review_agency):
    everyone = answers(review)
    with pytest.raises(ServiceError):
        declare(personas, review_agency, everyone[:-1])
    with pytest.raises(ServiceError):
        declare(personas, review_agency, [*everyone[:-1], everyone[0]])
    other = make_incident(personas.partnership_team, children=("Child A",), family=("M", "B"))
    with pytest.raises(ServiceError):
        declare(
            personas, review_agency, [Answer(p, False) for p in other.children.all()] + everyone[1:]
        )
    assert not InvolvementDeclaration.objects.exists()


# --- nominations ----------------------------------------------------------------------------


def nominate(personas, review_agency, email, full_name="Invented Colleague", job_title=""):
    return responses.nomination_add(
        actor=personas.agency_a_rep,
        review_agency=review_agency,
        email=email,
        full_name=full_name,
        job_title=job_title,
    )


def test_an_unknown_email_is_invited_as_a_nominated_representative_of_the_agency(
    personas, review_agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nominate(
            personas, review_agency, "New.Colleague@Example.invalid", job_title="Sergeant"
        )
    user = User.objects.get(email="new.colleague@example.invalid")
    assert nomination.user == user
    assert (user.membership.role, user.membership.agency) == (
        Role.NOMINATED_REPRESENTATIVE,
        personas.agency_a,
    )
    assert (user.full_name, user.job_title) == ("Invented Colleague", "Sergeant")
    [invitation] = mail.outbox
    assert invitation.to == ["new.colleague@example.invalid"]
    assert "invitation" in invitation.body.lower() or "invited" in invitation.body.lower()
    assert {e.verb for e in AuditEvent.objects.all()} >= {Verb.USER_INVITED, Verb.NOMINATION_ADDED}
    [added] = events(Verb.NOMINATION_ADDED)
    assert added.payload["invited"] is True


def test_an_existing_nominee_of_the_agency_is_nominated_and_told_by_email(
    personas, review, review_agency
):
    nomination = nominate(personas, review_agency, personas.nominee.email.upper())
    assert nomination.user == personas.nominee
    [message] = OutboxMessage.objects.all()
    assert message.recipients == [personas.nominee.email]
    assert review.reference in message.subject
    assert "Invented Childname" not in message.body


@pytest.mark.parametrize("who", ["agency_b_rep", "senior_leader", "partnership_team"])
def test_other_accounts_cannot_be_nominated(personas, review_agency, who):
    with pytest.raises(Invalid) as refused:
        nominate(personas, review_agency, getattr(personas, who).email)
    [finding] = refused.value.findings
    assert finding.field == "email"
    assert "cannot be nominated" in finding.message
    assert not Nomination.objects.exists()


def test_a_nominee_of_another_agency_cannot_be_nominated(personas, review_agency):
    other = make_user(Role.NOMINATED_REPRESENTATIVE, personas.agency_b, full_name="Other Nominee")
    with pytest.raises(Invalid):
        nominate(personas, review_agency, other.email)


def test_nominating_twice_is_refused_beside_the_email(personas, review_agency):
    nominate(personas, review_agency, personas.nominee.email)
    with pytest.raises(Invalid, match="already nominated"):
        nominate(personas, review_agency, personas.nominee.email)
    assert Nomination.objects.count() == 1


def test_withdrawing_ends_the_nomination_and_can_be_renominated(personas, review_agency):
    nomination = nominate(personas, review_agency, personas.nominee.email)
    responses.nomination_end(actor=personas.agency_a_rep, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.ended_at is not None
    assert nomination.ended_by == personas.agency_a_rep
    assert events(Verb.NOMINATION_ENDED)[0].target_id == str(personas.nominee.public_id)
    assert nominate(personas, review_agency, personas.nominee.email).ended_at is None
