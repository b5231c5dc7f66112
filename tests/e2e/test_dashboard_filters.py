"""The dashboard's filters in a real browser: the contact list's form with its pickers, from
typing a section's name to narrower numbers, on a phone and on a desktop."""

from urllib.parse import parse_qs, urlsplit

from tests.e2e import has_horizontal_scroll, shot
from tests.factories import ContactFactory, MemberFactory, SectionFactory

PHONE = {"width": 390, "height": 844}


def _contacts_shown(page) -> str:
    return page.locator("[data-kpi=contacts]").inner_text().strip()


def test_staff_picks_a_section_on_the_dashboard_and_the_numbers_narrow(page, sign_in, staff_user):
    sweden = SectionFactory(name="AI Sweden", country="SE")
    norway = SectionFactory(name="AI Norway", country="NO")
    for section in (sweden, norway, norway):
        ContactFactory(section=section)
    sign_in(staff_user)

    page.goto("/")
    assert _contacts_shown(page) == "3"
    page.get_by_text("More filters", exact=True).click()
    page.focus("#filter-section")
    page.keyboard.type("swed")
    page.wait_for_selector("#filter-section[aria-expanded=true]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    shot(page, "section-picked")
    page.locator(".contact-filters .actions button[type=submit]").click()
    page.wait_for_url(lambda url: "section=" in url)

    assert parse_qs(urlsplit(page.url).query) == {"section": [str(sweden.pk)]}
    assert _contacts_shown(page) == "1"
    assert page.locator(".contact-filters .chips li").inner_text().startswith("AI Sweden")
    shot(page, "narrowed")


def test_the_open_filters_fit_a_phone_and_a_desktop(page, sign_in, staff_user):
    """With filters in effect (and so the form open), a long chosen name included."""
    section = SectionFactory(name="AI Sweden", country="SE")
    member = MemberFactory(name="Sex Workers' Rights Advocacy Network of Central Eastern Europe")
    ContactFactory(section=section, member=member)
    sign_in(staff_user)

    for width, height in ((PHONE["width"], PHONE["height"]), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/?section={section.pk}&member={member.pk}&stack=initiated_by")
        assert page.locator(".contact-filters details").get_attribute("open") is not None
        shot(page, f"filters-open-{width}")
        assert not has_horizontal_scroll(page), width
