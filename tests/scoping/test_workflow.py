"""The return's workflow: each step, each refusal, the audit trail, the versions kept and the
emails (which never carry a child's or family member's details, nor a comment)."""

import pytest
from django.core import mail

from rapidreview.audit.models import AuditEvent, Verb
from rapidreview.scoping.models import (
    ChronologyEntry,
    ReturnState,
    VersionKind,
    WorkflowEvent,
    WorkflowStep,
)
from rapidreview.scoping.services import ReturnError, section_save
from rapidreview.scoping.workflow import (
    IncompleteReturn,
    missing_for_submission,
    return_release,
    return_send_back,
    return_sign_off,
    return_submit,
)

from .factories import make_return
from .workflow_support import (
    COMMENT,
    close,
    complete_return,
    declare,
    return_in_state,
    review_with_a_and_b,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def review(personas):
    return review_with_a_and_b(personas)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run a step and return the emails it sent."""

    def run(step, **kwargs):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            result = step(**kwargs)
        return result, mail.outbox[before:]

    return run


def in_state(review, personas, state):
    return return_in_state(review, personas.agency_a, state, personas)


# --- the whole way through ------------------------------------------------------------------------


def test_a_return_goes_from_draft_to_released_with_a_version_and_event_for_each_step(
    personas, review, sent
):
    scoping_return = complete_return(review, personas.agency_a, personas.agency_a_rep)
    start = scoping_return.version
    sent(return_submit, actor=personas.nominee, scoping_return=scoping_return)
    sent(return_sign_off, actor=personas.senior_leader, scoping_return=scoping_return, sighted=True)
    released, _ = sent(
        return_release, actor=personas.partnership_team, scoping_return=scoping_return
    )
    assert released.state == ReturnState.RELEASED
    assert released.version == start + 3
    assert released.released_by == personas.partnership_team
    assert list(released.versions.values_list("kind", "snapshot__state")) == [
        (VersionKind.WORKFLOW, ReturnState.SUBMITTED),
        (VersionKind.WORKFLOW, ReturnState.SIGNED_OFF),
        (VersionKind.WORKFLOW, ReturnState.RELEASED),
    ]
    assert list(WorkflowEvent.objects.values_list("step", "by")) == [
        (WorkflowStep.SUBMITTED, personas.nominee.pk),
        (WorkflowStep.SIGNED_OFF, personas.senior_leader.pk),
        (WorkflowStep.RELEASED, personas.partnership_team.pk),
    ]
    assert list(
        AuditEvent.objects.filter(verb__startswith="return_")
        .order_by("pk")
        .values_list("verb", flat=True)
    ) == [Verb.RETURN_STARTED, Verb.RETURN_SUBMITTED, Verb.RETURN_SIGNED_OFF, Verb.RETURN_RELEASED]


def test_sign_off_records_the_senior_leaders_name_role_and_today(personas, review, sent):
    personas.senior_leader.job_title = "Invented Head of Safeguarding"
    personas.senior_leader.save()
    scoping_return = in_state(review, personas, ReturnState.SUBMITTED)
    signed, _ = sent(
        return_sign_off, actor=personas.senior_leader, scoping_return=scoping_return, sighted=True
    )
    assert signed.state == ReturnState.SIGNED_OFF
    assert (signed.signed_off_by, signed.signed_off_name, signed.signed_off_role) == (
        personas.senior_leader,
        "Sam Senior",
        "Invented Head of Safeguarding",
    )
    from rapidreview.core.calendar import today

    assert signed.signed_off_on == today()
    event = AuditEvent.objects.get(verb=Verb.RETURN_SIGNED_OFF)
    assert event.payload["state"] == {"old": "submitted", "new": "signed_off"}


def test_sign_off_needs_the_attestation(personas, review):
    scoping_return = in_state(review, personas, ReturnState.SUBMITTED)
    with pytest.raises(ReturnError, match="Confirm that you are sighted on this return"):
        return_sign_off(actor=personas.senior_leader, scoping_return=scoping_return, sighted=False)
    scoping_return.refresh_from_db()
    assert scoping_return.state == ReturnState.SUBMITTED


@pytest.mark.parametrize("state", [ReturnState.SUBMITTED, ReturnState.SIGNED_OFF])
def test_a_return_for_amendment_keeps_the_comment_and_undoes_the_sign_off(
    personas, review, sent, state
):
    scoping_return = in_state(review, personas, state)
    who = personas.senior_leader if state == ReturnState.SUBMITTED else personas.partnership_team
    returned, _ = sent(
        return_send_back, actor=who, scoping_return=scoping_return, comment=f"  {COMMENT}\n"
    )
    assert returned.state == ReturnState.RETURNED
    assert returned.is_editable
    assert (returned.signed_off_by, returned.signed_off_on, returned.signed_off_name) == (
        None,
        None,
        "",
    )
    event = WorkflowEvent.objects.get()
    assert (event.step, event.comment, event.by) == (WorkflowStep.RETURNED, COMMENT, who)
    audit = AuditEvent.objects.get(verb=Verb.RETURN_RETURNED)
    assert audit.payload == {"state": {"old": state, "new": "returned"}}
    assert COMMENT not in str(audit.payload)


def test_a_returned_return_can_be_changed_and_submitted_again(personas, review, sent):
    scoping_return = in_state(review, personas, ReturnState.SUBMITTED)
    returned, _ = sent(
        return_send_back, actor=personas.senior_leader, scoping_return=scoping_return, comment="X"
    )
    saved = section_save(
        actor=personas.agency_a_rep,
        scoping_return=returned,
        section="G",
        answers={"note": "Changed"},
        base_version=returned.version,
        completed=True,
    )
    resubmitted, _ = sent(return_submit, actor=personas.agency_a_rep, scoping_return=saved)
    assert resubmitted.state == ReturnState.SUBMITTED


def test_a_return_for_amendment_needs_a_comment(personas, review):
    scoping_return = in_state(review, personas, ReturnState.SUBMITTED)
    for comment in ("", "   \n "):
        with pytest.raises(ReturnError, match="Enter what needs to change"):
            return_send_back(
                actor=personas.senior_leader, scoping_return=scoping_return, comment=comment
            )
    assert not WorkflowEvent.objects.exists()


# --- refusals -----------------------------------------------------------------------------------

STEPS = {
    "submit": (return_submit, {}),
    "sign off": (return_sign_off, {"sighted": True}),
    "return for amendment": (return_send_back, {"comment": "Invented comment"}),
    "release": (return_release, {}),
}
ALLOWED_FROM = {
    "submit": {ReturnState.DRAFT, ReturnState.RETURNED},
    "sign off": {ReturnState.SUBMITTED},
    "return for amendment": {ReturnState.SUBMITTED, ReturnState.SIGNED_OFF},
    "release": {ReturnState.SIGNED_OFF},
}


@pytest.mark.parametrize(
    ("step", "state"),
    [(step, state) for step in STEPS for state in ReturnState if state not in ALLOWED_FROM[step]],
)
def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(personas, review, step, state):
    scoping_return = in_state(review, personas, state)
    version = scoping_return.version
    service, extra = STEPS[step]
    with pytest.raises(ReturnError, match=f"This return is {state.label.lower()}"):
        service(actor=personas.partnership_team, scoping_return=scoping_return, **extra)
    scoping_return.refresh_from_db()
    assert (scoping_return.state, scoping_return.version) == (state, version)
    assert not WorkflowEvent.objects.exists()


@pytest.mark.parametrize("step", list(STEPS))
def test_no_step_is_taken_once_the_review_has_closed(personas, review, step):
    state = sorted(ALLOWED_FROM[step])[0]
    scoping_return = in_state(review, personas, state)
    close(review)
    service, extra = STEPS[step]
    with pytest.raises(ReturnError, match="The review is closed"):
        service(actor=personas.partnership_team, scoping_return=scoping_return, **extra)
    assert not WorkflowEvent.objects.exists()


def test_an_incomplete_return_is_refused_with_everything_missing_listed(personas, review):
    scoping_return = make_return(review, personas.agency_a, by=personas.agency_a_rep)
    with pytest.raises(IncompleteReturn) as refused:
        return_submit(actor=personas.agency_a_rep, scoping_return=scoping_return)
    assert refused.value.missing == [
        "Section A, agency and author: not completed",
        "Section B, involvement: your agency has not declared its involvement yet",
        "Section C, chronology: add at least one contact",
        "Section D, summary and analysis: not completed",
        "Section E, immediate safety and learning: not completed",
        "Section F, records, alerts and parallel processes: not completed",
        "Section G, key information for the meeting: not completed",
    ]
    scoping_return.refresh_from_db()
    assert scoping_return.state == ReturnState.DRAFT
    assert not AuditEvent.objects.filter(verb=Verb.RETURN_SUBMITTED).exists()


def test_one_section_not_completed_is_the_only_thing_listed(personas, review):
    scoping_return = complete_return(review, personas.agency_a, personas.agency_a_rep)
    scoping_return.completed_sections = ["A", "D", "F", "G"]
    scoping_return.save()
    assert missing_for_submission(scoping_return) == [
        "Section E, immediate safety and learning: not completed"
    ]


def test_a_nil_return_may_have_no_chronology_but_an_involved_agency_must(personas, review):
    scoping_return = complete_return(review, personas.agency_a, personas.agency_a_rep, rows=0)
    assert missing_for_submission(scoping_return) == [
        "Section C, chronology: add at least one contact"
    ]
    other = complete_return(review, personas.agency_b, personas.agency_b_rep, rows=0)
    other.review_agency.declaration.lines.update(
        involved=False, first_contact=None, last_contact=None
    )
    assert missing_for_submission(other) == []


# --- emails ---------------------------------------------------------------------------------------


def assert_no_personal_data(email, review):
    text = email.subject + email.body
    assert review.reference in text
    for person in [*review.incident.children.all(), *review.incident.family.all()]:
        assert person.full_name not in text
        assert person.pseudonym not in text
    assert "Invented Childname1" not in text  # in the comment
    assert "invented visit" not in text.lower()  # in the chronology


def test_submitting_emails_the_senior_leaders(personas, review, sent, settings):
    settings.PARTNERSHIP_CONTACTS = [
        {"role": "Co-ordinator", "name": "Pat", "email": "p@x.invalid"}
    ]
    scoping_return = complete_return(review, personas.agency_a, personas.agency_a_rep)
    _, emails = sent(return_submit, actor=personas.agency_a_rep, scoping_return=scoping_return)
    (email,) = emails
    assert email.to == [personas.senior_leader.email]
    assert "ready for sign-off" in email.subject
    assert "/reviews/" in email.body
    assert_no_personal_data(email, review)


def test_with_no_senior_leader_the_submission_goes_to_the_partnership_team(
    personas, review, sent, settings
):
    settings.PARTNERSHIP_CONTACTS = [
        {"role": "Co-ordinator", "name": "Pat", "email": "p@x.invalid"}
    ]
    personas.senior_leader.is_active = False
    personas.senior_leader.save()
    scoping_return = complete_return(review, personas.agency_a, personas.agency_a_rep)
    _, (email,) = sent(return_submit, actor=personas.agency_a_rep, scoping_return=scoping_return)
    assert email.to == ["p@x.invalid"]
    assert "no one at Invented Police Force has a senior leader's account" in email.body


def test_a_return_for_amendment_emails_the_representatives_and_nominees_not_the_comment(
    personas, review, sent
):
    scoping_return = in_state(review, personas, ReturnState.SUBMITTED)
    _, (email,) = sent(
        return_send_back,
        actor=personas.senior_leader,
        scoping_return=scoping_return,
        comment=COMMENT,
    )
    assert sorted(email.to) == sorted([personas.agency_a_rep.email, personas.nominee.email])
    assert "Sign in to read the comments" in email.body
    assert_no_personal_data(email, review)


def test_sign_off_emails_the_partnership_contacts(personas, review, sent, settings):
    settings.PARTNERSHIP_CONTACTS = [
        {"role": "Co-ordinator", "name": "Pat", "email": "coordinator@x.invalid"},
        {"role": "Officer", "name": "Dev", "email": "officer@x.invalid"},
    ]
    scoping_return = in_state(review, personas, ReturnState.SUBMITTED)
    _, (email,) = sent(
        return_sign_off, actor=personas.senior_leader, scoping_return=scoping_return, sighted=True
    )
    assert email.to == ["coordinator@x.invalid", "officer@x.invalid"]
    assert "signed off" in email.subject
    assert_no_personal_data(email, review)


def test_release_emails_the_agencys_representatives(personas, review, sent):
    scoping_return = in_state(review, personas, ReturnState.SIGNED_OFF)
    _, (email,) = sent(
        return_release, actor=personas.partnership_team, scoping_return=scoping_return
    )
    assert email.to == [personas.agency_a_rep.email]
    assert "released" in email.subject
    assert_no_personal_data(email, review)


def test_a_refused_step_sends_nothing(personas, review, sent):
    scoping_return = make_return(review, personas.agency_a, by=personas.agency_a_rep)
    with pytest.raises(IncompleteReturn):
        sent(return_submit, actor=personas.agency_a_rep, scoping_return=scoping_return)
    assert mail.outbox == []


def test_the_chronology_is_in_the_version_kept_at_each_step(personas, review, sent):
    scoping_return = complete_return(review, personas.agency_a, personas.agency_a_rep, rows=3)
    submitted, _ = sent(return_submit, actor=personas.agency_a_rep, scoping_return=scoping_return)
    version = submitted.versions.get()
    assert len(version.snapshot["chronology"]) == ChronologyEntry.objects.count() == 3


def test_declaring_makes_section_b_complete(personas, review):
    scoping_return = make_return(review, personas.agency_a, by=personas.agency_a_rep)
    declare(review, personas.agency_a, personas.agency_a_rep)
    assert not any("Section B" in line for line in missing_for_submission(scoping_return))
