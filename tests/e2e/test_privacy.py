"""What a viewer's browser receives: numbers, never a withheld member's name."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from core.regions import Region
from tests.e2e import reachable_texts, shot
from tests.factories import ContactFactory, MemberFactory, PersonFactory, SectionFactory

WITHHELD_NAME = "Lagos Night Workers Collective"


@pytest.fixture
def withheld_member(transactional_db):
    member = MemberFactory(
        name=WITHHELD_NAME, name_public=False, country="NG", region=Region.AFRICA
    )
    section = SectionFactory(name="AI Nigeria", country="NG", region=Region.AFRICA)
    contact = ContactFactory(section=section, member=member, summary="Meeting on the policy")
    contact.people.add(PersonFactory(name="Adaeze Okafor", member=member))
    return member


@pytest.mark.parametrize("path", ["/members/", "/"])
def test_viewer_sees_no_withheld_member_name(page, sign_in, viewer, withheld_member, path):
    sign_in(viewer)
    page.goto(path)
    expect(page.locator(".role-badge")).to_have_text(str(Role.VIEWER.label))
    shot(page, "viewer")
    assert WITHHELD_NAME not in page.locator("body").inner_text()
    assert WITHHELD_NAME not in page.content()


def test_no_page_a_viewer_can_reach_names_a_withheld_member_or_a_person(
    page, sign_in, viewer, withheld_member
):
    sign_in(viewer)
    texts = reachable_texts(page, ["/", "/members/", "/sections/", "/contacts/"])
    assert len(texts) >= 4
    for secret in (WITHHELD_NAME, "Adaeze Okafor"):
        assert [url for url, text in texts.items() if secret in text] == []
