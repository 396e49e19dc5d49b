"""Robustness: every form in the project, fed random and malformed input, as someone allowed in.

The forms are not listed here: `robustness_support` opens every URL pattern as a series of
visitors and reads the <form> elements out of the HTML, so a new form is covered the day it
ships. For each one, Hypothesis sends answers drawn from: the right kind of value, wrong types,
very long strings, odd Unicode (RTL marks, joiners, emoji, combining marks, astral characters,
NUL), whitespace only, impossible dates, HTML and script, SQL-looking text, choices that are not
on offer, fields left out, unknown fields added, one field sent twice, uploads that lie about
their type, bodies that are not well formed at all, odd headers (an htmx request, a long user
agent) and a `?next=` pointing off the site. Each answer must get:

- no server error (the client raises a view's exception, so its traceback is shown);
- no partial write: unless the response is a redirect (the POST/redirect/GET of a success),
  no counted table has changed and no file has been left on disk;
- no unescaped markup: the script and HTML payloads never come back as they were sent;
- no redirect off the site.

CI (CI=true) runs a fixed, derandomised set of examples; locally each run explores new ones.
"""

import os
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode, urlsplit

import pytest
from axes.utils import reset as axes_reset
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, Phase, event, given, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from .decisions import PARTS as DECISION_PARTS
from .factories import PASSWORD
from .meetings import PARTS as MEETING_PARTS
from .participation import access_agency, access_records, access_team
from .robustness_support import (
    REDIRECTS,
    Field,
    Form,
    FoundForm,
    World,
    accepts_post,
    action_path,
    arrive,
    database_state,
    describe_changes,
    forms_for,
    forms_on_page,
    is_html,
    stored_files,
    url_patterns,
)
from .scoping import PARTS as SCOPING_PARTS

# The areas whose parts each register their own URLs.
AREA_PARTS = (*SCOPING_PARTS, *MEETING_PARTS, *DECISION_PARTS)

