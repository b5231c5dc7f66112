"""axe-core over every page: each HTML page of the role × URL table, opened in Chromium by a
persona that may read it, at a phone's and a laptop's width, has no violation of any impact.

The Django admin's pages are swept too, with the names and roles its widgets lack patched in
by static/js/admin-a11y.js; docs/decisions.md says what that script fixes and why.
The markup does not depend on the database, so the sweep runs once, on SQLite.

The pages and their readers come from tests/test_permissions.py (the same table and objects as
tests/test_translated_pages.py), so a new page is checked as soon as it has its row. axe-core
is the copy that ships with axe-playwright-python, injected through the browser's debugging
protocol, which the app's strict Content-Security-Policy does not govern.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from tests.test_permissions import signed_in_clients, world
from tests.test_translated_pages import campaign_world, pages_and_readers

__all__ = ["campaign_world", "world"]  # the fixtures, shared with the table

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the pages' markup does not depend on the database: swept once, on SQLite",
)

WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 900}}
# What a violation report shows per rule: enough to find the element without the whole DOM.
NODES_SHOWN = 3


def _session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def html_pages(w: dict) -> list[tuple[str, str, str]]:
    """The pages of the table that answer HTML to their reader (not the files, not JSON)."""
    clients = signed_in_clients(w)
    return [
        (what, url, persona)
        for what, url, persona in pages_and_readers(w, other_apps_admin=True)
        if what != "404"
        and (response := clients[persona].get(url)).status_code == 200
        and response["Content-Type"].startswith("text/html")
    ]


def _violations(results) -> list[str]:
    found = []
    for violation in results.response["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        found.append(
            f"{violation['id']} ({violation['impact']}): {', '.join(targets[:NODES_SHOWN])}"
        )
    return found


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_page_has_an_accessibility_violation(browser, live_server, campaign_world, width):
    w = campaign_world
    axe = Axe()
    contexts = {}
    found = {}
    pages = html_pages(w)
    for what, url, persona in pages:
        if persona not in contexts:
            context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width])
            if w[persona] is not None:
                context.add_cookies([_session_cookie(w[persona], live_server)])
            contexts[persona] = context.new_page()
        tab = contexts[persona]
        tab.goto(url)
        if violations := _violations(axe.run(tab)):
            found[f"{what} as {persona}"] = violations
    for tab in contexts.values():
        tab.context.close()

    assert found == {}
    assert len(pages) > 30
