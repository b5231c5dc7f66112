"""The person page: the secretariat only, and every opening is in the audit log."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from tests.factories import ContactFactory, PersonFactory, SectionFactory


@pytest.fixture
def person(db, member_a):
    person = PersonFactory(
        member=member_a, name="Agata Focal", role="Coordinator", phone="+48 600 000 000"
    )
    contact = ContactFactory(member=member_a, section=SectionFactory(name="AI Poland"))
    contact.people.add(person)
    return person


def url(person):
    return reverse("members:person-detail", args=[person.pk])


@pytest.mark.parametrize("persona", ["admin", "staff"])
def test_secretariat_opens_a_person_and_the_opening_is_logged(
    personas, client_for, person, persona
):
    user = personas[persona]
    response = client_for(user).get(url(person))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Agata Focal" in html
    assert "+48 600 000 000" in html
    assert "AI Poland" in html
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSON_VIEWED)
    assert event.user == user
    assert event.detail == {"person_ids": [person.pk], "page": "members:person-detail"}
    assert "Agata" not in str(event.detail)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("focal_point", 403), ("viewer", 403), ("no_role", 302), ("anonymous", 302)],
)
def test_nobody_else_opens_a_person_and_nothing_is_logged(
    personas, client_for, person, persona, status
):
    response = client_for(personas[persona]).get(url(person))

    assert response.status_code == status
    assert "Agata Focal" not in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSON_VIEWED).exists()


def test_unknown_person_is_404_and_not_logged(client_for, staff_user, db):
    response = client_for(staff_user).get(reverse("members:person-detail", args=[999]))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSON_VIEWED).exists()
