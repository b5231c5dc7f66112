"""The contact list in a real browser: a click anywhere on a row opens its contact, the row's
link is reached with the keyboard, and a column header sorts the list."""

import datetime

from tests.factories import ContactFactory, SectionFactory


def test_a_click_on_a_row_or_enter_on_its_link_opens_the_contact(page, sign_in, staff_user):
    contact = ContactFactory(summary="Met about the resolution")
    sign_in(staff_user)

    page.goto("/contacts/")
    # The summary cell lies under the row's stretched link: a click there is the link's.
    box = page.locator("td.summary").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**/contacts/{contact.pk}/")

    page.goto("/contacts/")
    page.focus("a.row-link")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/contacts/{contact.pk}/")


def test_a_column_header_sorts_and_reverses_the_list(page, sign_in, staff_user):
    ContactFactory(section=SectionFactory(name="AI Zambia", country="ZM"))
    ContactFactory(
        section=SectionFactory(name="AI Austria", country="AT"), date=datetime.date(2014, 1, 1)
    )
    sign_in(staff_user)

    page.goto("/contacts/")
    page.click("th a:has-text('Section')")
    page.wait_for_url("**/contacts/?sort=section")
    first = page.locator("tbody tr").first.inner_text()
    page.click("th[aria-sort=ascending] a")
    page.wait_for_url("**/contacts/?sort=-section")

    assert "AI Austria" in first
    assert "AI Zambia" in page.locator("tbody tr").first.inner_text()
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Section")
