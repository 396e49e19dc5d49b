"""Finding the project's forms by reading its pages, for the robustness test.

Nothing here knows which forms exist. Every URL pattern is opened by a series of visitors (the
personas, someone half-way through signing in, someone with no authenticator yet, a stranger);
the HTML that comes back is parsed with the standard library for <form> elements, and each form is
filed under the URL pattern its `action` resolves to. The URL arguments come from the access
matrix's table, so a new view needs its entry there and nowhere else.

The other half is the database snapshot behind "no partial write": every row of every table
except the ones any request may legitimately touch.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, resolve, reverse

from rapidreview.accounts.models import Role, User

from .conftest import Personas, signed_in_client
from .factories import make_user
from .test_access_matrix import ACCESS_MATRIX, walk

REDIRECTS = {301, 302, 303, 307, 308}

# --- the visitors --------------------------------------------------------------------------------

SIGNED_IN = (
    "partnership_team",
    "scrutineer",
    "agency_a_rep",
    "agency_b_rep",
    "senior_leader",
    "safeguarding_partner",
    "nominee",
)
CODE_PENDING = "code_pending"  # gave the password, not yet the code
NO_AUTHENTICATOR = "no_authenticator_yet"  # gave the password, has no authenticator app yet
ANONYMOUS = "anonymous"


@dataclass
class World:
    """The people the harness visits as, made once per test."""

    personas: Personas
    code_pending: User
    no_authenticator: User
    _kwargs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def build(cls, personas: Personas) -> "World":
        return cls(
            personas=personas,
            code_pending=make_user(Role.SCRUTINEER, full_name="Cody Pending"),
            no_authenticator=make_user(Role.SCRUTINEER, full_name="Nia Noapp", with_2fa=False),
        )

    def client(self, visitor: str) -> Client:
        """A fresh client; exceptions in a view are raised in the test, with their traceback."""
        if visitor in SIGNED_IN:
            # Fresh from the database: an earlier example may have changed their password, and
            # a stale copy would sign the client in with an out-of-date session hash.
            person = getattr(self.personas, visitor)
            client = signed_in_client(User.objects.get(pk=person.pk))
        else:
            client = Client()
            if visitor == CODE_PENDING:
                client.force_login(User.objects.get(pk=self.code_pending.pk))
            elif visitor == NO_AUTHENTICATOR:
                client.force_login(User.objects.get(pk=self.no_authenticator.pk))
        client.raise_request_exception = True
        return client

    def kwargs(self, name: str, *, fresh: bool = False) -> dict[str, Any]:
        """The URL's arguments, made once (the access matrix's builders make their objects
        each time they are called); `fresh` makes them again, for a link that has been used up
        (an invitation accepted, a password reset)."""
        if fresh or name not in self._kwargs:
            self._kwargs[name] = url_kwargs(name, self.personas)
        return self._kwargs[name]

    def path(self, name: str, *, fresh: bool = False) -> str:
        return reverse(name, kwargs=self.kwargs(name, fresh=fresh))

    def emails(self) -> list[str]:
        """Addresses of accounts that exist (fixed at the start, so every example of a run
        chooses from the same list; Hypothesis needs that to replay and shrink)."""
        return list(User.objects.order_by("pk").values_list("email", flat=True)[:20])


def visitor_order(pattern: URLPattern) -> tuple[str, ...]:
    """Who to try first: a stranger for public pages, the partnership team for the rest."""
    others = (CODE_PENDING, NO_AUTHENTICATOR)
    if getattr(pattern.callback, "login_required", True) is False:
        return (ANONYMOUS, *SIGNED_IN, *others)
    return (*SIGNED_IN, *others, ANONYMOUS)


# --- URL patterns and their arguments ------------------------------------------------------------


def url_patterns() -> dict[str, URLPattern]:
    return dict(walk())


def url_kwargs(name: str, personas: Personas) -> dict[str, Any]:
    """Arguments for a URL, from the access matrix (its first entry is the ordinary case)."""
    entries = ACCESS_MATRIX.get(name)
    if entries:
        return entries[0].kwargs(personas)
    pattern = url_patterns()[name]
    assert not pattern.pattern.regex.groupindex, (
        f"{name} takes arguments and has no entry in ACCESS_MATRIX (tests/test_access_matrix.py)"
        " to build them"
    )
    return {}


# --- reading forms out of HTML -------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, or "select" / "textarea" / "button"
    options: list[str] = field(default_factory=list)  # select options, radio and checkbox values
    multiple: bool = False
    value: str = ""  # what the page filled in

    @property
    def is_choice(self) -> bool:
        return self.kind in {"select", "radio", "checkbox", "button"}


@dataclass
class Form:
    method: str  # "get" or "post"
    action: str  # as written in the page; "" means the page itself
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [f"{f.name}:{f.kind}" for f in self.fields.values()]
        return f"<form method={self.method}> [{', '.join(parts) or 'no fields'}]"


# The CSRF token is the test client's business (it does not check it), not the form's input.
_IGNORED_NAMES = {"csrfmiddlewaretoken"}
_NOT_INPUT = {"reset", "image"}


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option_pending = False

    def _add(self, name: str, kind: str) -> Field:
        assert self._form is not None
        existing = self._form.fields.get(name)
        if existing is None:
            existing = self._form.fields[name] = Field(name=name, kind=kind)
        elif existing.kind == kind and kind in {"checkbox", "button", "submit"}:
            existing.multiple = existing.multiple or kind == "checkbox"
        return existing

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        names = {key for key, _ in attrs}
        if tag == "form":
            self._form = Form(
                method=(attr.get("method") or "get").lower(),
                action=attr.get("action", ""),
                enctype=attr.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attr.get("name", "")
        if tag == "input":
            kind = (attr.get("type") or "text").lower()
            if not name or name in _IGNORED_NAMES or kind in _NOT_INPUT:
                return
            if kind == "submit":
                kind = "button"
            field_ = self._add(name, kind)
            if kind in {"radio", "checkbox", "button"}:
                field_.options.append(attr.get("value", "on"))
                if "checked" in names:
                    field_.value = attr.get("value", "on")
            else:
                field_.value = attr.get("value", "")
        elif tag == "button" and name:
            self._add(name, "button").options.append(attr.get("value", ""))
        elif tag == "select" and name:
            self._select = self._add(name, "select")
            self._select.multiple = "multiple" in names
        elif tag == "option" and self._select is not None:
            if "value" in names:
                self._select.options.append(attr["value"])
            else:
                self._option_pending = True
        elif tag == "textarea" and name:
            self._add(name, "textarea")

    def handle_data(self, data: str) -> None:
        if self._option_pending and self._select is not None:
            self._select.options.append(data.strip())
            self._option_pending = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def is_html(response) -> bool:
    return not response.streaming and response.get("Content-Type", "").startswith("text/html")


def action_path(form: Form, page_path: str) -> str | None:
    """The path (and query) the form submits to, or None if it leaves the site."""
    target = urlsplit(urljoin("http://testserver" + page_path, form.action))
    if target.netloc != "testserver":
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def forms_for(response, page_path: str, name: str) -> list[Form]:
    """The forms on a page that submit to the URL pattern `name`."""
    if response.status_code != 200 or not is_html(response):
        return []
    return [
        form
        for form in forms_in(response.content.decode())
        if url_name_of(action_path(form, page_path)) == name
    ]


def url_name_of(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


# --- opening pages --------------------------------------------------------------------------------


def arrive(client: Client, name: str, path: str):
    """GET a page the way a person would, following redirects that stay on the same URL pattern
    (a password reset link moves its token into the session). Returns (response, final path)."""
    for _ in range(3):
        response = client.get(path)
        if response.status_code not in REDIRECTS:
            break
        following = urlsplit(response["Location"]).path
        if url_name_of(following) != name:
            break
        path = following
    return response, path


@dataclass
class FoundForm:
    url_name: str  # the URL pattern the form submits to
    page: str  # the URL pattern of the page it was found on
    visitor: str
    form: Form
    # The page had to be opened first: it redirected to itself with something in the session
    # (a password reset link), so the form cannot be submitted without opening it.
    needs_opening: bool = False
    kwargs: dict[str, Any] | None = None  # the page's own arguments, if not the usual ones


def forms_on_page(
    world: World,
    name: str,
    pattern: URLPattern,
    *,
    first_view_only: bool = False,
    kwargs: dict[str, Any] | None = None,
) -> list[FoundForm]:
    """The forms on one page. Visitors are tried in order until one sees a form that submits to
    the page itself (or, with `first_view_only`, until one can open the page at all)."""
    found: list[FoundForm] = []
    opened = False
    for visitor in visitor_order(pattern):
        if any(f.url_name == name for f in found) or (first_view_only and opened):
            break
        requested = world.path(name) if kwargs is None else reverse(name, kwargs=kwargs)
        response, path = arrive(world.client(visitor), name, requested)
        if response.status_code != 200 or not is_html(response):
            continue
        opened = True
        for form in forms_in(response.content.decode()):
            target = url_name_of(action_path(form, path))
            if target is not None:
                found.append(
                    FoundForm(
                        url_name=target,
                        page=name,
                        visitor=visitor,
                        form=form,
                        needs_opening=path != requested,
                        kwargs=kwargs,
                    )
                )
    return found


def accepts_post(world: World, name: str) -> bool:
    """Whether the view takes a POST at all (405 if not). Tried as the partnership team, who gets
    past the sign-in and role checks, in a savepoint that is rolled back."""
    client = world.client("partnership_team")
    path = world.path(name)  # made outside the savepoint, so it outlives the rollback
    with transaction.atomic():
        status = client.post(path, {}).status_code
        transaction.set_rollback(True)
    return status != 405


# --- the database, for "no partial write" ---------------------------------------------------------

# Tables any request may change whatever the form says: the session, the sign-in lockout
# counters (django-axes) and the audit trail (a refused form still records a failed sign-in).
UNCOUNTED_APPS = {"sessions", "axes"}
UNCOUNTED_MODELS = {"audit.auditevent"}
# Columns a failed attempt legitimately updates: django-otp's throttling after a wrong code.
VOLATILE_COLUMNS = {
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "last_t",
    "last_used_at",
}


def _counted_models() -> list:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in UNCOUNTED_APPS
        and model._meta.label_lower not in UNCOUNTED_MODELS
        and model._meta.managed
    ]


def database_state() -> dict[str, list[tuple]]:
    """Every counted table's rows (volatile columns left out), in primary key order."""
    state = {}
    for model in _counted_models():
        columns = [
            f.attname for f in model._meta.concrete_fields if f.attname not in VOLATILE_COLUMNS
        ]
        state[model._meta.label_lower] = list(
            model._base_manager.order_by("pk").values_list(*columns)
        )
    return state


def stored_files() -> set[str]:
    """Files under the upload and media folders (an upload refused must leave nothing behind)."""
    roots = {getattr(settings, "UPLOADED_FILES_DIR", None), settings.MEDIA_ROOT}
    files = set()
    for root in filter(None, roots):
        base = Path(root)
        if base.is_dir():
            files |= {str(p) for p in base.rglob("*") if p.is_file()}
    return files


def describe_changes(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> str:
    lines = []
    for table in sorted(before):
        old, new = set(before[table]), set(after[table])
        if old != new:
            lines.append(
                f"{table}: {len(new - old)} row(s) added or changed, "
                f"{len(old - new)} removed or changed: {sorted(new - old, key=str)[:3]!r}"
            )
    return "\n".join(lines)
