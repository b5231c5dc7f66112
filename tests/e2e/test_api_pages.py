"""The API's pages in a real browser, under the strict Content-Security-Policy: the reference
drawn on the server, readable at a phone's width (a blocked script or style would be a console
error, which fails the test), and a token made, shown once and revoked."""

import re

from playwright.sync_api import expect

from tests.e2e import has_horizontal_scroll, shot


def test_api_reference_draws_the_schema_under_the_csp(page, sign_in, staff_user):
    sign_in(staff_user)
    response = page.goto("/api/v1/docs/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    page.get_by_role("link", name="GET /api/v1/contacts/export.ndjson").click()
    operation = page.get_by_role("heading", name="GET /api/v1/contacts/export.ndjson")
    expect(operation).to_be_in_viewport()
    page.get_by_role("link", name="ContactRequest").first.click()
    expect(page.get_by_role("heading", name="ContactRequest", exact=True)).to_be_in_viewport()
    shot(page, "api-docs-1280", full_page=False)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/api/v1/docs/")
    assert not has_horizontal_scroll(page)
    shot(page, "api-docs-390", full_page=False)
    page.get_by_role("link", name="POST /api/v1/contacts/").click()
    shot(page, "api-docs-post-contacts-390", full_page=False)


def test_a_token_is_made_shown_once_and_revoked(page, sign_in, staff_user):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(staff_user)
    page.goto("/accounts/api-tokens/")
    page.get_by_label("Name").fill("regional sync")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Make the token").click()
    token = page.locator(".token-value").inner_text()
    assert token.startswith("trk_")
    shot(page, "api-token-made-390")
    assert not has_horizontal_scroll(page)

    page.goto("/accounts/api-tokens/")
    expect(page.locator(".token-value")).to_have_count(0)
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text(re.compile("no longer works"))).to_be_visible()
    expect(page.get_by_text(re.compile("Revoked on"))).to_be_visible()
