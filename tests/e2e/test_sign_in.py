"""Signing in and out through the real login form, in Chromium."""

import re

from playwright.sync_api import expect

from tests.e2e import field_label, shot


def test_staff_signs_in_lands_on_dashboard_and_signs_out(page, live_server, staff_user):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    shot(page, "login")

    page.get_by_label(field_label("Username")).fill("staff")
    page.get_by_label(field_label("Password")).fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")
    expect(page.locator(".user-box")).to_contain_text("staff")
    expect(page.locator(".user-box")).to_contain_text("Secretariat staff")
    shot(page, "dashboard")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    shot(page, "signed-out")

    page.goto("/contacts/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/contacts/$"))


def test_wrong_password_shows_an_error_and_signs_nobody_in(page, staff_user):
    page.goto("/accounts/login/")
    page.get_by_label(field_label("Username")).fill("staff")
    page.get_by_label(field_label("Password")).fill("not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    shot(page, "error")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_admin_opens_the_django_admin(page, sign_in, browser_guard, admin_user):
    # Django's admin templates declare no icon, so Chromium asks for /favicon.ico; the
    # tracker's own pages declare theirs in base.html.
    browser_guard.allow_console_error(r"status of 404 .* at \S+/favicon\.ico$")
    sign_in(admin_user)
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Secretariat housekeeping")).to_be_visible()
    expect(page.get_by_role("link", name="Contacts", exact=True)).to_be_visible()
    shot(page, "admin")
