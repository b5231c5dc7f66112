"""Pages that lead to one another: a contact's section, member, people and strategy are links;
the contact rows of section and member pages open their contact; "Log a contact" there opens
the form with that section or member chosen, for roles that may log contacts."""

import pytest
from django.urls import reverse

from tests.factories import ContactFactory, PersonFactory, SectionFactory, StrategyFactory

CREATE_URL = reverse("campaigns:contact-create")


def test_contact_page_links_section_member_people_and_strategy_for_staff(
    client_for, staff_user, member_a
):
    person = PersonFactory(name="Ana Focal", member=member_a)
    strategy = StrategyFactory()
    contact = ContactFactory(member=member_a, strategy=strategy)
    contact.people.add(person)

    html = client_for(staff_user).get(reverse("campaigns:contact-detail", args=[contact.pk]))
    html = html.content.decode()

    assert f'href="{reverse("sections:detail", args=[contact.section_id])}"' in html
    assert f'href="{reverse("members:detail", args=[member_a.pk])}"' in html
    assert f'href="{reverse("members:person-detail", args=[person.pk])}"' in html
    assert f'href="{reverse("campaigns:contact-list")}?strategy={strategy.pk}"' in html


def test_focal_point_follows_section_and_member_links_but_sees_no_people(
    client_for, focal_point, member_a
):
    contact = ContactFactory(member=member_a)
    contact.people.add(PersonFactory(name="Ana Focal", member=member_a))
    client = client_for(focal_point)

    html = client.get(reverse("campaigns:contact-detail", args=[contact.pk])).content.decode()

    assert "members/people/" not in html
    assert "Ana Focal" not in html
    for url in (
        reverse("sections:detail", args=[contact.section_id]),
        reverse("members:detail", args=[member_a.pk]),
    ):
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", ["sections:detail", "members:detail"])
def test_each_history_row_opens_its_contact(client_for, staff_user, member_a, page):
    contact = ContactFactory(member=member_a)
    pk = contact.section_id if page == "sections:detail" else member_a.pk

    html = client_for(staff_user).get(reverse(page, args=[pk])).content.decode()

    detail = reverse("campaigns:contact-detail", args=[contact.pk])
    assert f'<a class="row-link" href="{detail}">' in html


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("staff", True), ("focal_point", True), ("admin", True), ("viewer", False)],
)
def test_log_a_contact_on_section_and_member_pages_for_loggers_only(
    client_for, personas, member_a, persona, shown
):
    section = SectionFactory()
    client = client_for(personas[persona])

    section_html = client.get(reverse("sections:detail", args=[section.pk])).content.decode()
    member_html = client.get(reverse("members:detail", args=[member_a.pk])).content.decode()

    assert (f'href="{CREATE_URL}?section={section.pk}"' in section_html) is shown
    assert (f'href="{CREATE_URL}?member={member_a.pk}"' in member_html) is shown


def test_focal_point_prefills_a_section_and_its_own_organisation_only(
    client_for, focal_point, member_a, member_b
):
    section = SectionFactory()
    client = client_for(focal_point)

    own = client.get(CREATE_URL, {"section": section.pk, "member": member_a.pk})
    other = client.get(CREATE_URL, {"member": member_b.pk})

    assert own.context["form"]["section"].value() == section.pk
    assert own.context["form"]["member"].value() == member_a.pk
    assert other.status_code == 200
    assert other.context["form"]["member"].value() == member_a.pk
    assert member_b.name not in other.content.decode()


def test_a_prefill_naming_nothing_is_ignored(client_for, staff_user):
    response = client_for(staff_user).get(CREATE_URL, {"section": 999999, "member": 999999})

    assert response.status_code == 200
    assert response.context["form"]["section"].value() is None
    assert response.context["form"]["member"].value() is None
