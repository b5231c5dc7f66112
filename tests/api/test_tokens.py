"""Personal API tokens: made on the profile page or by the command, stored hashed, shown
once, audited; revoked, expired or a disabled user's: 401 at the next request."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, AuditEvent
from accounts.services import api_token_digest
from tests.api.conftest import bearer_client, token_for

CONTACTS = "/api/v1/contacts/"


def _make(client, **data):
    form = {"name": "sync", "scope": "read", "expires_in_days": "30", **data}
    return client.post(reverse("api-tokens"), form)


def _shown_token(response) -> str:
    body = response.content.decode()
    start = body.index("trk_")
    return body[start : body.index("<", start)]


def test_a_token_made_on_the_page_is_shown_once_and_stored_hashed(client_for, staff_user):
    client = client_for(staff_user)
    response = _make(client)
    raw = _shown_token(response)

    token = ApiToken.objects.get(user=staff_user)
    assert token.digest == api_token_digest(raw)
    assert raw not in token.digest
    assert token.scope == "read"
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    assert raw not in client.get(reverse("api-tokens")).content.decode()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.API_TOKEN_CREATED)
    assert event.user == staff_user
    assert event.detail["token"] == token.prefix
    assert raw not in str(event.detail)


def test_the_token_works_and_last_used_is_recorded(client_for, staff_user):
    raw = _shown_token(_make(client_for(staff_user)))
    assert ApiToken.objects.get().last_used_at is None

    response = bearer_client(raw).get(CONTACTS)

    assert response.status_code == 200
    assert ApiToken.objects.get().last_used_at is not None
    assert "sessionid" not in response.cookies


def test_expiry_longer_than_a_year_is_refused(client_for, staff_user):
    response = _make(client_for(staff_user), expires_in_days="400")
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_two_factor_users_give_a_current_code_to_make_a_token(client_for, staff_user):
    device = TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)
    client = client_for(staff_user)
    session = client.session
    session["tracker_has_otp_device"] = True
    session.save()
    # A signed-in session that passed two-factor: django-otp marks it with the device.
    from django_otp import DEVICE_ID_SESSION_KEY

    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    refused = _make(client, code="000000")
    assert refused.status_code == 400
    assert "did not work" in refused.content.decode()
    assert not ApiToken.objects.exists()

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    code = str(totp(device.bin_key)).zfill(6)
    assert _make(client, code=code).status_code == 200
    assert ApiToken.objects.filter(user=staff_user).count() == 1


def test_revoked_token_gets_401_at_its_next_request(client_for, staff_user):
    raw = token_for(staff_user)
    client = bearer_client(raw)
    assert client.get(CONTACTS).status_code == 200
    token = ApiToken.objects.get()

    response = client_for(staff_user).post(reverse("api-token-revoke", args=[token.pk]))

    assert response.status_code == 302
    refused = client.get(CONTACTS)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert "revoked" in refused.json()["detail"]
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.API_TOKEN_REVOKED).count() == 1


def test_nobody_revokes_another_users_token(client_for, staff_user, viewer):
    token_for(staff_user)
    token = ApiToken.objects.get()
    response = client_for(viewer).post(reverse("api-token-revoke", args=[token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_expired_token_gets_401(staff_user):
    client = bearer_client(token_for(staff_user))
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(CONTACTS).status_code == 401


def test_disabled_users_tokens_stop_working(staff_user):
    client = bearer_client(token_for(staff_user))
    staff_user.is_active = False
    staff_user.save()
    assert client.get(CONTACTS).status_code == 401


@pytest.mark.parametrize("header", ["Bearer trk_nothing_here", "Bearer ", "Basic dXNlcjpwYXNz"])
def test_bad_credentials_are_401_json_never_a_redirect(header, client, db):
    response = client.get(CONTACTS, headers={"Authorization": header})
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_wrong_secret_with_a_real_prefix_is_refused(staff_user):
    raw = token_for(staff_user)
    assert bearer_client(raw[:-3] + "abc").get(CONTACTS).status_code == 401


def test_command_prints_a_working_token(staff_user):
    out = io.StringIO()
    call_command(
        "create_api_token",
        "staff",
        "--scope",
        "write",
        "--expires",
        "7",
        stdout=out,
        stderr=io.StringIO(),
    )
    raw = out.getvalue().strip()
    assert bearer_client(raw).get(CONTACTS).status_code == 200
    token = ApiToken.objects.get()
    assert token.scope == "write"
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=7)).date()
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.API_TOKEN_CREATED).detail["via"] == "cli"


def test_command_refuses_more_than_a_year(staff_user):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="365"):
        call_command("create_api_token", "staff", "--scope", "read", "--expires", "366")
    assert not ApiToken.objects.exists()


def test_past_the_rate_a_token_gets_429_with_retry_after(staff_user, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    client = bearer_client(token_for(staff_user))
    statuses = [client.get(CONTACTS).status_code for _ in range(4)]
    refused = client.get(CONTACTS)
    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another token of the same user has its own count.
    assert bearer_client(token_for(staff_user)).get(CONTACTS).status_code == 200


def test_a_new_minute_starts_a_new_count(staff_user, settings):
    settings.API_REQUESTS_PER_MINUTE = 1
    client = bearer_client(token_for(staff_user))
    assert client.get(CONTACTS).status_code == 200
    assert client.get(CONTACTS).status_code == 429
    ApiToken.objects.update(rate_minute=0)  # as if the minute had passed
    assert client.get(CONTACTS).status_code == 200


def test_token_page_lists_tokens_with_their_state(client_for, staff_user):
    token_for(staff_user)
    ApiToken.objects.update(name="regional sync")
    body = client_for(staff_user).get(reverse("api-tokens")).content.decode()
    assert "regional sync" in body
    assert "Revoke" in body
    assert "Never" in body


def test_an_admin_revokes_a_token_from_the_admin(client_for, admin_user, staff_user):
    client = bearer_client(token_for(staff_user))
    token = ApiToken.objects.get()
    response = client_for(admin_user).post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    assert client.get(CONTACTS).status_code == 401
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.API_TOKEN_REVOKED)
    assert event.user == admin_user
    assert event.detail["owner"] == "staff"
