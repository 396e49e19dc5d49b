"""The access matrix: every URL pattern in the project, requested as every persona.

ACCESS_MATRIX is the one table. Each URL name maps to how to build its arguments, the methods to
try and the status each persona must get:

- 200: the page is shown;
- a redirect (302) to a named page; anonymous people go to the sign-in page;
- 403: signed in, inside the scope, but the action is refused;
- 404: outside the scope (or no such thing), so its existence is not revealed;
- 405: the method is not allowed.

A URL that is in the project but not in the table fails `test_every_url_has_an_entry`, so a new
view cannot ship without someone deciding who may open it. PASSWORD_ONLY is the smaller matrix
for someone who has given their password but not yet their code.
"""

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rapidreview.accounts.models import Role

from .access_support import (
    ANONYMOUS,
    BACK_TO_USER,
    CHANGES_AGENCY_A_REVIEW,
    HOME,
    PARTNERSHIP_TEAM_FORM,
    PARTNERSHIP_TEAM_ONLY,
    PERSONA_NAMES,
    SEES_AGENCY_A_REVIEW,
    SIGN_IN,
    TO_REVIEW,
    ByPersona,
    Entry,
    Expect,
    Redirect,
    a_bank_holiday,
    a_closure_day,
    a_convened_notification,
    a_day_with_no_closure,
    a_notification,
    agency_a_file,
    an_agency,
    another_user,
    by_role,
    cases,
    closure_day_is_gone,
    colleagues_draft,
    colleagues_draft_child,
    colleagues_draft_family_member,
    deactivated_user,
    draft_is_gone,
    everyone,
    invitation_link,
    is_deactivated,
    is_reactivated,
    not_a_date,
    partnership_file,
    password_reset_link,
    review_of_agency_a,
    review_step_of_agency_a,
    review_was_convened,
    set_password_page,
    team_draft,
    team_draft_child,
    team_draft_family_member,
    the_new_draft,
    unknown_public_id,
    unknown_review,
    unknown_step,
    used_invitation_link,
)
from .conftest import signed_in_client
from .decisions import PARTS as DECISION_PARTS
from .factories import make_user
from .meetings import PARTS as MEETING_PARTS
from .notifications.access import ENTRIES as NOTIFICATIONS
from .participation.access_agency import ENTRIES as PARTICIPATION_AGENCY
from .participation.access_records import ENTRIES as PARTICIPATION_RECORDS
from .participation.access_team import ENTRIES as PARTICIPATION_TEAM
from .scoping import PARTS as SCOPING_PARTS

