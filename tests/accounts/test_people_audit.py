"""Every page that shows people, the Django admin's included, logs who saw which person ids
(and nothing else about them: the audit log holds no personal data)."""

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.people_audit import PeopleAuditAdminMixin
from members.models import Person
from tests import factories


@pytest.fixture
def people(member_a, member_b):
    first = factories.PersonFactory(member=member_a, name="Ada Quill", email="ada@example.org")
    second = factories.PersonFactory(member=member_a, name="Bea Stone")
    elsewhere = factories.PersonFactory(member=member_b, name="Cy Rowe")
    section = factories.SectionFactory(country="NO", name="AI Norway")
    contact = factories.ContactFactory(member=member_a, section=section)
    contact.people.add(first, elsewhere)
    return {
        "first": first,
        "second": second,
        "elsewhere": elsewhere,
        "contact": contact,
        "section": section,
    }


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


def seen(user) -> list[dict]:
    return [
        event.detail
        for event in AuditEvent.objects.filter(
            kind=AuditEvent.Kind.PERSON_VIEWED, user=user
        ).order_by("pk")
    ]


def opened(client, user, url, **params) -> set[int]:
    """Open the page; the person ids logged by that one request."""
    before = AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSON_VIEWED).count()
    response = client.get(url, params)
    assert response.status_code == 200, url
    events = seen(user)[before:]
    assert len(events) <= 1, "one event per page"
    for detail in events:
        assert set(detail) == {"person_ids", "page"}
        assert all(isinstance(pk, int) for pk in detail["person_ids"])
    return set(events[0]["person_ids"]) if events else set()


def ids(*persons) -> set[int]:
    return {person.pk for person in persons}


def test_the_person_admin_pages_log_the_people_they_show(admin_client_, admin_user, people):
    first, second, elsewhere = people["first"], people["second"], people["elsewhere"]
    change = reverse("admin:members_person_change", args=[first.pk])
    history = reverse("admin:members_person_history", args=[first.pk])
    version = reverse(
        "admin:members_person_simple_history",
        args=[first.pk, first.history.earliest().history_id],
    )
    delete = reverse("admin:members_person_delete", args=[first.pk])
    changelist = reverse("admin:members_person_changelist")

    assert opened(admin_client_, admin_user, changelist) == ids(first, second, elsewhere)
    assert opened(admin_client_, admin_user, changelist, q="Bea") == ids(second)
    assert opened(admin_client_, admin_user, change) == ids(first)
    assert opened(admin_client_, admin_user, history) == ids(first)
    assert opened(admin_client_, admin_user, version) == ids(first)
    assert opened(admin_client_, admin_user, delete) == ids(first)


def test_member_and_contact_pages_log_the_people_they_show(admin_client_, admin_user, people):
    first, second, elsewhere = people["first"], people["second"], people["elsewhere"]
    member = first.member
    member_change = reverse("admin:members_memberorganisation_change", args=[member.pk])
    member_delete = reverse("admin:members_memberorganisation_delete", args=[member.pk])
    contact_change = reverse("admin:campaigns_contact_change", args=[people["contact"].pk])

    assert opened(admin_client_, admin_user, member_change) == ids(first, second)  # inline
    assert opened(admin_client_, admin_user, member_delete) == ids(first, second)  # protected
    assert opened(admin_client_, admin_user, contact_change) == ids(first, elsewhere)


def test_the_people_picker_logs_the_people_it_offers(admin_client_, admin_user, people):
    shown = opened(
        admin_client_,
        admin_user,
        reverse("admin:autocomplete"),
        app_label="campaigns",
        model_name="contact",
        field_name="people",
        term="Ro",
    )
    assert shown == ids(people["elsewhere"])


def test_the_admin_home_logs_the_people_in_recent_actions(admin_client_, admin_user, people):
    LogEntry.objects.log_actions(
        user_id=admin_user.pk,
        queryset=[people["second"]],
        action_flag=CHANGE,
        change_message="",
        single_object=True,
    )
    assert opened(admin_client_, admin_user, reverse("admin:index")) == ids(people["second"])
    assert ContentType.objects.get_for_model(Person)  # the entry above is a person's


def test_pages_without_people_log_nothing(admin_client_, admin_user, people):
    section = reverse("admin:sections_section_change", args=[people["section"].pk])
    assert opened(admin_client_, admin_user, section) == set()
    assert opened(admin_client_, admin_user, reverse("admin:sections_section_changelist")) == set()


def test_the_person_page_uses_the_same_record(client, staff_user, people):
    client.force_login(staff_user)
    shown = opened(client, staff_user, reverse("members:person-detail", args=[people["first"].pk]))
    assert shown == ids(people["first"])


def test_the_log_holds_ids_and_never_names(admin_client_, admin_user, people):
    admin_client_.get(reverse("admin:members_person_changelist"))
    admin_client_.get(reverse("admin:members_person_change", args=[people["first"].pk]))
    for row in AuditEvent.objects.values():
        for value in ("Ada", "Bea", "Cy Rowe", "ada@example.org"):
            assert value not in str(row)


def test_every_registered_admin_logs_the_people_it_shows():
    """The admin site adds the record to every ModelAdmin, those of other apps included."""
    missing = [
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, PeopleAuditAdminMixin)
    ]
    assert not missing


@pytest.mark.parametrize("page", ["members:detail", "sections:detail", "campaigns:contact-detail"])
def test_the_apps_pages_that_list_people_record_who_saw_them(client_for, staff_user, page):
    member = factories.MemberFactory()
    section = factories.SectionFactory()
    ana = factories.PersonFactory(name="Ana", member=member)
    ben = factories.PersonFactory(name="Ben", section=section, member=None)
    contact = factories.ContactFactory(member=member, section=section)
    contact.people.add(ana, ben)
    shown = {
        "members:detail": ([member.pk], [ana.pk]),
        "sections:detail": ([section.pk], [ben.pk]),
        "campaigns:contact-detail": ([contact.pk], [ana.pk, ben.pk]),
    }
    args, person_ids = shown[page]

    response = client_for(staff_user).get(reverse(page, args=args))

    assert response.status_code == 200
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSON_VIEWED)
    assert event.detail == {"person_ids": sorted(person_ids), "page": page}
