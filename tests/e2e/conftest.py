"""Browser journeys: the system's Chromium, driven by Playwright's sync API, against a live server."""

import os
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from rapidreview.accounts.models import Agency, AgencyType, Role, User

from ..factories import make_user
from .journey import check_a11y, record_for, track

# Playwright's sync API runs an asyncio event loop in this thread; Django then refuses database
# calls from the test code ("you cannot call this from an async context") although they are
# plain synchronous calls made between browser actions. This tells Django they are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _serve_static_through_the_app(application):
    """Let the app's own middleware serve /static/, as gunicorn + WhiteNoise do in production."""
    return application


@pytest.fixture(scope="session")
def live_server(request) -> Iterator[LiveServer]:
    """pytest-django's live server, with static files served by WhiteNoise from STATIC_ROOT.

    pytest-django wraps the live server in staticfiles' StaticFilesHandler, which looks files up
    with the finders under their plain names. Our templates ask for the hashed names from the
    collectstatic manifest (CompressedManifestStaticFilesStorage, as in production), so every
    stylesheet and script answered 404 there (and that 404 page then failed, having no
    request.user). Handing /static/ to the app instead lets WhiteNoise serve the collected,
    hashed files: what the browser tests see is what production serves. `make test` runs
    collectstatic before pytest.
    """
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _serve_static_through_the_app
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Browser, live_server: LiveServer) -> Iterator[Callable[[], Page]]:
    """Open a new browser window with its own cookies, as a different person at another desk.

    At the end of the test, fails if any page that loaded was not checked by axe-core, if a
    stylesheet or script did not load, or if a script raised an error.
    """
    contexts = []
    pages: list[Page] = []

    def open_() -> Page:
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        track(page)
        pages.append(page)
        return page

    yield open_

    problems = []
    for page in pages:
        record = record_for(page)
        if unchecked := record.unchecked():
            problems.append(f"pages not checked by axe-core: {unchecked}")
        if record.failed_requests:
            problems.append(f"requests that failed: {record.failed_requests}")
        if record.script_errors:
            problems.append(f"script errors: {record.script_errors}")
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def page(open_page: Callable[[], Page]) -> Page:
    return open_page()


@pytest.fixture
def axe() -> Callable[[Page], None]:
    """Check the page again after it changed without loading (an htmx swap, an opened dialog)."""
    return check_a11y


@pytest.fixture
def police(transactional_db) -> Agency:
    return Agency.objects.create(name="Invented Police Force", agency_type=AgencyType.POLICE)


@pytest.fixture
def school(transactional_db) -> Agency:
    return Agency.objects.create(name="Invented Primary School", agency_type=AgencyType.EDUCATION)


@pytest.fixture
def agency_rep(police: Agency) -> User:
    return make_user(Role.AGENCY_REPRESENTATIVE, police, full_name="Alex Arep")


@pytest.fixture
def partnership_team(transactional_db) -> User:
    return make_user(Role.PARTNERSHIP_TEAM, full_name="Pat Team")
