"""An admin adds a colleague on the People page in the browser, at a phone's and a laptop's
width: the page fits the screen and the new colleague is listed."""

import pytest

from tests.e2e import field_label, has_horizontal_scroll, shot


@pytest.mark.parametrize("width", [390, 1280])
def test_an_admin_adds_a_colleague_and_sees_them_listed(
    page, sign_in, browser_guard, admin_user, member_a, width
):
    # The refused form answers 400, which the browser reports on its console.
    browser_guard.allow_console_error("status of 400")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(admin_user)
    page.get_by_role("link", name="People", exact=True).click()
    page.wait_for_url("**/accounts/people/")
    shot(page, "list")
    assert not has_horizontal_scroll(page)

    page.get_by_role("link", name="Add a colleague").click()
    page.get_by_label(field_label("Name")).fill("Ana Lima")
    page.get_by_label(field_label("Email")).fill("ana.lima@example.org")
    page.get_by_label(field_label("Role")).select_option("focal-point")
    page.get_by_role("button", name="Add and send the email").click()
    assert page.locator("#id_member_error").is_visible()
    shot(page, "focal-point-without-member")
    assert not has_horizontal_scroll(page)

    page.get_by_label(field_label("Member organisation")).select_option(label="Member A")
    page.get_by_role("button", name="Add and send the email").click()
    page.wait_for_url("**/accounts/people/*/")
    assert "was emailed to ana.lima@example.org" in page.locator(".messages").inner_text()
    shot(page, "person")
    assert not has_horizontal_scroll(page)

    page.get_by_role("link", name="Back to People").click()
    row = page.get_by_role("row").filter(has_text="Ana Lima")
    assert "Member A" in row.inner_text()
    shot(page, "list-with-colleague")
