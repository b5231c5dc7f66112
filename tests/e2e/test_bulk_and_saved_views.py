"""Saved views and bulk actions in Chromium, without a line of the page's JavaScript needed:
the rows' checkboxes belong to the bulk form through their ``form`` attribute.

Contracts with the page: each row's checkbox is labelled "Choose the contact of …"; the bulk
form's action select is labelled "With the chosen contacts:" and its button reads "Review…";
the saved views' form is labelled "Save these filters as…".
"""

from playwright.sync_api import expect

from campaigns.models import Contact
from tests.e2e import shot
from tests.factories import ContactFactory


def test_staff_marks_two_follow_ups_done_after_the_confirmation(page, sign_in, staff_user):
    chosen = ContactFactory.create_batch(2, follow_up="Send the report")
    left = ContactFactory(follow_up="Call back")
    sign_in(staff_user)

    page.goto("/contacts/")
    for contact in chosen:
        page.locator(f"#bulk-contact-{contact.pk}").check()
    page.get_by_label("With the chosen contacts:").select_option("follow-up-done")
    page.get_by_role("button", name="Review…").click()
    expect(page.get_by_role("heading", name="Mark follow-ups done")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(2)
    shot(page, "bulk confirmation")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_text("2 contacts changed.")).to_be_visible()
    assert Contact.objects.filter(follow_up_done_on__isnull=False).count() == 2
    left.refresh_from_db()
    assert left.follow_up_done_on is None


def test_focal_point_saves_the_filters_and_opens_them_again(page, sign_in, focal_point, member_a):
    ContactFactory(member=member_a, channel="email", summary="By email")
    ContactFactory(member=member_a, channel="call", summary="By phone")
    sign_in(focal_point)

    page.goto("/contacts/?channel=email")
    page.get_by_label("Save these filters as…").fill("Emails")
    page.get_by_role("button", name="Save", exact=True).click()
    page.goto("/contacts/")
    expect(page.get_by_text("By phone")).to_be_visible()
    page.get_by_role("link", name="Emails", exact=True).click()

    expect(page.get_by_text("By email")).to_be_visible()
    expect(page.get_by_text("By phone")).to_have_count(0)
    shot(page, "saved view opened")
