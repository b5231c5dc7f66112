"""Lockouts keyed on username and address together, the proxy's client-address header, and
what the audit log keeps of sign-ins."""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts.client_ip import client_ip
from accounts.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = reverse("login")


def attempt(client, username, password, **meta):
    return client.post(LOGIN, {"username": username, "password": password}, **meta)


def fail_until_locked(client, username, **meta):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, "wrong password", **meta)


def test_lockout_after_the_failure_limit_even_with_the_right_password(client, staff_user):
    fail_until_locked(client, "staff", REMOTE_ADDR="198.51.100.7")
    response = attempt(client, "staff", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert "_auth_user_id" not in client.session
    assert "no-store" in response["Cache-Control"]


def test_the_victim_can_still_sign_in_from_another_address(client, staff_user):
    fail_until_locked(client, "staff", REMOTE_ADDR="198.51.100.7")
    response = attempt(client, "staff", PASSWORD, REMOTE_ADDR="203.0.113.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_other_users_from_the_locked_address_are_not_locked(client, staff_user, viewer):
    fail_until_locked(client, "staff", REMOTE_ADDR="198.51.100.7")
    response = attempt(client, "viewer", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302


@override_settings(PROXY_COUNT=1, CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_the_forwarded_address_is_the_one_locked(client, staff_user):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail_until_locked(client, "staff", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    locked = attempt(client, "staff", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert locked.status_code == 429
    elsewhere = attempt(client, "staff", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.20", **proxy)
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy: the header is the client's own claim
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # left of our proxy's entry: forged
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: not trustworthy
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PROXY_COUNT=proxies):
        assert client_ip(request) == expected


def test_failed_sign_in_is_logged_with_the_typed_username_and_no_password(client, staff_user):
    attempt(client, "staff", "my secret guess", REMOTE_ADDR="198.51.100.7")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGN_IN_FAILED)
    assert event.username == "staff"
    assert event.ip_address == "198.51.100.7"
    assert event.user is None
    for row in AuditEvent.objects.values():
        assert "my secret guess" not in str(row)


def test_sign_in_and_sign_out_are_logged(client, staff_user):
    attempt(client, "staff", PASSWORD, REMOTE_ADDR="198.51.100.8")
    client.post(reverse("logout"), REMOTE_ADDR="198.51.100.8")
    kinds = list(
        AuditEvent.objects.filter(user=staff_user).order_by("pk").values_list("kind", "ip_address")
    )
    assert (AuditEvent.Kind.SIGN_IN, "198.51.100.8") in kinds
    assert (AuditEvent.Kind.SIGN_OUT, "198.51.100.8") in kinds


def test_a_lockout_is_logged(client, staff_user):
    fail_until_locked(client, "staff", REMOTE_ADDR="198.51.100.7")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKED_OUT, username="staff").exists()


def test_weak_passwords_are_refused(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
