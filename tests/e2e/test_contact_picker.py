"""The search-as-you-type pickers in a real browser: keyboard only, from typing to saving;
the people choices following the section and member picked."""

from campaigns.models import Contact
from tests.factories import MemberFactory, PersonFactory, SectionFactory


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


def test_people_choices_follow_the_section_and_member_picked(page, sign_in, staff_user):
    sweden = SectionFactory(name="AI Sweden", country="SE")
    SectionFactory(name="AI Norway", country="NO")
    rose = MemberFactory(name="Rose Alliance", country="SE")
    PersonFactory(name="Sara Section", section=sweden, member=None)
    PersonFactory(name="Rita Rose", member=rose)
    PersonFactory(name="Olle Other")
    sign_in(staff_user)

    page.goto("/contacts/new/")
    assert page.locator("#id_people_choices").inner_text().count("Nobody to choose yet.") == 1
    page.focus("#id_section")
    page.keyboard.type("swed")
    page.wait_for_selector("#id_section[aria-expanded=true]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_people_choices label:has-text('Sara Section')")
    page.focus("#id_member")
    page.keyboard.type("rose")
    page.wait_for_selector("#id_member[aria-expanded=true]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_people_choices label:has-text('Rita Rose')")

    assert "Olle Other" not in page.locator("#id_people_choices").inner_text()
    page.check("#id_people_choices label:has-text('Rita Rose') input")
    page.select_option("#id_channel", "email")
    page.fill("#id_summary", "Met both.")
    page.click("button[name=save]")
    page.wait_for_selector(".messages")

    contact = Contact.objects.get()
    assert [p.name for p in contact.people.all()] == ["Rita Rose"]
