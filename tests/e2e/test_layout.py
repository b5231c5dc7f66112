"""The layout fits a 390 px phone: nothing wider than the screen, so nothing scrolls sideways."""

from tests.e2e import has_horizontal_scroll, shot

PHONE = {"width": 390, "height": 844}


def test_login_page_has_no_horizontal_scroll_at_390px(page):
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    shot(page, "login-390")
    assert not has_horizontal_scroll(page)


def test_dashboard_has_no_horizontal_scroll_at_390px(page, sign_in, staff_user):
    page.set_viewport_size(PHONE)
    sign_in(staff_user)
    page.goto("/")
    shot(page, "dashboard-390")
    assert not has_horizontal_scroll(page)