ACCESS_MATRIX: dict[str, tuple[Entry, ...]] = {
    # Public pages: anyone may open them; signed-in people are sent on where that makes sense.
    "core:accessibility": cases(Entry(get=everyone(200))),
    "core:privacy": cases(Entry(get=everyone(200))),
    "accounts:sign_in": cases(Entry(get=by_role(anonymous=200, default=HOME))),
    "accounts:password_reset": cases(Entry(get=everyone(200))),
    "accounts:password_reset_done": cases(Entry(get=everyone(200))),
    "accounts:password_reset_confirm": cases(
        Entry(
            kwargs=password_reset_link,
            get=everyone(Redirect(set_password_page, label="set_password", then=200)),
        ),
    ),
    "accounts:password_reset_complete": cases(Entry(get=everyone(200))),
    "accounts:invitation_accept": cases(
        Entry(kwargs=invitation_link, get=everyone(200)),
        Entry(variant="used_link", kwargs=used_invitation_link, get=everyone(404)),
    ),
    # Sign-in steps: someone fully signed in has nothing left to do there.
    "accounts:sign_in_code": cases(Entry(get=by_role(default=HOME))),
    "accounts:sign_in_backup_code": cases(Entry(get=by_role(default=HOME))),
    "accounts:two_factor_setup": cases(Entry(get=by_role(default=HOME))),
    "accounts:sign_out": cases(Entry(get=by_role(default=405), post=by_role(default=SIGN_IN))),
    # Every signed-in person's own account.
    "core:home": cases(Entry(get=by_role(default=200))),
    "accounts:account": cases(Entry(get=by_role(default=200))),
    "accounts:password_change": cases(Entry(get=by_role(default=200))),
    "accounts:backup_codes_created": cases(
        # Shown once, straight after codes are made; otherwise back to the account page.
        Entry(get=by_role(default=Redirect("accounts:account")))
    ),
    "accounts:backup_codes_regenerate": cases(
        Entry(
            get=by_role(default=405),
            post=by_role(default=Redirect("accounts:backup_codes_created")),
        )
    ),
    # Managing users and agencies: the partnership team only.
    "accounts:user_list": cases(Entry(get=PARTNERSHIP_TEAM_ONLY)),
    "accounts:user_invite": cases(Entry(get=PARTNERSHIP_TEAM_ONLY, post=PARTNERSHIP_TEAM_FORM)),
    "accounts:user_detail": cases(
        Entry(kwargs=another_user, get=PARTNERSHIP_TEAM_ONLY, post=PARTNERSHIP_TEAM_FORM),
        Entry(variant="unknown_id", kwargs=unknown_public_id, get=by_role(partnership_team=404)),
    ),
    "accounts:user_deactivate": cases(
        Entry(
            kwargs=another_user,
            get=by_role(default=405),
            post=by_role(partnership_team=BACK_TO_USER),
            took_effect=is_deactivated,
        ),
        Entry(variant="unknown_id", kwargs=unknown_public_id, post=by_role(partnership_team=404)),
    ),
    "accounts:user_reactivate": cases(
        Entry(
            kwargs=deactivated_user,
            get=by_role(default=405),
            post=by_role(partnership_team=BACK_TO_USER),
            took_effect=is_reactivated,
        ),
        Entry(variant="unknown_id", kwargs=unknown_public_id, post=by_role(partnership_team=404)),
    ),
    "accounts:agency_list": cases(Entry(get=PARTNERSHIP_TEAM_ONLY)),
    "accounts:agency_create": cases(Entry(get=PARTNERSHIP_TEAM_ONLY, post=PARTNERSHIP_TEAM_FORM)),
    "accounts:agency_edit": cases(
        Entry(kwargs=an_agency, get=PARTNERSHIP_TEAM_ONLY, post=PARTNERSHIP_TEAM_FORM),
        Entry(variant="unknown_id", kwargs=unknown_public_id, get=by_role(partnership_team=404)),
    ),
    # The working-day calendar: the partnership team adds and removes closure days.
    "core:closure_days": cases(Entry(get=PARTNERSHIP_TEAM_ONLY)),
    "core:closure_day_add": cases(Entry(get=PARTNERSHIP_TEAM_ONLY, post=PARTNERSHIP_TEAM_FORM)),
    "core:closure_day_remove": cases(
        Entry(
            kwargs=a_closure_day,
            get=by_role(default=405),
            post=by_role(partnership_team=Redirect("core:closure_days")),
            took_effect=closure_day_is_gone,
        ),
        Entry(
            variant="no_closure", kwargs=a_day_with_no_closure, post=by_role(partnership_team=404)
        ),
        Entry(variant="bank_holiday", kwargs=a_bank_holiday, post=by_role(partnership_team=404)),
        Entry(variant="not_a_date", kwargs=not_a_date, post=by_role(partnership_team=404)),
    ),
    # Logging a notification: the team member who started the draft, and nobody else.
    "reviews:intake_start": cases(
        Entry(
            get=PARTNERSHIP_TEAM_ONLY,
            post=by_role(partnership_team=Redirect(the_new_draft, label="intake_about")),
        )
    ),
    **{
        name: cases(
            Entry(kwargs=own, get=PARTNERSHIP_TEAM_ONLY),
            Entry(variant="colleagues_draft", kwargs=colleagues, get=by_role(partnership_team=404)),
        )
        for name, own, colleagues in [
            ("reviews:intake_about", team_draft, colleagues_draft),
            ("reviews:intake_dates", team_draft, colleagues_draft),
            ("reviews:intake_children", team_draft, colleagues_draft),
            ("reviews:intake_child_add", team_draft, colleagues_draft),
            ("reviews:intake_family", team_draft, colleagues_draft),
            ("reviews:intake_family_add", team_draft, colleagues_draft),
            ("reviews:intake_scoping", team_draft, colleagues_draft),
            ("reviews:intake_check", team_draft, colleagues_draft),
            ("reviews:intake_child_edit", team_draft_child, colleagues_draft_child),
            ("reviews:intake_child_remove", team_draft_child, colleagues_draft_child),
            (
                "reviews:intake_family_edit",
                team_draft_family_member,
                colleagues_draft_family_member,
            ),
            (
                "reviews:intake_family_remove",
                team_draft_family_member,
                colleagues_draft_family_member,
            ),
        ]
    },
    "reviews:intake_cancel": cases(
        Entry(
            kwargs=team_draft,
            get=PARTNERSHIP_TEAM_ONLY,
            post=by_role(partnership_team=HOME),
            took_effect=draft_is_gone,
        ),
        Entry(
            variant="colleagues_draft",
            kwargs=colleagues_draft,
            get=by_role(partnership_team=404),
            post=by_role(partnership_team=404),
            took_effect=draft_is_gone,
        ),
    ),
    # A logged notification: the team and the partners; once convened, it leads to the review.
    "reviews:incident_detail": cases(
        Entry(
            kwargs=a_notification,
            get=by_role(default=404, partnership_team=200, safeguarding_partner=200),
        ),
        Entry(
            variant="convened",
            kwargs=a_convened_notification,
            get=by_role(
                default=404,
                partnership_team=TO_REVIEW,
                safeguarding_partner=TO_REVIEW,
                agency_a_rep=TO_REVIEW,
                senior_leader=TO_REVIEW,
            ),
        ),
        Entry(variant="unknown_id", kwargs=unknown_public_id, get=by_role(default=404)),
    ),
    "reviews:review_convene": cases(
        Entry(
            kwargs=a_notification,
            get=by_role(default=405),
            post=by_role(default=404, partnership_team=TO_REVIEW, safeguarding_partner=403),
            took_effect=review_was_convened,
        ),
    ),
    # The review: seen by its agencies, the team and the partners; changed by the team only.
    "reviews:review_detail": cases(
        Entry(kwargs=review_of_agency_a, get=SEES_AGENCY_A_REVIEW),
        Entry(variant="unknown_reference", kwargs=unknown_review, get=by_role(default=404)),
    ),
    "reviews:review_dates": cases(
        Entry(kwargs=review_of_agency_a, get=CHANGES_AGENCY_A_REVIEW, post=CHANGES_AGENCY_A_REVIEW)
    ),
    "reviews:review_step": cases(
        Entry(
            kwargs=review_step_of_agency_a,
            get=CHANGES_AGENCY_A_REVIEW,
            post=CHANGES_AGENCY_A_REVIEW,
        ),
        Entry(variant="unknown_step", kwargs=unknown_step, get=by_role(default=404)),
    ),
    # The audit trail: the partnership team and the scrutineer.
    "audit:event_list": cases(Entry(get=by_role(partnership_team=200, scrutineer=200))),
    "audit:export_csv": cases(Entry(get=by_role(partnership_team=200, scrutineer=200))),
    # Uploaded files: the team uploads and lists; a download is for whoever's scope holds it.
    "documents:file_list": cases(Entry(get=PARTNERSHIP_TEAM_ONLY)),
    "documents:upload": cases(Entry(get=PARTNERSHIP_TEAM_ONLY, post=PARTNERSHIP_TEAM_FORM)),
    "documents:download": cases(
        # Agency A's file: agency A's people (representative, senior leader) and the team.
        Entry(
            kwargs=agency_a_file,
            get=by_role(default=404, partnership_team=200, agency_a_rep=200, senior_leader=200),
        ),
        Entry(
            variant="partnership_file",
            kwargs=partnership_file,
            get=by_role(default=404, partnership_team=200),
        ),
        Entry(variant="unknown_id", kwargs=unknown_public_id, get=by_role(default=404)),
    ),
}
ACCESS_MATRIX |= PARTICIPATION_TEAM | PARTICIPATION_AGENCY | PARTICIPATION_RECORDS
ACCESS_MATRIX |= NOTIFICATIONS
for _part in (*SCOPING_PARTS, *MEETING_PARTS, *DECISION_PARTS):
    ACCESS_MATRIX |= _part.ENTRIES

