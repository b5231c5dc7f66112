"""The contact services: atomic writes, optimistic locking, soft delete and history."""

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Contact
from campaigns.services import (
    ContactVersionConflict,
    contact_create,
    contact_delete,
    contact_update,
    follow_up_mark_done,
)
from tests.factories import ContactFactory, MemberFactory, SectionFactory


def test_create_records_who_logged_it_in_the_contact_and_its_history(staff_user):
    contact = contact_create(
        user=staff_user,
        date="2015-09-01",
        section=SectionFactory(),
        member=MemberFactory(),
        channel="email",
        summary="Wrote to the section",
        logged_by=None,
    )

    assert contact.logged_by == staff_user
    assert contact.history.get().history_user == staff_user


def test_create_refuses_invalid_values_and_saves_nothing(staff_user):
    with pytest.raises(ValidationError) as error:
        contact_create(
            user=staff_user,
            date="2015-09-01",
            section=SectionFactory(),
            member=MemberFactory(),
            channel="email",
            summary="Wrote",
            hours=-1,
        )

    assert "hours" in error.value.message_dict
    assert Contact.objects.count() == 0


def test_two_updates_from_the_same_version_keep_the_first(staff_user, admin_user):
    contact = ContactFactory(summary="Original")

    contact_update(contact=contact, user=admin_user, expected_version=1, summary="First")
    with pytest.raises(ContactVersionConflict) as conflict:
        contact_update(contact=contact, user=staff_user, expected_version=1, summary="Second")

    assert conflict.value.current.summary == "First"
    contact.refresh_from_db()
    assert contact.summary == "First"
    assert contact.version == 2
    assert contact.history.count() == 2


def test_invalid_update_rolls_back_the_version(staff_user):
    contact = ContactFactory()

    with pytest.raises(ValidationError):
        contact_update(contact=contact, user=staff_user, expected_version=1, hours=-3)

    contact.refresh_from_db()
    assert contact.version == 1
    assert contact.hours is None


def test_delete_is_soft_and_recorded(staff_user):
    contact = ContactFactory()

    contact_delete(contact=contact, user=staff_user)
    contact_delete(contact=contact, user=staff_user)

    stored = Contact.objects.get(pk=contact.pk)
    assert stored.deleted_at is not None
    assert not Contact.objects.visible_to(staff_user).filter(pk=contact.pk).exists()
    assert stored.history.count() == 2
    assert stored.history.first().history_user == staff_user


def test_follow_up_done_keeps_its_first_date(staff_user):
    contact = ContactFactory(follow_up="Call")

    first = follow_up_mark_done(contact=contact, user=staff_user).follow_up_done_on
    again = follow_up_mark_done(contact=contact, user=staff_user).follow_up_done_on

    assert first == again
    assert contact.history.count() == 2


def test_a_change_of_people_is_kept_in_the_history_without_their_names(client_for, staff_user):
    from django.urls import reverse

    from tests.factories import PersonFactory

    contact = ContactFactory()
    person = PersonFactory(member=contact.member, name="Ana Example")

    contact_update(contact=contact, user=staff_user, expected_version=1, people=[person])
    contact_update(contact=contact, user=staff_user, expected_version=2, people=[person])

    reasons = list(
        contact.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == [None, "People involved changed", None]
    assert list(contact.people.all()) == [person]
    page = client_for(staff_user).get(reverse("campaigns:contact-detail", args=[contact.pk]))
    assert "Edited; people involved changed" in page.content.decode()


def test_admin_restore_brings_a_deleted_contact_back_with_a_history_entry(
    client_for, admin_user, staff_user
):
    contact = contact_delete(contact=ContactFactory(), user=staff_user)
    version = contact.version

    response = client_for(admin_user).post(
        "/admin/campaigns/contact/",
        {"action": "restore", "_selected_action": [contact.pk]},
        follow=True,
    )

    contact.refresh_from_db()
    assert "1 contact restored." in response.content.decode()
    assert contact.deleted_at is None
    assert contact.version == version + 1
    latest = contact.history.latest("history_date")
    assert (latest.history_change_reason, latest.history_user) == ("Restored", admin_user)
    assert Contact.objects.visible_to(staff_user).filter(pk=contact.pk).exists()
