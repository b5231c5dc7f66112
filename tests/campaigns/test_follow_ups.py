"""The follow-ups page: open actions by due date, overdue first, and the "done" action."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ContactFactory

URL = reverse("campaigns:follow-ups")
TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def listed_ids(response) -> list[int]:
    return [contact.pk for contact in response.context["contacts"]]


def done_url(contact) -> str:
    return reverse("campaigns:follow-up-done", args=[contact.pk])


def test_open_follow_ups_come_overdue_first_then_by_due_date_then_undated(client_for, staff_user):
    undated = ContactFactory(date=days(-60), follow_up="Write to them")
    later = ContactFactory(date=days(-60), follow_up="Meet", follow_up_date=days(20))
    very_late = ContactFactory(date=days(-60), follow_up="Call", follow_up_date=days(-30))
    soon = ContactFactory(date=days(-60), follow_up="Email", follow_up_date=days(2))
    late = ContactFactory(date=days(-60), follow_up="Call", follow_up_date=days(-3))
    ContactFactory(date=days(-60), follow_up="Done", follow_up_done_on=days(-1))
    ContactFactory(date=days(-60))
    ContactFactory(date=days(-60), follow_up="Deleted", deleted_at=timezone.now())

    response = client_for(staff_user).get(URL)

    assert listed_ids(response) == [very_late.pk, late.pk, soon.pk, later.pk, undated.pk]
    assert "Overdue since" in response.content.decode()


def test_focal_point_sees_only_its_own_organisations_follow_ups(
    client_for, focal_point, member_a, member_b
):
    own = ContactFactory(member=member_a, follow_up="Ours")
    ContactFactory(member=member_b, follow_up="Theirs")

    response = client_for(focal_point).get(URL)

    assert listed_ids(response) == [own.pk]


def test_viewer_has_no_follow_ups_page(client_for, viewer):
    assert client_for(viewer).get(URL).status_code == 403


def test_marking_done_removes_it_and_redirects_back_with_a_message(client_for, staff_user):
    contact = ContactFactory(follow_up="Send the brief", follow_up_date=days(3))
    client = client_for(staff_user)

    response = client.post(done_url(contact), {"next": URL}, follow=True)

    assert response.redirect_chain[-1][0] == URL
    assert "Follow-up marked done." in response.content.decode()
    assert contact.pk not in listed_ids(response)
    contact.refresh_from_db()
    assert contact.follow_up_done_on == TODAY
    assert contact.history.first().history_change_reason == "Follow-up done"


def test_done_refuses_get_and_off_site_next(client_for, staff_user):
    contact = ContactFactory(follow_up="Send the brief")
    client = client_for(staff_user)

    assert client.get(done_url(contact)).status_code == 405
    response = client.post(done_url(contact), {"next": "https://evil.example/"})

    assert response["Location"] == URL


def test_done_needs_a_csrf_token(staff_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    contact = ContactFactory(follow_up="Send the brief")

    assert client.post(done_url(contact)).status_code == 403
    contact.refresh_from_db()
    assert contact.follow_up_done_on is None


def test_viewer_cannot_mark_done(client_for, viewer):
    contact = ContactFactory(follow_up="Send the brief")

    assert client_for(viewer).post(done_url(contact)).status_code == 403
    contact.refresh_from_db()
    assert contact.follow_up_done_on is None


# Session, user, groups (role), the page count, the rows with section, member and owner, and
# the people offered in the owner filter.
FOLLOW_UP_QUERIES = 6


@pytest.mark.parametrize("rows", [2, 30])
def test_follow_ups_query_count_does_not_grow_with_rows(
    client_for, staff_user, django_assert_num_queries, rows
):
    ContactFactory.create_batch(rows, date=days(-10), follow_up="Call", follow_up_date=days(1))
    client = client_for(staff_user)

    with django_assert_num_queries(FOLLOW_UP_QUERIES):
        response = client.get(URL)

    assert len(listed_ids(response)) == rows
