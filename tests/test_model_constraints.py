"""Bad data is refused with a message naming the field, by full_clean() and by the database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaigns.models import Contact
from tests.factories import ContactFactory, SectionFactory


@pytest.fixture
def contact(db):
    return ContactFactory(date=datetime.date(2015, 9, 1))


def test_follow_up_before_contact_date_is_refused_by_full_clean(contact):
    contact.follow_up_date = datetime.date(2015, 8, 31)
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "follow_up_date" in error.value.message_dict
    assert "before the contact date" in error.value.message_dict["follow_up_date"][0]


def test_follow_up_before_contact_date_is_refused_by_the_database(contact):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(follow_up_date=datetime.date(2015, 1, 1))
    contact.refresh_from_db()
    assert contact.follow_up_date is None


def test_negative_hours_are_refused(contact):
    contact.hours = Decimal("-1")
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "hours" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(hours=Decimal("-1"))


def test_negative_participants_are_refused(contact):
    contact.participants = -3
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "participants" in error.value.message_dict


def test_a_contact_needs_a_date_a_section_and_a_member(db):
    with pytest.raises(ValidationError) as error:
        Contact(summary="x", formality="formal", channel="email").full_clean()
    assert {"date", "section", "member"} <= set(error.value.message_dict)


def test_a_second_section_in_the_same_country_is_refused(db):
    SectionFactory(name="AI Norway", country="NO")
    duplicate = SectionFactory.build(name="Amnesty Norway", country="NO")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "country" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
