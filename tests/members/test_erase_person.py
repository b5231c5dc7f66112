"""Right to erasure: after ``erase_person`` no row of any table, history included, holds the
person's name, email or phone, and the contacts keep their non-personal facts."""

import datetime

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import AuditEvent
from members.models import Person
from tests.factories import ContactFactory, PersonFactory

NAME, EMAIL, PHONE = "Zofia Kowalska", "zofia.k@example.org", "+48 600 100 200"
OLD_NAME = "Zofia K-Nowak"


def rows_mentioning(*values: str) -> list[str]:
    """Every row of every model whose text (any column) contains one of the values."""
    found = []
    lowered = [v.lower() for v in values]
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for row in model._base_manager.values():
            text = " ".join(str(v) for v in row.values()).lower()
            if any(v in text for v in lowered):
                found.append(f"{model._meta.label}: {row}")
    return found


@pytest.fixture
def person(member_a, admin_user, client):
    person = PersonFactory(
        member=member_a, name=OLD_NAME, email=EMAIL, phone=PHONE, role="Coordinator"
    )
    person.notes = "Prefers Signal."
    person.name = NAME
    person.save()
    # An admin edit leaves the name in the admin's change log too.
    client.force_login(admin_user)
    edited = client.post(
        reverse("admin:members_person_change", args=[person.pk]),
        {"name": NAME, "member": member_a.pk, "email": EMAIL, "phone": PHONE, "role": "Lead"},
    )
    assert edited.status_code == 302
    return person


def test_erasure_leaves_no_trace_of_name_email_or_phone(person, member_a):
    contact = ContactFactory(
        member=member_a,
        date=datetime.date(2015, 9, 3),
        summary=f"Met {NAME} at the AGM; reach her on {PHONE}.",
        outcome="Agreed to a workshop.",
        notes=f"Write to {EMAIL}",
    )
    contact.people.add(person)
    colleague = PersonFactory(member=member_a, notes=f"Works with {NAME.upper()}.")
    before = rows_mentioning(NAME, EMAIL, PHONE, OLD_NAME)
    assert any(row.startswith("admin.LogEntry") for row in before)
    assert any(row.startswith("members.HistoricalPerson") for row in before)

    call_command("erase_person", person.pk, "--noinput")

    assert rows_mentioning(NAME, EMAIL, PHONE, OLD_NAME) == []
    person.refresh_from_db()
    assert person.name == f"Erased person #{person.pk}"
    assert (person.email, person.phone, person.notes, person.role) == ("", "", "", "")
    assert all(v.name == person.name for v in person.history.all())
    contact.refresh_from_db()
    assert contact.summary == "Met [erased] at the AGM; reach her on [erased]."
    assert contact.outcome == "Agreed to a workshop."
    assert (contact.date, contact.member, contact.channel) == (
        datetime.date(2015, 9, 3),
        member_a,
        "meeting",
    )
    assert list(contact.people.all()) == [person]
    colleague.refresh_from_db()
    assert colleague.notes == "Works with [erased]."
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSON_ERASED)
    assert event.detail["person"] == person.pk


def test_erasure_replaces_whole_words_only(member_a):
    ann = PersonFactory(member=member_a, name="Ann", email="")
    contact = ContactFactory(member=member_a, summary="Annual meeting with Ann and Joanna.")
    call_command("erase_person", ann.pk, "--noinput")
    contact.refresh_from_db()
    assert contact.summary == "Annual meeting with [erased] and Joanna."


def test_an_unknown_person_is_an_error_and_nothing_changes(person):
    with pytest.raises(CommandError, match="No person with id 999999"):
        call_command("erase_person", 999999, "--noinput")
    assert Person.objects.get(pk=person.pk).name == NAME


def test_erasure_asks_for_confirmation(person, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing erased"):
        call_command("erase_person", person.pk)
    assert Person.objects.get(pk=person.pk).name == NAME
