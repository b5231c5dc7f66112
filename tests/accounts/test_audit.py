"""The audit trail: who changed access, who edited records (history with the user), and the
admin's read-only, filterable view of the audit log."""

from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.roles import Role
from tests.factories import PersonFactory, UserFactory


def access_events():
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_CHANGED).order_by("pk")


def test_giving_and_removing_a_role_is_logged(db):
    user = UserFactory(username="newcomer")
    group = Group.objects.get(name=Role.STAFF.value)
    user.groups.add(group)
    user.groups.remove(group)
    details = [e.detail for e in access_events() if "groups" in e.detail]
    assert details == [
        {"account": "newcomer", "change": "groups added", "groups": ["secretariat staff"]},
        {"account": "newcomer", "change": "groups removed", "groups": ["secretariat staff"]},
    ]


def test_adding_users_from_the_group_side_is_logged(db):
    user = UserFactory(username="newcomer")
    Group.objects.get(name=Role.VIEWER.value).user_set.add(user)
    assert access_events().last().detail == {
        "account": "newcomer",
        "change": "groups added",
        "groups": ["viewer"],
    }


def test_widening_flags_and_disabling_are_logged(db):
    user = UserFactory(username="newcomer")
    user.is_superuser = True
    user.save()
    user.is_active = False
    user.save(update_fields=["is_active"])
    changes = [e.detail["changes"] for e in access_events() if "changes" in e.detail]
    assert changes == [{"is_superuser": [False, True]}, {"is_active": [True, False]}]


def test_signing_in_does_not_log_an_access_change(client, staff_user):
    before = access_events().count()
    client.force_login(staff_user)  # saves last_login only
    assert access_events().count() == before


def test_an_admin_edit_records_who_made_it_and_can_be_reverted(client, admin_user, member_a):
    person = PersonFactory(member=member_a, name="Original name", email="o@example.org")
    client.force_login(admin_user)
    form = {
        "name": "Changed name",
        "member": member_a.pk,
        "section": "",
        "role": "",
        "email": "o@example.org",
        "phone": "",
        "preferred_language": "",
        "notes": "",
        "source_note": "",
    }
    changed = client.post(reverse("admin:members_person_change", args=[person.pk]), form)
    assert changed.status_code == 302
    latest = person.history.latest()
    assert latest.name == "Changed name"
    assert latest.history_user == admin_user

    history_page = client.get(reverse("admin:members_person_history", args=[person.pk]))
    assert history_page.status_code == 200
    assert b"Original name" in history_page.content or b"Changed name" in history_page.content

    first = person.history.earliest()
    revert_url = reverse("admin:members_person_simple_history", args=[person.pk, first.pk])
    assert client.get(revert_url).status_code == 200
    reverted = client.post(revert_url, {**form, "name": "Original name"})
    assert reverted.status_code == 302
    person.refresh_from_db()
    assert person.name == "Original name"
    assert person.history.latest().history_user == admin_user


def test_the_admin_audit_log_filters_by_kind_and_searches_usernames(client, admin_user):
    AuditEvent.objects.create(kind=AuditEvent.Kind.SIGN_IN_FAILED, username="guessed-name")
    AuditEvent.objects.create(kind=AuditEvent.Kind.EXPORT, username="operator")
    client.force_login(admin_user)
    url = reverse("admin:accounts_auditevent_changelist")

    failed = client.get(url, {"kind__exact": "sign-in-failed"})
    assert failed.status_code == 200
    assert {e.kind for e in failed.context["cl"].result_list} == {"sign-in-failed"}

    searched = client.get(url, {"q": "guessed"})
    assert [e.username for e in searched.context["cl"].result_list] == ["guessed-name"]

    by_date = client.get(url, {"at__year": "2000"})
    assert by_date.status_code == 200
    assert by_date.context["cl"].result_count == 0


def test_nobody_edits_or_deletes_the_audit_log_in_the_admin(client, admin_user):
    event = AuditEvent.objects.create(kind=AuditEvent.Kind.SIGN_IN_FAILED, username="x")
    client.force_login(admin_user)
    change = reverse("admin:accounts_auditevent_change", args=[event.pk])
    client.post(change, {"username": "tampered"})
    delete = reverse("admin:accounts_auditevent_delete", args=[event.pk])
    assert client.post(delete).status_code == 403
    event.refresh_from_db()
    assert event.username == "x"