# The only pages anyone may open without signing in (issue 2, item 6).
PUBLIC_URL_NAMES = {
    "accounts:sign_in",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation_accept",
    "core:accessibility",
    "core:privacy",
}

# --- the smaller matrix: password given, code not yet -----------------------------------------------
#
# Two people who have given a correct password: one with an authenticator app (who must give the
# code) and one invited person who has not set an app up yet. Both are in the partnership team, so
# being kept out here means being kept out of the most. Anything not listed keeps them out: they
# are sent to the code page or to set up their app.

CODE_PENDING = "code_pending"
NO_AUTHENTICATOR = "no_authenticator_yet"
PASSWORD_ONLY_PERSONAS = [CODE_PENDING, NO_AUTHENTICATOR]
KEPT_OUT = {
    CODE_PENDING: Redirect("accounts:sign_in_code"),
    NO_AUTHENTICATOR: Redirect("accounts:two_factor_setup"),
}


def both(expect: Expect) -> ByPersona:
    return dict.fromkeys(PASSWORD_ONLY_PERSONAS, expect)


PASSWORD_ONLY: dict[str, dict[str, ByPersona]] = {
    # Public pages stay public.
    "core:accessibility": {"GET": both(200)},
    "core:privacy": {"GET": both(200)},
    "accounts:sign_in": {"GET": both(200)},
    "accounts:password_reset": {"GET": both(200)},
    "accounts:password_reset_done": {"GET": both(200)},
    "accounts:password_reset_confirm": {
        "GET": both(Redirect(set_password_page, label="set_password", then=200))
    },
    "accounts:password_reset_complete": {"GET": both(200)},
    "accounts:invitation_accept": {"GET": both(200)},
    # The steps of signing in.
    "accounts:sign_in_code": {
        "GET": {CODE_PENDING: 200, NO_AUTHENTICATOR: Redirect("accounts:two_factor_setup")}
    },
    "accounts:sign_in_backup_code": {"GET": both(200)},
    "accounts:two_factor_setup": {
        "GET": {CODE_PENDING: Redirect("accounts:sign_in_code"), NO_AUTHENTICATOR: 200}
    },
    "accounts:backup_codes_created": {"GET": both(Redirect("accounts:account"))},
    "accounts:sign_out": {"GET": both(405), "POST": both(SIGN_IN)},
}

