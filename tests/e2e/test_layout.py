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


def test_a_3000_character_word_wraps_on_the_contact_page_and_the_report(page, sign_in, staff_user):
    """A pasted address or a long unbroken string wraps instead of widening the page."""
    from tests.factories import ContactFactory

    word = "x" * 3000
    contact = ContactFactory(summary=word, outcome="https://example.org/" + word, follow_up=word)
    sign_in(staff_user)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        for path in (f"/contacts/{contact.pk}/", f"/sections/{contact.section_id}/report/"):
            page.goto(path)
            shot(page, f"long-word-{width}{path.replace('/', '-')}")
            assert not has_horizontal_scroll(page), path
