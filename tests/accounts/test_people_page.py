"""The People page: admins add colleagues, who choose their own password from an emailed link;
admins change roles and disable accounts, every change audited, and never leave the network
without an admin."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent, User
from accounts.roles import Role, role_of
from tests.factories import MemberFactory, UserFactory
from tests.smtp_server import body_of, smtp_server  # noqa: F401

NEW_PASSWORD = "a quiet river at dawn 2026"
PEOPLE = reverse("accounts:people")
ADD = reverse("accounts:people-add")


def page_actions() -> list[dict]:
    """The audit details the People page wrote, oldest first."""
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_CHANGED).order_by("pk")
    return [e.detail for e in events if e.detail.get("page") == "people"]


def colleague(**changes) -> dict:
    return {
        "name": "Ana Lima",
        "email": "Ana.Lima@example.org",
        "role": "staff",
        "language": "",
        **changes,
    }


@pytest.mark.parametrize(
    ("persona", "status"),
    [("staff", 403), ("focal_point", 403), ("viewer", 403), ("no_role", 302)],
)
def test_only_admins_open_the_people_page(client_for, personas, persona, status):
    client = client_for(personas[persona])
    assert client.get(PEOPLE).status_code == status
    assert client.get(ADD).status_code == status
    assert client.post(ADD, colleague()).status_code == status
    assert not User.objects.filter(email__iexact="ana.lima@example.org").exists()


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(PEOPLE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_navigation_shows_people_to_admins_only(client_for, personas):
    assert ">People</a>" in client_for(personas["admin"]).get("/").content.decode()
    for persona in ("staff", "focal_point", "viewer"):
        page = client_for(personas[persona]).get("/").content.decode()
        assert ">People</a>" not in page, persona


def test_the_list_shows_role_organisation_state_and_last_sign_in(client_for, personas):
    personas["viewer"].is_active = False
    personas["viewer"].save()
    page = client_for(personas["admin"]).get(PEOPLE).content.decode()
    assert "focal-a@example.org" in page
    assert "Member focal point" in page
    assert "Member A" in page
    assert "Secretariat staff" in page
    assert "Secretariat admin" in page
    assert "Disabled" in page  # the viewer
    assert "Never" in page  # nobody else has signed in with a password


def _queries_for_list(client) -> int:
    """The page's own queries: the session's (read, and a save where one happens) left out."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PEOPLE).status_code == 200
    return sum(
        1
        for query in queries.captured_queries
        if "django_session" not in query["sql"] and "SAVEPOINT" not in query["sql"]
    )


def test_the_list_costs_the_same_queries_with_more_people(client_for, personas):
    client = client_for(personas["admin"])
    few = _queries_for_list(client)
    for n in range(30):
        UserFactory(role=Role.FOCAL_POINT, member=MemberFactory(), username=f"focal{n}")
    # Four either way: the session's user, the count, the page's accounts with their member
    # organisation, and their groups.
    assert few == 4
    assert _queries_for_list(client) == few


def test_a_long_list_is_split_into_pages(client_for, personas):
    UserFactory.create_batch(55)
    client = client_for(personas["admin"])
    first = client.get(PEOPLE).content.decode()
    assert 'rel="next"' in first
    assert client.get(PEOPLE, {"page": "2"}).status_code == 200
    assert client.get(PEOPLE, {"page": "x"}).status_code == 200


