"""Fixtures for the browser tests: Debian's Chromium, a guarded page, sign-in through the form.

Chromium is the system's (``CHROMIUM``, default /usr/bin/chromium), never a browser downloaded
by Playwright. Without it the tests are skipped locally and fail in CI (``CI`` set), where a
silent skip would pass a run that tested nothing in a browser.

Every page a test opens is guarded: a console error, an uncaught exception or a request to any
origin but the live server's fails the test. A screenshot goes to ``tests/e2e/artifacts/`` at
each ``shot(page, step)`` and whenever a test fails.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

from tests.conftest import PASSWORD, recreate_role_groups
from tests.e2e import ARTIFACTS, field_label, register_page, shot

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
E2E_DIR = Path(__file__).resolve().parent
# Schemes that never reach the network, so cannot leave the app's origin.
LOCAL_SCHEMES = {"data", "blob", "about"}

GUARD = pytest.StashKey["BrowserGuard"]()
PAGE = pytest.StashKey[object]()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Everything under tests/e2e is a browser test (``pytest -m e2e`` / ``-m 'not e2e'``)."""
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@dataclass
class BrowserGuard:
    """Collects what a page must never do and fails the test when it did."""

    origin: tuple[str, str]
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    allowed_console: list[re.Pattern] = field(default_factory=list)

    def allow_console_error(self, pattern: str) -> None:
        """Expect a console error matching ``pattern``, such as the 404 a test asks for."""
        self.allowed_console.append(re.compile(pattern))

    def on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} at {message.location.get('url', '?')}")

    def on_page_error(self, error) -> None:
        self.console_errors.append(f"uncaught: {error.error}")

    def on_request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in LOCAL_SCHEMES:
            return
        if (parts.scheme, parts.netloc) != self.origin:
            self.foreign_requests.append(request.url)

    def problems(self) -> list[str]:
        unexpected = [
            text
            for text in self.console_errors
            if not any(pattern.search(text) for pattern in self.allowed_console)
        ]
        return [f"console error: {text}" for text in unexpected] + [
            f"request left the app's origin: {url}" for url in self.foreign_requests
        ]


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)"
        if _in_ci():
            pytest.fail(f"Browser tests must run in CI: {reason}", pytrace=False)
        pytest.skip(f"Browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    # Playwright's sync API keeps an event loop in the test's thread; Django then refuses ORM
    # calls from that thread (fixtures, factories) unless told they are safe, which they are:
    # nothing here runs asynchronously.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
            )
            yield chromium
            chromium.close()
            # The connections this thread opened while the loop ran belong to the loop's
            # context; close them there, or the test database could not be dropped.
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """The four role groups, as the accounts migration creates them.

    Data must be committed for the live server's thread to see it, hence a transactional
    database, which is flushed after each test: the groups the migration made go with it.
    Django's serialized rollback cannot bring them back here, because once Playwright's event
    loop runs in this thread Django hands the thread a new connection object, without the
    serialized data the first one kept. So the migration's own function recreates them.
    """
    recreate_role_groups()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context on the live server, guarded (see the module docstring)."""
    server = urlsplit(live_server.url)
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(10_000)
    guard = BrowserGuard(origin=(server.scheme, server.netloc))
    context.on("console", guard.on_console)
    context.on("weberror", guard.on_page_error)
    context.on("request", guard.on_request)
    browser_page = context.new_page()
    register_page(browser_page, request.node.name)
    request.node.stash[GUARD] = guard
    request.node.stash[PAGE] = browser_page
    yield browser_page
    context.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Each sign-in hashes a password twice (factory, login form); the production hasher's
    deliberate slowness would be most of a browser test's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def browser_guard(page, request) -> BrowserGuard:
    return request.node.stash[GUARD]


@pytest.fixture
def sign_in(page):
    """``sign_in(user)`` signs in through the real login form and checks it got past it."""

    def sign_in_as(user, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label(field_label("Username")).fill(user.get_username())
        page.get_by_label(field_label("Password")).fill(password)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return sign_in_as


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After the test body passed, fail it if its page broke a guard."""
    result = yield
    guard = item.stash.get(GUARD, None)
    if guard is not None and (problems := guard.problems()):
        pytest.fail("\n".join(problems), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, screenshot the page as it was and name the file in the report."""
    report = yield
    page = item.stash.get(PAGE, None)
    if report.failed and report.when in ("setup", "call") and page is not None:
        from playwright.sync_api import Error as PlaywrightError

        try:
            path = shot(page, "failure")
        except PlaywrightError as error:
            report.sections.append(("e2e screenshot", f"none: {error}"))
        else:
            report.sections.append(("e2e screenshot", str(path)))
    return report
