"""Bulk actions of the contact list: the confirmation page, each action's effect, history and
audit, who may act on what, and a query count that does not grow with the selection."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from campaigns.bulk import MAX_SELECTION
from campaigns.models import Contact
from tests.factories import ContactFactory, MemberFactory, StrategyFactory

BULK_URL = reverse("campaigns:contact-bulk")
LIST_URL = reverse("campaigns:contact-list")
BULK_EVENTS = AuditEvent.objects.filter(kind=AuditEvent.Kind.CONTACTS_BULK_CHANGED)


def post(client, action, contacts, *, confirm=True, **extra):
    data = {"action": action, "contact": [c.pk for c in contacts], **extra}
    if confirm:
        data["confirm"] = "1"
    return client.post(BULK_URL, data)


def open_follow_ups(count, **fields):
    return ContactFactory.create_batch(count, follow_up="Send the report", **fields)


# The list's checkboxes ---------------------------------------------------------------------


def test_list_rows_have_labelled_checkboxes_for_loggers(client_for, focal_point, member_a):
    contact = ContactFactory(member=member_a)

    html = client_for(focal_point).get(LIST_URL).content.decode()

    assert f'id="bulk-contact-{contact.pk}"' in html
    assert (
        f'<label for="bulk-contact-{contact.pk}" class="visually-hidden">Choose the contact' in html
    )
    assert 'value="delete"' not in html  # deleting in bulk is the secretariat's


def test_staff_list_offers_delete(client_for, staff_user):
    ContactFactory()

    html = client_for(staff_user).get(LIST_URL).content.decode()

    assert '<option value="delete">' in html


# The confirmation page ---------------------------------------------------------------------


def test_confirmation_lists_each_contact_and_change_and_changes_nothing(client_for, staff_user):
    strategy = StrategyFactory(title="Advocacy guide")
    contacts = ContactFactory.create_batch(3)

    response = post(
        client_for(staff_user), "strategy", contacts, confirm=False, strategy=strategy.pk
    )

    html = response.content.decode()
    assert response.status_code == 200
    for contact in contacts:
        assert reverse("campaigns:contact-detail", args=[contact.pk]) in html
    assert html.count("Advocacy guide</strong>") == 3
    assert not Contact.objects.filter(strategy=strategy).exists()
    assert not BULK_EVENTS.exists()


def test_set_strategy_without_a_strategy_names_the_field(client_for, staff_user):
    contact = ContactFactory()

    response = post(client_for(staff_user), "strategy", [contact], confirm=False)

    assert response.status_code == 400
    assert "<code>strategy</code>" in response.content.decode()


# Marking follow-ups done -------------------------------------------------------------------


def test_mark_done_changes_open_follow_ups_with_history_and_one_audit_event(client_for, staff_user):
    contacts = open_follow_ups(3)
    without_follow_up = ContactFactory()

    response = post(client_for(staff_user), "follow-up-done", [*contacts, without_follow_up])

    assert response.status_code == 302
    today = timezone.localdate()
    for contact in contacts:
        contact.refresh_from_db()
        assert contact.follow_up_done_on == today
        assert contact.version == 2
        record = contact.history.latest()
        assert (record.history_user, record.history_change_reason) == (staff_user, "Follow-up done")
        assert record.follow_up_done_on == today
    without_follow_up.refresh_from_db()
    assert without_follow_up.follow_up_done_on is None
    assert without_follow_up.history.count() == 1  # its creation only
    event = BULK_EVENTS.get()
    assert event.user == staff_user
    assert event.detail["action"] == "follow-up-done"
    assert sorted(event.detail["changed"]) == sorted(c.pk for c in contacts)


def test_a_follow_up_done_in_bulk_shows_on_the_contact_page(client_for, staff_user):
    contact = open_follow_ups(1)[0]
    client = client_for(staff_user)

    post(client, "follow-up-done", [contact])

    html = client.get(reverse("campaigns:contact-detail", args=[contact.pk])).content.decode()
    assert "Follow-up marked done" in html


@pytest.mark.parametrize("count", [5, 50])
def test_mark_done_runs_in_a_fixed_number_of_queries(
    client_for, staff_user, django_assert_num_queries, count
):
    contacts = open_follow_ups(count)
    client = client_for(staff_user)
    client.get(LIST_URL)  # the session's first save is behind us

    # Session, user, the user's groups (role); savepoint; the contacts read and locked; one
    # UPDATE; one INSERT … SELECT of their history; the audit event's user checked and the
    # event saved; release.
    with django_assert_num_queries(10):
        response = post(client, "follow-up-done", contacts)

    assert response.status_code == 302
    assert Contact.objects.filter(follow_up_done_on__isnull=False).count() == count
    assert Contact.history.filter(history_change_reason="Follow-up done").count() == count
    assert BULK_EVENTS.count() == 1


# Setting the strategy and deleting ---------------------------------------------------------


def test_set_strategy_writes_the_strategy_and_history(client_for, focal_point, member_a):
    strategy = StrategyFactory()
    contacts = ContactFactory.create_batch(2, member=member_a)

    response = post(client_for(focal_point), "strategy", contacts, strategy=strategy.pk)

    assert response.status_code == 302
    assert Contact.objects.filter(strategy=strategy).count() == 2
    assert Contact.history.filter(strategy=strategy, history_user=focal_point).count() == 2
    assert BULK_EVENTS.get().detail["strategy"] == strategy.pk


def test_staff_delete_in_bulk_hides_the_contacts(client_for, staff_user):
    contacts = ContactFactory.create_batch(2)
    client = client_for(staff_user)

    post(client, "delete", contacts)

    assert Contact.objects.visible_to(staff_user).count() == 0
    assert Contact.objects.filter(deleted_at__isnull=False).count() == 2
    assert Contact.history.filter(history_change_reason="Deleted").count() == 2


def test_focal_point_may_not_delete_in_bulk(client_for, focal_point, member_a):
    contact = ContactFactory(member=member_a)

    response = post(client_for(focal_point), "delete", [contact])

    assert response.status_code == 400
    assert "<code>action</code>" in response.content.decode()
    contact.refresh_from_db()
    assert contact.deleted_at is None


# Who may act on what ----------------------------------------------------------------------


def test_focal_point_is_refused_another_organisations_contact_and_nothing_changes(
    client_for, focal_point, member_a
):
    own = open_follow_ups(2, member=member_a)
    other = open_follow_ups(1, member=MemberFactory())[0]

    response = post(client_for(focal_point), "follow-up-done", [*own, other])

    assert response.status_code == 400
    assert f"You may not change contact {other.pk}; nothing was changed." in (
        response.content.decode()
    )
    assert not Contact.objects.filter(follow_up_done_on__isnull=False).exists()
    assert not BULK_EVENTS.exists()


def test_deleted_contacts_are_refused(client_for, staff_user):
    contact = ContactFactory(deleted_at=timezone.now())

    response = post(client_for(staff_user), "strategy", [contact], strategy=StrategyFactory().pk)

    assert response.status_code == 400
    assert str(contact.pk) in response.content.decode()


def test_viewer_gets_403(client_for, viewer):
    contact = open_follow_ups(1)[0]

    response = post(client_for(viewer), "follow-up-done", [contact])

    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.follow_up_done_on is None


def test_a_selection_past_the_cap_is_refused(client_for, staff_user):
    data = {"action": "follow-up-done", "contact": [str(i) for i in range(1, MAX_SELECTION + 2)]}

    response = client_for(staff_user).post(BULK_URL, data)

    assert response.status_code == 400
    assert f"Choose at most {MAX_SELECTION} contacts at a time; {MAX_SELECTION + 1}" in (
        response.content.decode()
    )


def test_an_id_that_is_not_a_number_is_named(client_for, staff_user):
    response = client_for(staff_user).post(BULK_URL, {"action": "export", "contact": ["x1"]})

    assert response.status_code == 400
    assert "“x1” is not a contact id." in response.content.decode()


def test_back_link_stays_on_this_site(client_for, staff_user):
    contact = open_follow_ups(1)[0]

    response = post(
        client_for(staff_user), "follow-up-done", [contact], next="https://evil.example/"
    )

    assert response["Location"] == LIST_URL


# Exporting the chosen rows -----------------------------------------------------------------


def test_export_of_the_chosen_rows_has_the_export_columns_and_audit(
    client_for, focal_point, member_a
):
    chosen = ContactFactory.create_batch(2, member=member_a)
    ContactFactory(member=member_a, summary="Not chosen")

    response = post(client_for(focal_point), "export", chosen)

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted(int(row["id"]) for row in rows) == sorted(c.pk for c in chosen)
    assert "people" not in rows[0]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert sorted(event.detail["filters"]["id"]) == sorted(c.pk for c in chosen)
    assert event.detail["completed"] is True
    assert event.detail["rows"] == 2


def test_export_refuses_another_organisations_contact(client_for, focal_point, member_a):
    other = ContactFactory(member=MemberFactory())

    response = post(client_for(focal_point), "export", [other])

    assert response.status_code == 400
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).exists()
