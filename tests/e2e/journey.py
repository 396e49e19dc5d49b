"""What a browser journey does: move between pages as a keyboard user would, checking each page.

Every page that loads is recorded (see `track`); `check_a11y` runs axe-core on the page in front
of the user and marks it checked. The `page` fixture fails the test at teardown if any page that
loaded was never checked, so a journey cannot forget the accessibility check. `visit` and
`navigation` do the check for you:

    visit(page, "/sign-in/")
    with navigation(page):
        page.keyboard.press("Enter")
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Locator, Page, Response, expect

from rapidreview.accounts.models import User

from ..factories import PASSWORD

AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MAX_TABS = 60


@dataclass
class PageRecord:
    """What one browser tab saw: every document loaded, which were checked, what went wrong."""

    loaded: list[str] = field(default_factory=list)
    checked: set[int] = field(default_factory=set)
    failed_requests: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)

    def unchecked(self) -> list[str]:
        return [url for index, url in enumerate(self.loaded) if index not in self.checked]


_records: "WeakKeyDictionary[Page, PageRecord]" = WeakKeyDictionary()


def track(page: Page) -> PageRecord:
    """Record every page load, failed sub-resource (CSS, JS, images) and script error."""
    record = PageRecord()
    _records[page] = record
    page.on("load", lambda p: record.loaded.append(p.url))

    def on_response(response: Response) -> None:
        # Documents may answer 4xx on purpose (the lockout page is a 429); their content is
        # what the journey asserts. A stylesheet or script that fails to load is always a bug.
        if response.request.resource_type != "document" and response.status >= 400:
            record.failed_requests.append(f"{response.status} {response.url}")

    page.on("response", on_response)

    def on_request_failed(request) -> None:
        # A document request is cancelled when a newer navigation replaces it; that is normal.
        if request.resource_type != "document":
            record.failed_requests.append(f"{request.failure} {request.url}")

    page.on("requestfailed", on_request_failed)
    page.on("pageerror", lambda error: record.script_errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            record.script_errors.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )
    return record


def record_for(page: Page) -> PageRecord:
    return _records[page]


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


@cache
def _axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


def check_a11y(page: Page) -> None:
    """Run axe-core on the page in front of the user; fail on any WCAG 2.2 A or AA violation.

    axe is injected with `page.evaluate`, which runs through the DevTools protocol and so is not
    subject to the page's Content-Security-Policy: the app's strict CSP (no inline scripts, no
    eval) stays in force for the app's own code while axe runs. `add_script_tag` would be
    blocked by that CSP, and `bypass_csp=True` would weaken it for the whole page.
    """
    record = record_for(page)
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary, html: n.html})),
            }));
        }""",
        WCAG_TAGS,
    )
    # Mark the latest load checked (if it is still the page in front of the user; a skip link
    # may have added a #fragment since).
    if record.loaded and _without_fragment(record.loaded[-1]) == _without_fragment(page.url):
        record.checked.add(len(record.loaded) - 1)
    if violations:
        lines = [f"axe-core found {len(violations)} WCAG A/AA violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"]:
                lines.append(f"  at {json.dumps(node['target'])}: {node['html']}")
                lines.append("    " + (node["summary"] or "").replace("\n", "\n    "))
        raise AssertionError("\n".join(lines))


def visit(page: Page, path: str) -> Response | None:
    """Open a page by its address (as typing it into the address bar), then check it."""
    response = page.goto(path)
    check_a11y(page)
    return response


@contextmanager
def navigation(page: Page) -> Iterator[dict]:
    """Wrap a key press or click that loads a new page: wait for it, then check it.

    Yields a dict whose "response" is the new page's HTTP response once the block ends.
    """
    outcome: dict = {}
    with page.expect_navigation() as info:
        yield outcome
    outcome["response"] = info.value
    check_a11y(page)


def path_of(page: Page) -> str:
    """The address of the page in front of the user, without the server's host."""
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- the keyboard -------------------------------------------------------------------------------


def _has_focus(locator: Locator) -> bool:
    return locator.evaluate("(el) => el === document.activeElement")


def focused_description(page: Page) -> str:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return "the page itself";
            const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
            return `<${el.tagName.toLowerCase()}${el.id ? " id=" + el.id : ""}> ` +
                (label || el.innerText || el.value || "").trim().slice(0, 60);
        }"""
    )


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until the target has focus, as a keyboard user would; fail if it never does."""
    target.wait_for()
    path = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if _has_focus(target):
            return
        path.append(focused_description(page))
    raise AssertionError(
        f"Tab never reached {target} after {MAX_TABS} presses; focus went to:\n  "
        + "\n  ".join(path)
    )


def type_into(page: Page, target: Locator, text: str) -> None:
    """Tab to a text field and type into it."""
    tab_to(page, target)
    page.keyboard.type(text)


def press(page: Page, target: Locator, key: str = "Enter") -> None:
    """Tab to a link or button and press a key on it (Enter, or Space for a button)."""
    tab_to(page, target)
    page.keyboard.press(key)


def choose_radio(page: Page, target: Locator) -> None:
    """Tab into a radio group and use the arrow keys until the target option is chosen."""
    group = target.get_attribute("name")
    path = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(name) => document.activeElement && document.activeElement.name === name", group
        ):
            break
        path.append(focused_description(page))
    else:
        raise AssertionError(f"Tab never reached the radios {group!r}; focus went to: {path}")
    if _has_focus(target):
        page.keyboard.press("Space")
    options = page.locator(f"input[type=radio][name='{group}']").count()
    for _ in range(options):
        if target.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(target).to_be_checked()
    expect(target).to_be_focused()


def choose_option(page: Page, select: Locator, option_text: str) -> None:
    """Tab to a drop-down list and type the start of an option's text to choose it."""
    tab_to(page, select)
    page.keyboard.type(option_text)
    chosen = select.evaluate("(el) => el.options[el.selectedIndex].text")
    assert chosen == option_text, f"Typing {option_text!r} chose {chosen!r}"


# --- signing in ---------------------------------------------------------------------------------


def current_code(user: User) -> str:
    """The code the person's authenticator app shows now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6):06d}"


def enter_password(page: Page, email: str, password: str = PASSWORD) -> dict:
    """From the sign-in page: type email and password and press Enter. Returns the navigation."""
    email_field = page.get_by_label("Email address")
    if not email_field.input_value():
        type_into(page, email_field, email)
    type_into(page, page.get_by_label("Password", exact=True), password)
    with navigation(page) as outcome:
        page.keyboard.press("Enter")
    return outcome


def enter_code(page: Page, code: str) -> None:
    """From the code page: type the code and press Enter."""
    type_into(page, page.get_by_label("Security code"), code)
    with navigation(page):
        page.keyboard.press("Enter")


def sign_in(page: Page, user: User, password: str = PASSWORD) -> None:
    """Sign in with password and code, by keyboard, ending on the home page."""
    visit(page, "/sign-in/")
    enter_password(page, user.email, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    enter_code(page, current_code(user))
    assert path_of(page) == "/"


def menu_link(page: Page, name: str) -> Locator:
    """A link in the service navigation (the menu under the service name)."""
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True)


def sign_out(page: Page) -> None:
    """Use the Sign out button in the service navigation."""
    with navigation(page):
        press(page, page.get_by_role("button", name="Sign out"))
