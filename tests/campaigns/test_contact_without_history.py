"""Contacts written by bulk paths (demo data, COPY, bulk_create) have no history rows; their
pages still open and say so."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns.models import Contact
from campaigns.services import contact_update
from tests.factories import MemberFactory, SectionFactory


def detail_url(contact: Contact) -> str:
    return reverse("campaigns:contact-detail", args=[contact.pk])


@pytest.fixture
def bulk_contact(db):
    (contact,) = Contact.objects.bulk_create(
        [
            Contact(
                date=datetime.date(2015, 9, 1),
                section=SectionFactory(),
                member=MemberFactory(),
                channel=Contact.Channel.EMAIL,
                summary="Written in bulk",
            )
        ]
    )
    assert not contact.history.exists()
    return contact


@pytest.mark.parametrize("persona", ["admin", "staff", "viewer"])
def test_a_contact_without_history_rows_opens_and_says_so(
    client_for, personas, bulk_contact, persona
):
    response = client_for(personas[persona]).get(detail_url(bulk_contact))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Written in bulk" in html
    assert "No change history was recorded for this contact." in html


def test_an_edit_of_a_contact_without_history_shows_as_the_first_entry(
    client_for, staff_user, bulk_contact
):
    contact_update(contact=bulk_contact, user=staff_user, expected_version=1, summary="Edited")

    response = client_for(staff_user).get(detail_url(bulk_contact))

    assert response.status_code == 200
    assert [entry.action for entry in response.context["history"]] == ["Edited"]


def test_every_demo_contact_page_opens(client_for, staff_user):
    call_command("generate_demo_data", members=3, sections=2, contacts=5, seed=1)
    client = client_for(staff_user)

    statuses = {client.get(detail_url(c)).status_code for c in Contact.objects.all()}

    assert statuses == {200}
