"""The search-as-you-type pickers in a real browser: keyboard only, from typing to saving."""

import os
from pathlib import Path

import pytest
from django.db import connections

from campaigns.models import Contact
from tests.conftest import PASSWORD
from tests.factories import MemberFactory, SectionFactory

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 390, "height": 900})
        yield page
        browser.close()
        # While Playwright's loop runs, the ORM hands this thread a connection of its own;
        # left open, PostgreSQL would refuse to drop the test database.
        connections.close_all()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_logs_a_contact_with_the_keyboard_through_the_pickers(
    live_server, browser_page, staff_user
):
    sweden = SectionFactory(name="AI Sweden", country="SE")
    SectionFactory(name="AI Norway", country="NO")
    rose = MemberFactory(name="Rose Alliance", country="SE")
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", staff_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/contacts/new/")
    page.focus("#id_section")
    page.keyboard.type("swed")
    page.wait_for_selector("#id_section[aria-expanded=true]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.focus("#id_member")
    page.keyboard.type("rose")
    page.wait_for_selector("#id_member[aria-expanded=true]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.select_option("#id_channel", "email")
    page.fill("#id_summary", "Wrote about the resolution.")
    page.click("button[name=save]")
    page.wait_for_selector(".messages")

    contact = Contact.objects.get()
    assert (contact.section, contact.member) == (sweden, rose)
    assert page.url.endswith(f"/contacts/{contact.pk}/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_escape_closes_the_list_and_half_typed_text_is_not_kept(
    live_server, browser_page, staff_user
):
    SectionFactory(name="AI Sweden", country="SE")
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", staff_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/contacts/new/")
    page.focus("#id_section")
    page.keyboard.type("swe")
    page.wait_for_selector("#id_section[aria-expanded=true]")
    page.keyboard.press("Escape")
    expanded = page.get_attribute("#id_section", "aria-expanded")
    page.focus("#id_summary")

    assert expanded == "false"
    assert page.input_value("#id_section") == ""
    assert page.eval_on_selector("#id_section-select", "select => select.value") == ""
