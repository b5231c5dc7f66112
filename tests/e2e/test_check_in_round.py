"""A focal point answers a check-in round for its organisation in Chromium: the contacts it
reports appear in its contact list and on the dashboard, and the round's progress counts the
answer; another member's focal point gets 404 for the same invitation."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from campaigns.models import Contact
from campaigns.round_selectors import check_in_round_progress
from campaigns.round_services import check_in_round_open
from core.regions import Region
from tests.e2e import shot
from tests.e2e.test_job_flows import headline_contacts
from tests.factories import MemberFactory, SectionFactory, UserFactory

SUMMARY = "The section invited us to speak at its AGM"


def test_focal_point_answers_a_round_and_the_contacts_count_everywhere(
    page, sign_in, browser_guard, focal_point, member_a
):
    SectionFactory(name="AI Poland", country="PL", region=Region.EUROPE)
    member_b = MemberFactory(name="Member B", country="NG", region=Region.AFRICA)
    other = UserFactory(username="focal-b", role=Role.FOCAL_POINT, member=member_b)
    round_ = check_in_round_open(
        opened_by=None,
        since=datetime.date(2015, 8, 11),
        closes_on=timezone.localdate() + datetime.timedelta(days=28),
        members=[member_a, member_b],
    )
    check_in = round_.check_ins.get(member=member_a)
    url = f"/check-ins/{check_in.pk}/respond/"

    sign_in(focal_point)
    page.goto(url)
    expect(page.get_by_role("heading", name="Answer the check-in")).to_be_visible()
    page.get_by_label("Yes: the contacts are below").check()
    row = page.locator("fieldset.reported-contact").first
    expect(row.locator('[name="contacts-0-section"] option:checked')).to_have_text("AI Poland")
    row.locator('[name="contacts-0-date_precision"]').select_option("month")
    row.locator('[name="contacts-0-date"]').fill("2015-09-01")
    row.locator('[name="contacts-0-channel"]').select_option("presentation")
    row.locator('[name="contacts-0-initiated_by"]').select_option("section")
    row.locator('[name="contacts-0-summary"]').fill(SUMMARY)
    row.locator('[name="contacts-0-outcome"]').fill("They changed their vote")
    row.locator('[name="contacts-0-hours"]').fill("4")
    row.locator('[name="contacts-0-hours_paid"]').select_option("false")
    shot(page, "answer-filled")
    page.get_by_role("button", name="Send the answer").click()

    expect(page.get_by_text("Thank you: your answer is recorded.")).to_be_visible()
    expect(page.locator("[data-reported-contacts]")).to_contain_text("AI Poland")
    shot(page, "answered")
    contact = Contact.objects.get(check_in=check_in)
    assert contact.logged_by == focal_point

    page.goto("/contacts/")
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    page.goto("/")
    assert headline_contacts(page) == 1

    progress = check_in_round_progress(round_=round_)
    assert progress["total"]["contacted"] == 1
    assert progress["total"]["no_answer"] == 1

    page.get_by_role("button", name="Sign out").click()
    sign_in(other)
    browser_guard.allow_console_error(r"status of 404")
    assert page.goto(url).status == 404