def test_a_new_colleague_sets_a_password_from_the_email_and_signs_in(
    client_for,
    personas,
    smtp_server,  # noqa: F811
):
    client = client_for(personas["admin"])
    response = client.post(ADD, colleague(language="fr"))
    assert response.status_code == 302
    account = User.objects.get(email="ana.lima@example.org")
    assert not account.has_usable_password()
    assert role_of(account) == Role.STAFF
    assert account.preferred_language == "fr"

    [message] = smtp_server.messages
    assert message["To"] == "ana.lima@example.org"
    body = body_of(message)
    assert "NSWP" in message["Subject"]
    assert "mot de passe" in message["Subject"]
    assert "3 jours" in body  # the link's lifetime, in the colleague's language
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", body).group(1)

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    weak = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )
    assert weak.status_code == 200  # the password validators apply
    assert not User.objects.get(pk=account.pk).has_usable_password()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    signed_in = client.post(
        reverse("login"), {"username": "ana.lima@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("campaigns:dashboard")
    assert [d["action"] for d in page_actions()] == ["added", "set-password-email-sent"]


def test_a_refused_email_keeps_the_account_and_says_so(client_for, personas, smtp_server):  # noqa: F811
    smtp_server.refuse.add("ana.lima@example.org")
    response = client_for(personas["admin"]).post(ADD, colleague(), follow=True)
    assert "could not be sent" in response.content.decode()
    assert User.objects.filter(email="ana.lima@example.org").exists()
    assert page_actions()[-1]["action"] == "set-password-email-failed"


def test_a_duplicate_email_is_refused_at_the_field(client_for, personas):
    before = User.objects.count()
    response = client_for(personas["admin"]).post(ADD, colleague(email="STAFF@example.org"))
    assert response.status_code == 400
    assert "Someone already has an account with this email." in response.content.decode()
    assert User.objects.count() == before
    assert page_actions() == []


def test_a_focal_point_needs_a_member_and_nobody_else_has_one(client_for, personas, member_a):
    client = client_for(personas["admin"])
    without = client.post(ADD, colleague(role="focal-point"))
    assert without.status_code == 400
    assert "needs the member organisation" in without.content.decode()
    with_member = client.post(ADD, colleague(role="viewer", member=str(member_a.pk)))
    assert with_member.status_code == 400
    assert "Only a member focal point" in with_member.content.decode()
    assert not User.objects.filter(email="ana.lima@example.org").exists()

    added = client.post(ADD, colleague(role="focal-point", member=str(member_a.pk)))
    assert added.status_code == 302
    account = User.objects.get(email="ana.lima@example.org")
    assert account.member == member_a
    assert role_of(account) == Role.FOCAL_POINT


def test_a_role_change_is_saved_and_audited(client_for, personas, member_b):
    viewer = personas["viewer"]
    client = client_for(personas["admin"])
    url = reverse("accounts:people-detail", args=[viewer.pk])
    response = client.post(url, {"role": "focal-point", "member": str(member_b.pk)})
    assert response.status_code == 302
    viewer = User.objects.get(pk=viewer.pk)
    assert role_of(viewer) == Role.FOCAL_POINT
    assert viewer.member == member_b
    assert page_actions() == [
        {
            "account": "viewer",
            "action": "role-changed",
            "page": "people",
            "role": "member focal point",
            "member": member_b.pk,
        }
    ]
    assert AuditEvent.objects.filter(user=personas["admin"], detail__action="role-changed").exists()


def test_demoting_an_admin_takes_the_django_admin_too(client_for, personas):
    other = UserFactory(username="admin2", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = client_for(personas["admin"])
    client.post(reverse("accounts:people-detail", args=[other.pk]), {"role": "viewer"})
    other = User.objects.get(pk=other.pk)
    assert role_of(other) == Role.VIEWER
    assert not other.is_staff
    assert not other.is_superuser


def test_an_admin_cannot_demote_or_disable_themselves(client_for, personas):
    admin = personas["admin"]
    client = client_for(admin)
    demoted = client.post(reverse("accounts:people-detail", args=[admin.pk]), {"role": "staff"})
    assert demoted.status_code == 400
    assert "You cannot take the admin role from yourself" in demoted.content.decode()
    disabled = client.post(reverse("accounts:people-active", args=[admin.pk]), {"active": "0"})
    assert disabled.status_code == 400
    assert "You cannot disable your own account" in disabled.content.decode()
    admin = User.objects.get(pk=admin.pk)
    assert admin.is_active
    assert role_of(admin) == Role.ADMIN
    assert page_actions() == []


def test_a_disabled_account_cannot_sign_in_until_enabled(client_for, personas, client):
    staff = personas["staff"]
    url = reverse("accounts:people-active", args=[staff.pk])
    admin_client = client_for(personas["admin"])
    assert admin_client.post(url, {"active": "0"}).status_code == 302
    admin_client.logout()
    credentials = {"username": "staff", "password": "correct horse battery staple"}
    refused = client.post(reverse("login"), credentials)
    assert refused.status_code == 200  # the sign-in form again

    client_for(personas["admin"]).post(url, {"active": "1"})
    client.logout()
    assert client.post(reverse("login"), credentials).status_code == 302
    assert [d["action"] for d in page_actions()] == ["disabled", "enabled"]


def test_a_bad_active_value_changes_nothing(client_for, personas):
    url = reverse("accounts:people-active", args=[personas["staff"].pk])
    response = client_for(personas["admin"]).post(url, {"active": "maybe"})
    assert response.status_code == 400
    assert User.objects.get(pk=personas["staff"].pk).is_active


def test_the_set_password_email_can_be_sent_again(client_for, personas, smtp_server):  # noqa: F811
    staff = personas["staff"]
    url = reverse("accounts:people-set-password-email", args=[staff.pk])
    client = client_for(personas["admin"])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "staff@example.org"
    assert "/accounts/reset/" in body_of(message)
    assert page_actions()[-1] == {
        "account": "staff",
        "action": "set-password-email-sent",
        "page": "people",
    }


def test_no_role_is_preselected_for_an_account_without_one(client_for, personas):
    url = reverse("accounts:people-detail", args=[personas["no_role"].pk])
    client = client_for(personas["admin"])
    page = client.get(url).content.decode()
    assert '<option value="" selected>' in page
    assert client.post(url, {"role": ""}).status_code == 400
    assert role_of(User.objects.get(pk=personas["no_role"].pk)) is None