_COMMON = {
    "deadline": None,
    # No "explain" phase: tracing every line of Django to say which ran costs more than it tells.
    "phases": [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
# ROBUSTNESS_EXAMPLES=500 for a long hunt; 25 keeps the module near a minute.
EXAMPLES = int(os.environ.get("ROBUSTNESS_EXAMPLES", "25"))
hypothesis_settings.register_profile(
    "robustness-ci", max_examples=EXAMPLES, derandomize=True, database=None, **_COMMON
)
hypothesis_settings.register_profile("robustness-dev", max_examples=EXAMPLES, **_COMMON)
PROFILE = hypothesis_settings.get_profile(
    "robustness-ci" if os.environ.get("CI") == "true" else "robustness-dev"
)
ACTION_EXAMPLES = max(EXAMPLES // 3, 5)

# URLs that take a POST but have no form of their own: a button elsewhere posts to them with
# nothing but the CSRF token. They still get junk fields thrown at them, just fewer times.
ACTION_ENDPOINTS = {
    "accounts:sign_out": "the 'Sign out' button in every page's header",
    "accounts:backup_codes_regenerate": "the 'Get new backup codes' button on the account page",
    "accounts:user_deactivate": "the 'Deactivate' button on a user's page",
    "accounts:user_reactivate": "the 'Reactivate' button on a user's page",
    "reviews:review_convene": "the 'Convene a rapid review' button on a logged notification",
    "core:closure_day_remove": "the 'Remove' button beside each closure day",
    **access_team.ACTION_ENDPOINTS,
    **{name: button for part in AREA_PARTS for name, button in part.ACTION_ENDPOINTS.items()},
    **access_agency.ACTION_ENDPOINTS,
    **access_records.ACTION_ENDPOINTS,
}


def every_review_step(world: World) -> list[dict]:
    """A review in a state each step applies to, with the dates that state implies (the
    meeting in the past, so nothing is waiting). Steps taken on their own page are left out."""
    from rapidreview.reviews.lifecycle import STEPS
    from rapidreview.reviews.models import SENT_STATES, State

    from .reviews.factories import make_incident, make_review

    team = world.personas.partnership_team
    variants = []
    for slug, step in STEPS.items():
        if step.page:  # taken on its own app's page, whose form is fuzzed there
            continue
        state = sorted(step.from_states)[0]
        dates = {"meeting_date": date(2026, 3, 20)}
        if state in SENT_STATES:
            dates |= {"signed_off_on": date(2026, 3, 23), "sent_to_panel_on": date(2026, 3, 24)}
        if state in {State.PANEL_RESPONDED, State.CLOSED}:
            dates["panel_responded_on"] = date(2026, 3, 30)
        review = make_review(
            make_incident(team),
            convened_by=team,
            state=state,
            agencies=(world.personas.agency_a,),
            **dates,
        )
        variants.append({"reference": review.reference, "step": slug})
    return variants


# One URL pattern that shows a different form depending on its arguments: the access matrix
# gives one set, so each of the others is listed here to have its form fuzzed too.
MORE_FORMS_AT = {
    "reviews:review_step": every_review_step,  # one form per step of the review's lifecycle
}
EXAMPLES_PER_VARIANT = max(EXAMPLES // 3, 8)

# Forms that must be found; the discovery is wrong if any goes missing.
KNOWN_FORMS = {
    "accounts:sign_in",
    "accounts:sign_in_code",
    "accounts:sign_in_backup_code",
    "accounts:two_factor_setup",
    "accounts:invitation_accept",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "accounts:password_change",
    "accounts:user_invite",
    "accounts:user_detail",
    "accounts:agency_create",
    "accounts:agency_edit",
    "audit:event_list",  # the filter, a GET form
    "documents:upload",
    "core:closure_day_add",
    *access_team.KNOWN_FORMS,
    *(name for part in AREA_PARTS for name in part.KNOWN_FORMS),
    *access_agency.KNOWN_FORMS,
    *access_records.KNOWN_FORMS,
}

# --- malformed values -----------------------------------------------------------------------------

XSS = (
    '<script>alert("rr-xss")</script>',
    '"><img src=x onerror=alert("rr-xss")>',
    "'><svg/onload=alert('rr-xss')>",
    '</textarea><script>alert("rr-xss")</script>',
    '<a href="javascript:alert(1)">rr-xss</a>',
)
ODD_UNICODE = (
    "\u200f\u202eevil.exe",  # right-to-left mark and override
    "a\u200db\u200cc\u200b",  # zero-width joiner, non-joiner, space
    "👩\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈",
    "e\u0301\u0301\u0301\u0301\u0301",  # stacked combining accents
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈 \U0010fffd",  # astral characters, no surrogates
    "\x00",
    "a\x00b",
    "\ufeffBOM",
    "\uffff\ufffe",
    "line\u2028break\u2029para",
    "İıßﬁ",  # case mapping that changes length
    "\x1b[31mred\x07",
)
WHITESPACE = ("", " ", "   ", "\t", "\r\n", "\u00a0", "\u3000", "\u200b", " \n \t ")
SQL_ISH = (
    "' OR '1'='1",
    "1; DROP TABLE accounts_user; --",
    "%",
    "_",
    "\\",
    "' UNION SELECT password FROM accounts_user --",
    '"',
    "%(value)s {0} {{ request.user.password }} {% debug %}",
)
WRONG_NUMBERS = (
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "-Infinity",
    "99999999999999999999999999",
    "9223372036854775808",
    "0x1F",
    "١٢٣",  # Arabic-Indic digits
    "１２３",  # full-width digits
)
IMPOSSIBLE_DATES = (
    "31/02/2027",
    "2027-02-31",
    "0000-00-00",
    "99999-01-01",
    "2023-02-29",
    "2027-13-01",
    "2027-02-28T25:61:00",
    "tomorrow",
    "1/1/1",
    "01/01/0001",  # the first and last days Python can hold, where "the day after" overflows
    "0001-01-01",
    "31/12/9999",
    "9999-12-31",
)
DATE_PARTS = ("0", "00", "-1", "13", "32", "31", "29", "99999", "2.5", "ab", " 1 ", "1e3", "٣")
IDENTIFIERS = (
    "00000000-0000-0000-0000-000000000000",
    "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    "not-a-uuid",
    "1",
    "-1",
    "../../etc/passwd",
)
LONG_LENGTHS = (201, 255, 256, 1_001, 10_001, 40_000)
STRONG_PASSWORD = "violet-otter-kettle-harbour-2027"
EXTRA_NAMES = (
    "id",
    "pk",
    "is_staff",
    "is_superuser",
    "role",
    "agency",
    "public_id",
    "next",
    "page",
    "csrfmiddlewaretoken",
    "_method",
)

long_strings = st.builds(
    lambda char, n: char * n,
    st.sampled_from(["a", "é", "😀", "\u200d", "<", " ", "0", "e\u0301"]),
    st.sampled_from(LONG_LENGTHS),
)
junk_text = st.one_of(
    st.sampled_from(XSS + ODD_UNICODE + WHITESPACE + SQL_ISH),
    st.text(max_size=40),  # any Unicode except surrogates, which a request cannot carry
    long_strings,
    st.sampled_from(WRONG_NUMBERS + IMPOSSIBLE_DATES + DATE_PARTS + IDENTIFIERS),
    st.builds(lambda a, b: a + b, st.text(max_size=8), st.sampled_from(XSS + ODD_UNICODE)),
)

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"PE\x00\x00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
UPLOAD_LIMIT_MB = 1  # the test's own limit, so a file over it is quick to make


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# Files an upload form should accept (when it takes documents at all).
good_uploads = st.one_of(
    st.builds(
        lambda tail: upload("report.pdf", PDF + tail, "application/pdf"), st.binary(max_size=64)
    ),
    st.builds(
        lambda text: upload("notes.txt", text.encode(), "text/plain"),
        st.text("abc ,\n", min_size=1),
    ),
    st.just(PNG).map(lambda data: upload("photo.png", data, "image/png")),
)
# Files that lie about themselves, are empty, too large or oddly named.
odd_uploads = st.builds(
    upload,
    st.one_of(
        st.sampled_from(
            [
                "report.pdf",
                "report.PDF",
                "report.exe.pdf",
                "report.pdf.exe",
                ".pdf",
                "no-extension",
                "a" * 300 + ".pdf",
                "r\u00e9sum\u00e9 😀.pdf",
                "\u202efdp.exe",
                '"><img src=x onerror=alert("rr-xss")>.pdf',
            ]
        ),
        # Any name a browser could send (not ".", ".." or a bare folder, which Django's own
        # SimpleUploadedFile refuses to build before any request is made).
        st.text(min_size=1, max_size=30).filter(
            lambda name: os.path.basename(name) not in {"", ".", ".."}
        ),
    ),
    st.one_of(
        st.sampled_from(
            [
                b"",
                EXECUTABLE,
                PNG,
                b"PK\x03\x04",
                b"\x00" * 64,
                b'<script>alert("rr-xss")</script>',
                PDF + b"0" * (UPLOAD_LIMIT_MB * 1024 * 1024),
            ]
        ),
        st.binary(max_size=300),
    ),
    st.sampled_from(["application/pdf", "application/octet-stream", "text/html", "image/png"]),
)

# Bodies that are not a well-formed form submission at all.
RAW_BODIES = (
    ("multipart/form-data; boundary=rr", b'--rr\r\nContent-Disposition: form-data; name="x"\r\n'),
    ("multipart/form-data", b"no boundary given"),
    (
        "multipart/form-data; boundary=rr",
        b'--rr\r\nContent-Disposition: form-data; name="f"; filename="../../etc/passwd.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--rr--\r\n",
    ),
    ("application/x-www-form-urlencoded", b"%ff%fe=%c3%28&a=%&=&&b=%zz"),
    ("application/x-www-form-urlencoded; charset=no-such-charset", b"a=b"),
    ("application/x-www-form-urlencoded", b"a=" + b"x" * 2_700_000),  # over the memory limit
    ("application/x-www-form-urlencoded", b"&".join(b"f%d=1" % i for i in range(1_100))),
    ("application/json", b'{"email": ['),
    ("text/plain; charset=utf-16", b"\xff\xfe\x00"),
)
# Where a `?next=` might try to send someone after a success: nowhere off the site.
REDIRECT_TARGETS = (
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\\evil.example",
    "\\\\evil.example",
    "http:evil.example",
    "/sign-in/?next=//evil.example",
)
# What a web server would pass on: Latin-1 text with no control characters.
header_text = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=300
)
request_headers = st.fixed_dictionaries(
    {},
    optional={
        "User-Agent": header_text | st.just("Mozilla/5.0 " * 400),
        "Referer": header_text | st.sampled_from(REDIRECT_TARGETS),
        "X-Forwarded-For": header_text
        | st.sampled_from(["203.0.113.9, 10.0.0.1", "::1", "999.1.1.1"]),
        "HX-Request": st.just("true"),  # django-htmx: a view may answer with a fragment
        "HX-Target": header_text,
    },
)
post_query = st.fixed_dictionaries(
    {}, optional={"next": st.sampled_from(REDIRECT_TARGETS) | junk_text, "page": junk_text}
)
RAW_QUERIES = ("%ff%fe=%c3%28", "a=%&=&&b=%zz", "page=99999999999999999999", "page=-1", "%00=%00")


@dataclass
class Context:
    """What valid answers look like in this world, drawn afresh for each example."""

    emails: list[str]
    codes: list[str]
    password: str = PASSWORD


def valid_value(f: Field, ctx: Context) -> st.SearchStrategy:
    name = f.name.lower()
    if f.kind == "hidden":
        return st.just(f.value)
    if f.is_choice:
        options = f.options or [""]
        if f.multiple:
            return st.lists(st.sampled_from(options), unique=True, max_size=len(options))
        return st.sampled_from(options)
    if f.kind == "file":
        return good_uploads
    if f.kind == "password" or "password" in name:
        return st.just(ctx.password)
    if f.kind == "email" or "email" in name:
        return st.sampled_from(ctx.emails) | st.emails()
    if "code" in name:
        return st.sampled_from(ctx.codes) | st.from_regex(r"\A[0-9]{6}\Z")
    if name.endswith("day"):  # the GOV.UK date input posts <name>_day, _month and _year
        return st.integers(1, 28).map(str)
    if name.endswith("month"):
        return st.integers(1, 12).map(str)
    if name.endswith("year"):
        return st.integers(1990, 2035).map(str)
    if f.kind == "date" or "date" in name:
        days = st.dates(date(1990, 1, 1), date(2035, 12, 31))
        return days.map(date.isoformat) | days.map(lambda d: f"{d.day}/{d.month}/{d.year}")
    if f.kind == "number":
        return st.integers(-5, 10**6).map(str)
    return st.text(
        st.characters(codec="utf-8", categories=("L", "Nd", "Zs", "Pd")), min_size=1, max_size=60
    ) | st.sampled_from(["Invented Agency", "Pat Example", "Safeguarding lead"])


def junk_value(f: Field) -> st.SearchStrategy:
    wrong_choices = st.builds(lambda o, t: o + t, st.sampled_from(f.options or [""]), junk_text)
    if f.kind == "file":
        return odd_uploads | junk_text | st.just("")
    if f.is_choice:
        return junk_text | wrong_choices
    return junk_text


def any_value(f: Field, ctx: Context) -> st.SearchStrategy:
    return valid_value(f, ctx) | junk_value(f)


@dataclass
class Submission:
    data: dict = field(default_factory=dict)
    encoding: str = "multipart"  # or "urlencoded", or "raw" (then `raw` is sent as it is)
    raw: tuple[str, bytes] | str | None = None
    query: dict = field(default_factory=dict)  # added to a POST's URL
    headers: dict = field(default_factory=dict)

    def strings(self) -> list[str]:
        found = []
        for key, value in [*self.data.items(), *self.query.items(), *self.headers.items()]:
            found.append(key)
            for item in value if isinstance(value, list) else [value]:
                found.append(item.name if isinstance(item, SimpleUploadedFile) else str(item))
        return found


def shorten(value) -> str:
    if isinstance(value, SimpleUploadedFile):
        value.seek(0)
        head = value.read(24)
        value.seek(0)
        return f"<file {shorten(value.name)} {head!r}... {value.size} bytes>"
    if isinstance(value, list):
        return "[" + ", ".join(shorten(v) for v in value) + "]"
    text = str(value)
    return repr(text) if len(text) <= 60 else f"{text[:40]!r}...({len(text)} characters)"


def show(sub: Submission) -> str:
    if sub.encoding == "raw":
        raw = sub.raw
        return f"raw {raw[0]!r} {shorten(raw[1])}" if isinstance(raw, tuple) else f"?{raw}"
    fields = ", ".join(f"{shorten(k)}: {shorten(v)}" for k, v in sub.data.items())
    extra = "".join(
        f" {label} {{{', '.join(f'{shorten(k)}: {shorten(v)}' for k, v in part.items())}}}"
        for label, part in (("query", sub.query), ("headers", sub.headers))
        if part
    )
    return f"{sub.encoding} {{{fields}}}{extra}"


@st.composite
def submissions(draw, form: Form, ctx: Context) -> Submission:
    ctx.password = draw(st.sampled_from([PASSWORD, STRONG_PASSWORD, "short"]))
    fields = list(form.fields.values())
    mode = draw(st.sampled_from(["junk", "one_bad", "all_valid"]))
    bad = draw(st.integers(0, max(len(fields) - 1, 0)))
    data = {}
    for i, f in enumerate(fields):
        if mode == "junk":
            presence = draw(st.sampled_from(["send"] * 4 + ["leave out", "send twice"]))
            strategy = any_value(f, ctx)
        elif mode == "one_bad" and i == bad:
            presence = draw(st.sampled_from(["send", "leave out", "send twice"]))
            strategy = junk_value(f)
        else:
            presence, strategy = "send", valid_value(f, ctx)
        if presence == "leave out":
            continue
        value = draw(strategy)
        data[f.name] = [value, draw(strategy)] if presence == "send twice" else value
    extras = draw(
        st.dictionaries(
            st.sampled_from(EXTRA_NAMES) | st.text(min_size=1, max_size=20), junk_text, max_size=3
        )
    )
    for key, value in extras.items():
        data.setdefault(key, value)

    headers = draw(request_headers)
    if form.method == "get":
        if draw(st.integers(0, 7)) == 0:
            raw = draw(st.sampled_from(RAW_QUERIES))
            return Submission(encoding="raw", raw=raw, headers=headers)
        return Submission(data=data, encoding="query", headers=headers)
    query = draw(post_query)
    has_files = any(isinstance(v, SimpleUploadedFile) for v in data.values())
    encoding = draw(st.sampled_from(["multipart"] * 4 + ["urlencoded"] * 3 + ["raw"]))
    if encoding == "raw":
        raw = draw(st.sampled_from(RAW_BODIES))
        return Submission(encoding="raw", raw=raw, query=query, headers=headers)
    encoding = "multipart" if has_files else encoding
    return Submission(data=data, encoding=encoding, query=query, headers=headers)


def send(client, method: str, path: str, sub: Submission):
    headers = sub.headers
    if method == "get":
        if sub.encoding == "raw":
            return client.get(f"{path}{'&' if '?' in path else '?'}{sub.raw}", headers=headers)
        plain = {k: v.name if isinstance(v, SimpleUploadedFile) else v for k, v in sub.data.items()}
        return client.get(path, plain, headers=headers)
    if sub.query:
        path = f"{path}{'&' if '?' in path else '?'}{urlencode(sub.query)}"
    if sub.encoding == "raw":
        content_type, body = sub.raw
        # `generic` sends the bytes as they are (`post` would re-encode them in the charset).
        return client.generic("POST", path, data=body, content_type=content_type, headers=headers)
    if sub.encoding == "urlencoded":
        body = urlencode(sub.data, doseq=True)
        return client.post(
            path, body, content_type="application/x-www-form-urlencoded", headers=headers
        )
    return client.post(path, sub.data, headers=headers)


# --- one example ----------------------------------------------------------------------------------


def fresh_attempt_counters() -> None:
    """Each example starts with no lockout and no code throttling, so one junk answer cannot
    make the rest of the run meaningless (a lockout, 429, is still accepted when it happens)."""
    axes_reset()
    for device in (TOTPDevice, StaticDevice):
        device.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


def current_code(world: World) -> str:
    device = TOTPDevice.objects.get(user=world.code_pending, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def open_form_page(world: World, name: str, found: FoundForm):
    """A fresh client, and where it submits the form.

    Most forms are submitted straight away, as a script would. A form that needs its page
    opened first (the password reset link puts its token in the session) is opened each time;
    if the page no longer shows the form, its URL's arguments are made afresh, once."""
    client = world.client(found.visitor)
    if found.kwargs is not None:
        return client, action_path(found.form, reverse(name, kwargs=found.kwargs))
    if not found.needs_opening:
        return client, action_path(found.form, world.path(name))
    for fresh in (False, True):
        page, page_path = arrive(client, found.page, world.path(found.page, fresh=fresh))
        if forms_for(page, page_path, name):
            return client, action_path(found.form, page_path)
        client = world.client(found.visitor)
    raise AssertionError(
        f"{found.visitor} can no longer open {page_path} with its form ({page.status_code}), "
        "even with fresh arguments from the access matrix"
    )


def try_once(world: World, name: str, found: FoundForm, sub: Submission) -> None:
    fresh_attempt_counters()
    client, target = open_form_page(world, name, found)
    where = f"{found.form.method.upper()} {target} as {found.visitor}"
    note(f"{where}\npayload: {show(sub)}")

    before, files_before = database_state(), stored_files()
    # A savepoint, so that if the view blows up the test's transaction is still usable while
    # Hypothesis shrinks the example.
    with transaction.atomic():
        response = send(client, found.form.method, target, sub)
    status = response.status_code
    event(f"{status} {'redirect' if status in REDIRECTS else 'response'}")
    failure = f"{where} with {show(sub)}"
    assert status < 500, f"server error {status}: {failure}"
    assert status != 405, f"the page offers this form but the view refuses its method: {failure}"
    if status in REDIRECTS:
        location = urlsplit(response["Location"])
        assert location.netloc in {"", "testserver"} and location.scheme in {"", "http", "https"}, (
            f"redirected off the site, to {response['Location']!r}: {failure}"
        )
        return  # a success (POST/redirect/GET) may write

    after, files_after = database_state(), stored_files()
    assert after == before, (
        f"{status} response, yet the database changed (a refused form must write nothing, and "
        f"a success should redirect): {failure}\n{describe_changes(before, after)}"
    )
    assert files_after == files_before, f"{status} response left files behind: {failure}"
    if is_html(response):
        body = response.content.decode()
        sent = sub.strings()
        for payload in XSS:
            if any(payload in s for s in sent):
                assert payload not in body, f"{payload!r} came back unescaped: {failure}"
    if status == 404:
        # Whatever the URL names has gone (an invitation accepted, a closure day removed):
        # the next example gets fresh arguments.
        world.kwargs(name, fresh=True)


# --- fixtures and tests ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def quick_and_contained(settings, tmp_path):
    # Strong hashing would spend the time budget on making accounts; uploads go to a throwaway
    # folder, so "nothing left behind" can be checked.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    if hasattr(django_settings, "UPLOADED_FILES_DIR"):
        settings.UPLOADED_FILES_DIR = str(tmp_path / "uploads")
        settings.UPLOAD_MAX_MB = UPLOAD_LIMIT_MB


@pytest.fixture
def world(personas) -> World:
    return World.build(personas)


URL_NAMES = sorted(url_patterns())


def fuzz(world: World, name: str, candidates: list[FoundForm], examples: int) -> None:
    emails = world.emails()

    @hypothesis_settings(PROFILE, max_examples=examples)
    @given(data=st.data())
    def run(data):
        # Everything is drawn before the first request, so what the app does cannot change
        # what is drawn (Hypothesis replays and shrinks by drawing the same way again).
        found = data.draw(st.sampled_from(candidates), label="form")
        ctx = Context(emails=emails, codes=[current_code(world), "backup0001"])
        sub = data.draw(submissions(found.form, ctx), label="payload")
        try_once(world, name, found, sub)

    # Every URL shares this function's saved examples, so a failure found on one form is also
    # replayed (reinterpreted) on the others first: harmless, and sometimes useful.
    run()


@pytest.mark.parametrize("name", URL_NAMES)
def test_form_survives_malformed_input(name, world):
    pattern = url_patterns()[name]
    own_forms = [f for f in forms_on_page(world, name, pattern) if f.url_name == name]
    for kwargs in MORE_FORMS_AT[name](world) if name in MORE_FORMS_AT else []:
        found = forms_on_page(world, name, pattern, kwargs=kwargs)
        own = [f for f in found if f.url_name == name]
        assert own, f"no form at {reverse(name, kwargs=kwargs)}, listed in MORE_FORMS_AT"
        fuzz(world, name, own, EXAMPLES_PER_VARIANT)
    if own_forms:
        fuzz(world, name, own_forms, PROFILE.max_examples)
    elif name in ACTION_ENDPOINTS:
        button = FoundForm(name, page="", visitor="partnership_team", form=Form("post", "", ""))
        fuzz(world, name, [button], ACTION_EXAMPLES)
    else:
        assert not accepts_post(world, name), (
            f"{name} accepts a POST but no page shows a form for it: if a button elsewhere "
            "posts to it, list it in ACTION_ENDPOINTS; if it has a form, make sure a visitor "
            "in tests/robustness_support.py can open the page"
        )


def test_discovery_finds_the_known_forms_and_every_form_has_a_target(world):
    found = [
        form
        for name, pattern in url_patterns().items()
        for form in forms_on_page(world, name, pattern, first_view_only=True)
    ]
    own = {f.url_name for f in found if f.url_name == f.page}
    missing = KNOWN_FORMS - own
    assert not missing, f"discovery no longer finds these forms: {sorted(missing)}"
    for f in found:
        where = f"{f.form.summary()} on {f.page} (as {f.visitor}) posts to {f.url_name}"
        if f.url_name in own:
            continue
        assert f.url_name in ACTION_ENDPOINTS, (
            f"{where}, which has no form of its own to fuzz: list it in ACTION_ENDPOINTS"
        )
        assert not f.form.fields, f"{where}: an 'action' with fields {list(f.form.fields)}"
    assert own, "no forms found at all"


def test_action_endpoints_are_real_and_take_post(world):
    patterns = url_patterns()
    for name in ACTION_ENDPOINTS:
        assert name in patterns, f"ACTION_ENDPOINTS lists {name}, which no longer exists"
        assert accepts_post(world, name), f"{name} no longer takes a POST"


# --- what the harness has found, pinned so it stays fixed -----------------------------------------


@pytest.mark.parametrize(
    "parts",
    [
        ("1", "1" * 10_001, "2027"),  # int() refuses numbers past 4,300 digits
        ("1", "²", "2027"),  # a digit to str.isdigit(), but not to int()
        ("1" * 10_001, "1", "2027"),
        ("1", "1", "1" * 10_001),
    ],
)
def test_the_date_input_refuses_absurd_numbers_with_a_message(parts):
    from django import forms as django_forms

    from rapidreview.core.forms import GovukDateField

    class OneDate(django_forms.Form):
        day = GovukDateField(label="Date")

    form = OneDate(dict(zip(("day_day", "day_month", "day_year"), parts, strict=True)))
    assert not form.is_valid()
    assert form.errors["day"]