# --- enumerating the project's URLs --------------------------------------------------------------


def walk(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern as ("namespace:name", pattern), through namespaced includes."""
    resolver = resolver or get_resolver()
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            yield from walk(item, f"{prefix}{item.namespace}:" if item.namespace else prefix)
        else:
            yield (
                (f"{prefix}{item.name}" if item.name else f"{prefix}<unnamed {item.pattern}>"),
                item,
            )


def expectation_id(expect: Expect) -> str:
    return str(expect)


def matrix_params() -> list:
    params = []
    for name, entries in ACCESS_MATRIX.items():
        for entry in entries:
            for method, expectations in entry.methods.items():
                for persona in PERSONA_NAMES:
                    expect = expectations[persona]
                    label = f"{name}({entry.variant})" if entry.variant else name
                    method_part = "" if method == "GET" else f"-{method}"
                    params.append(
                        pytest.param(
                            name,
                            entry,
                            method,
                            persona,
                            expect,
                            id=f"{label}{method_part}-{persona}-{expectation_id(expect)}",
                        )
                    )
    return params


def password_only_params() -> list:
    params = []
    for name, entries in ACCESS_MATRIX.items():
        entry = entries[0]
        for method in entry.methods:
            for persona in PASSWORD_ONLY_PERSONAS:
                expect = PASSWORD_ONLY.get(name, {}).get(method, {}).get(persona, KEPT_OUT[persona])
                method_part = "" if method == "GET" else f"-{method}"
                params.append(
                    pytest.param(
                        name,
                        entry,
                        method,
                        persona,
                        expect,
                        id=f"{name}{method_part}-{persona}-{expectation_id(expect)}",
                    )
                )
    return params


def assert_response(client: Client, method: str, url: str, who: str, kwargs: dict, expect: Expect):
    response = getattr(client, method.lower())(url)
    if response.streaming:
        # Read it all: a download or export can fail part-way through the stream.
        b"".join(response.streaming_content)
        response.close()
    location = response.get("Location", "")
    seen = f"{response.status_code} {location}".strip()
    where = f"{method} {url} as {who}"
    if isinstance(expect, Redirect):
        expected_path = expect.path(kwargs)
        assert response.status_code == 302, f"{where}: expected 302 to {expected_path}, got {seen}"
        assert location.startswith(expected_path), f"{where}: expected {expected_path}, got {seen}"
        assert urlsplit(location).path == expected_path, (
            f"{where}: expected {expected_path}, got {seen}"
        )
        if expect.then is not None:
            followed = client.get(location)
            assert followed.status_code == expect.then, (
                f"{where}: {location} gave {followed.status_code}, expected {expect.then}"
            )
    else:
        assert response.status_code == expect, f"{where}: expected {expect}, got {seen}"


def assert_effect(entry: Entry, kwargs: dict, method: str, where: str, expect: Expect) -> None:
    """The action's effect happened exactly when a POST was let through; never on a GET."""
    if entry.took_effect is None:
        return
    let_through = method == "POST" and expect not in (SIGN_IN, 403, 404, 405, *KEPT_OUT.values())
    assert entry.took_effect(kwargs) is let_through, f"{where}: the action " + (
        "did not take effect" if let_through else "took effect although refused"
    )


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    # Every test makes several accounts; strong hashing would make the matrix slow for nothing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def uploads_dir(settings, tmp_path):
    settings.UPLOADED_FILES_DIR = tmp_path / "uploads"


# --- the tests -----------------------------------------------------------------------------------


def test_every_url_has_an_entry():
    in_project = [name for name, _ in walk()]
    duplicates = sorted({name for name in in_project if in_project.count(name) > 1})
    assert not duplicates, f"URL names used more than once (only one can be reversed): {duplicates}"
    missing = sorted(set(in_project) - set(ACCESS_MATRIX))
    assert not missing, "\n".join(
        f"add an entry for {name} to ACCESS_MATRIX in tests/test_access_matrix.py"
        for name in missing
    )
    stale = sorted(set(ACCESS_MATRIX) - set(in_project))
    assert not stale, f"ACCESS_MATRIX has entries for URLs that no longer exist: {stale}"


def test_every_entry_names_every_persona():
    for name, entries in ACCESS_MATRIX.items():
        for entry in entries:
            assert entry.methods, f"{name} tries no method"
            for method, expectations in entry.methods.items():
                assert set(expectations) == set(PERSONA_NAMES), f"{name} {method}"


def test_only_the_public_pages_are_open_without_signing_in():
    opted_out = {
        name
        for name, pattern in walk()
        if getattr(pattern.callback, "login_required", True) is False
    }
    assert opted_out == PUBLIC_URL_NAMES, (
        f"views marked login_not_required: {sorted(opted_out)}; public pages: "
        f"{sorted(PUBLIC_URL_NAMES)}"
    )
    # And the table agrees: anonymous people are sent to sign in everywhere else.
    for name, entries in ACCESS_MATRIX.items():
        for entry in entries:
            for method, expectations in entry.methods.items():
                if name not in PUBLIC_URL_NAMES:
                    assert expectations[ANONYMOUS] == SIGN_IN, f"{method} {name} as anonymous"


@pytest.mark.parametrize(("name", "entry", "method", "persona", "expect"), matrix_params())
def test_access_matrix(
    name: str, entry: Entry, method: str, persona: str, expect: Expect, personas
):
    user = personas.by_name(persona)
    client = Client() if user is None else signed_in_client(user)
    kwargs = entry.kwargs(personas)
    assert_response(client, method, reverse(name, kwargs=kwargs), persona, kwargs, expect)
    assert_effect(entry, kwargs, method, f"{method} {name} as {persona}", expect)


@pytest.mark.parametrize(("name", "entry", "method", "persona", "expect"), password_only_params())
def test_password_without_code_opens_only_the_sign_in_steps(
    name: str, entry: Entry, method: str, persona: str, expect: Expect, personas
):
    user = make_user(
        Role.PARTNERSHIP_TEAM, full_name="Pip Halfway", with_2fa=persona == CODE_PENDING
    )
    client = Client()
    client.force_login(user)  # the password is given; the code is not
    kwargs = entry.kwargs(personas)
    assert_response(client, method, reverse(name, kwargs=kwargs), persona, kwargs, expect)
    assert_effect(entry, kwargs, method, f"{method} {name} as {persona}", expect)
