"""The search-as-you-type pickers in a real browser: keyboard only, from typing to saving."""

from campaigns.models import Contact
from tests.factories import MemberFactory, SectionFactory


def test_staff_logs_a_contact_with_the_keyboard_through_the_pickers(page, sign_in, staff_user):
    sweden = SectionFactory(name="AI Sweden", country="SE")
    SectionFactory(name="AI Norway", country="NO")
    rose = MemberFactory(name="Rose Alliance", country="SE")
    sign_in(staff_user)

    page.goto("/contacts/new/")
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


def test_escape_closes_the_list_and_half_typed_text_is_not_kept(page, sign_in, staff_user):
    SectionFactory(name="AI Sweden", country="SE")
    sign_in(staff_user)

    page.goto("/contacts/new/")
    page.focus("#id_section")
    page.keyboard.type("swe")
    page.wait_for_selector("#id_section[aria-expanded=true]")
    page.keyboard.press("Escape")
    expanded = page.get_attribute("#id_section", "aria-expanded")
    page.focus("#id_summary")

    assert expanded == "false"
    assert page.input_value("#id_section") == ""
    assert page.eval_on_selector("#id_section-select", "select => select.value") == ""
