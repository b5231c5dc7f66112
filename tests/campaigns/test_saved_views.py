"""Saved views of the contact list: saving the filters, opening them (one's own, the team's),
privacy, renaming and deleting, and the filters checked when saved."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from accounts.roles import Role
from campaigns.models import SavedView
from tests.factories import ContactFactory, MemberFactory, UserFactory

LIST_URL = reverse("campaigns:contact-list")
CREATE_URL = reverse("campaigns:saved-view-create")


def open_url(view):
    return reverse("campaigns:saved-view", args=[view.pk])


def listed_ids(response) -> list[int]:
    return [contact.pk for contact in response.context["contacts"]]


def follow(client, url):
    """Open a saved view: its redirect to the list, then the list."""
    response = client.get(url)
    assert response.status_code == 302
    return client.get(response["Location"])


def test_saving_the_filters_keeps_them_and_lists_the_view(client_for, staff_user):
    client = client_for(staff_user)

    response = client.post(
        CREATE_URL, {"name": "Overdue in Africa", "query": "region=africa&follow_up=overdue&page=3"}
    )

    view = SavedView.objects.get()
    assert (view.owner, view.shared, view.query) == (
        staff_user,
        False,
        "follow_up=overdue&region=africa",
    )
    assert urlsplit(response["Location"]).query == view.query
    html = client.get(LIST_URL).content.decode()
    assert f'href="{open_url(view)}">Overdue in Africa</a>' in html


def test_the_list_offers_to_save_the_current_filters(client_for, focal_point):
    html = client_for(focal_point).get(LIST_URL, {"channel": "email"}).content.decode()

    assert 'name="query" value="channel=email"' in html
    assert "Save these filters as…" in html


def test_the_view_being_shown_is_marked(client_for, staff_user):
    view = SavedView.objects.create(owner=staff_user, name="Emails", query="channel=email")

    html = client_for(staff_user).get(LIST_URL, {"channel": "email"}).content.decode()

    assert f'href="{open_url(view)}" aria-current="page">Emails</a>' in html


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("since=yesterday", "since:"),
        ("channel=pigeon", "channel:"),
        ("colour=red", "colour: not a filter of the contact list."),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(client_for, staff_user, query, named):
    response = client_for(staff_user).post(CREATE_URL, {"name": "Broken", "query": query})

    assert response.status_code == 400
    assert named in response.content.decode()
    assert not SavedView.objects.exists()


def test_a_name_is_unique_per_owner(client_for, staff_user, admin_user):
    SavedView.objects.create(owner=staff_user, name="Emails", query="channel=email")
    SavedView.objects.create(owner=admin_user, name="Calls", query="channel=call")
    client = client_for(staff_user)

    taken = client.post(CREATE_URL, {"name": "emails", "query": "channel=call"})
    someone_elses = client.post(CREATE_URL, {"name": "Calls", "query": "channel=call"})

    assert taken.status_code == 400
    assert "You already have a saved view named “emails”." in taken.content.decode()
    assert someone_elses.status_code == 302
    assert SavedView.objects.filter(owner=staff_user).count() == 2


def test_a_shared_view_opens_the_same_rows_for_a_colleague(client_for, focal_point, member_a):
    colleague = UserFactory(role=Role.FOCAL_POINT, member=member_a)
    emails = ContactFactory.create_batch(2, member=member_a, channel="email")
    ContactFactory(member=member_a, channel="call")
    ContactFactory(member=MemberFactory(), channel="email")  # another organisation's
    client = client_for(focal_point)
    client.post(CREATE_URL, {"name": "Emails", "query": "channel=email", "shared": "on"})
    view = SavedView.objects.get()
    mine = listed_ids(follow(client, open_url(view)))

    client = client_for(colleague)
    assert "Emails</a>" in client.get(LIST_URL).content.decode()
    theirs = listed_ids(follow(client, open_url(view)))

    assert sorted(mine) == sorted(theirs) == sorted(c.pk for c in emails)


def test_the_secretariats_shared_views_are_not_a_focal_points(
    client_for, staff_user, admin_user, focal_point
):
    view = SavedView.objects.create(owner=staff_user, name="Secretariat's", shared=True)

    assert follow(client_for(admin_user), open_url(view)).status_code == 200
    client = client_for(focal_point)
    assert client.get(open_url(view)).status_code == 404
    assert "Secretariat's</a>" not in client.get(LIST_URL).content.decode()


def test_a_private_view_is_404_to_others(client_for, staff_user, admin_user):
    view = SavedView.objects.create(owner=staff_user, name="Mine", query="channel=call")
    client = client_for(admin_user)

    assert client.get(open_url(view)).status_code == 404
    assert "Mine</a>" not in client.get(LIST_URL).content.decode()
    for name in ("campaigns:saved-view-update", "campaigns:saved-view-delete"):
        assert client.get(reverse(name, args=[view.pk])).status_code == 404


def test_only_the_owner_renames_or_deletes_a_shared_view(client_for, staff_user, admin_user):
    view = SavedView.objects.create(owner=staff_user, name="Team", shared=True)
    client = client_for(admin_user)

    rename = client.post(
        reverse("campaigns:saved-view-update", args=[view.pk]), {"name": "Mine now"}
    )
    delete = client.post(reverse("campaigns:saved-view-delete", args=[view.pk]))

    assert (rename.status_code, delete.status_code) == (404, 404)
    view.refresh_from_db()
    assert view.name == "Team"


def test_the_owner_renames_and_unshares(client_for, staff_user):
    view = SavedView.objects.create(owner=staff_user, name="Team", shared=True, query="q=x")

    response = client_for(staff_user).post(
        reverse("campaigns:saved-view-update", args=[view.pk]), {"name": "Just mine"}
    )

    assert response.status_code == 302
    view.refresh_from_db()
    assert (view.name, view.shared, view.query) == ("Just mine", False, "q=x")


def test_the_owner_deletes(client_for, staff_user):
    view = SavedView.objects.create(owner=staff_user, name="Old")
    client = client_for(staff_user)

    assert (
        "Delete the saved view “Old”?"
        in client.get(reverse("campaigns:saved-view-delete", args=[view.pk])).content.decode()
    )
    response = client.post(reverse("campaigns:saved-view-delete", args=[view.pk]))

    assert response.status_code == 302
    assert not SavedView.objects.exists()


def test_a_focal_points_shared_view_stays_in_its_organisation(
    client_for, focal_point, other_focal_point
):
    view = SavedView.objects.create(owner=focal_point, name="Ours", shared=True)

    assert client_for(other_focal_point).get(open_url(view)).status_code == 404


def test_viewers_have_no_saved_views(client_for, viewer, staff_user):
    view = SavedView.objects.create(owner=staff_user, name="Team", shared=True)
    client = client_for(viewer)

    assert client.get(open_url(view)).status_code == 403
    assert client.post(CREATE_URL, {"name": "X", "query": ""}).status_code == 403


def test_the_admin_checks_the_filters_too(client_for, admin_user, staff_user):
    client = client_for(admin_user)
    url = reverse("admin:campaigns_savedview_add")
    data = {"name": "Admin's", "owner": staff_user.pk, "query": "since=yesterday"}

    refused = client.post(url, data)
    saved = client.post(url, {**data, "query": "since=2015-08-11&page=2"})

    assert refused.status_code == 200
    assert "since:" in refused.content.decode()
    assert saved.status_code == 302
    assert SavedView.objects.get().query == "since=2015-08-11"
