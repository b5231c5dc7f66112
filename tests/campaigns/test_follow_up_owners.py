"""Follow-ups with an owner: the secretariat assigns one in the contact form, a focal point's
follow-ups are its own, and the follow-ups page shows one owner's ("My follow-ups")."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import Contact
from campaigns.services import contact_create
from tests.factories import ContactFactory, SectionFactory

URL = reverse("campaigns:follow-ups")
SOON = datetime.date(2015, 10, 1)


def listed(response):
    return [contact.pk for contact in response.context["contacts"]]


def form_data(section, member, **fields):
    return {
        "date_precision": "day",
        "date": "2015-09-01",
        "section": section.pk,
        "member": member.pk,
        "initiated_by": "section",
        "channel": "meeting",
        "summary": "Met the section",
        "follow_up": "Send the guide",
        "follow_up_date": "2015-10-01",
        **fields,
    }


def test_secretariat_assigns_a_follow_up_owner(client_for, staff_user, focal_point, member_a):
    section = SectionFactory()
    response = client_for(staff_user).post(
        reverse("campaigns:contact-create"),
        form_data(section, member_a, follow_up_owner=focal_point.pk),
    )
    assert response.status_code == 302
    assert Contact.objects.get().follow_up_owner == focal_point


def test_owner_must_be_able_to_open_the_contact(
    client_for, staff_user, other_focal_point, member_a
):
    section = SectionFactory()
    response = client_for(staff_user).post(
        reverse("campaigns:contact-create"),
        form_data(section, member_a, follow_up_owner=other_focal_point.pk),
    )
    assert response.status_code == 200
    assert "The owner must be able to open the contact" in str(
        response.context["form"].errors["follow_up_owner"]
    )
    assert not Contact.objects.exists()


def test_focal_points_follow_ups_are_its_own(client_for, focal_point, member_a):
    section = SectionFactory()
    client = client_for(focal_point)
    form = client.get(reverse("campaigns:contact-create")).context["form"]
    assert "follow_up_owner" not in form.fields

    client.post(reverse("campaigns:contact-create"), form_data(section, member_a))
    assert Contact.objects.get().follow_up_owner == focal_point


def test_contact_without_a_follow_up_has_no_owner(focal_point, member_a):
    contact = contact_create(
        user=focal_point,
        section=SectionFactory(),
        member=member_a,
        date=datetime.date(2015, 9, 1),
        channel="email",
        summary="x",
    )
    assert contact.follow_up_owner is None


def test_my_follow_ups_shows_only_mine(client_for, staff_user, admin_user, member_a):
    mine = ContactFactory(member=member_a, follow_up="Call", follow_up_owner=staff_user)
    theirs = ContactFactory(member=member_a, follow_up="Write", follow_up_owner=admin_user)
    nobodys = ContactFactory(member=member_a, follow_up="Visit")
    client = client_for(staff_user)

    assert set(listed(client.get(URL))) == {mine.pk, theirs.pk, nobodys.pk}
    response = client.get(URL, {"owner": "me"})
    assert listed(response) == [mine.pk]
    assert "My follow-ups" in response.content.decode()
    assert listed(client.get(URL, {"owner": admin_user.pk})) == [theirs.pk]


def test_focal_point_filters_its_own_organisations_follow_ups(
    client_for, focal_point, member_a, member_b
):
    mine = ContactFactory(member=member_a, follow_up="Call", follow_up_owner=focal_point)
    ContactFactory(member=member_a, follow_up="Write")
    ContactFactory(member=member_b, follow_up="Other organisation")
    assert listed(client_for(focal_point).get(URL, {"owner": "me"})) == [mine.pk]


@pytest.mark.parametrize("value", ["someone", "-1", "me,you"])
def test_bad_owner_is_a_400_naming_the_parameter(client_for, staff_user, value):
    ContactFactory(follow_up="Call")
    response = client_for(staff_user).get(URL, {"owner": value})
    assert response.status_code == 400
    assert "owner: give “me” or a user" in response.content.decode()
    assert listed(response) == []
