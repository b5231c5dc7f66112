"""Sessions end after 30 minutes idle and after 12 hours whatever the activity, and a disabled
account's open session stops working at its next request."""

import datetime
import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.signals import SESSION_STARTED
from tests.conftest import PASSWORD

LOGIN = reverse("login")


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_idle_timeout_is_thirty_minutes_and_renewed_by_each_request(client, staff_user):
    client.force_login(staff_user)
    client.get("/")
    session = Session.objects.get(session_key=client.session.session_key)
    left = (session.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 5 < left <= settings.SESSION_COOKIE_AGE == 30 * 60


def test_idle_for_more_than_thirty_minutes_signs_out(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/").status_code == 200
    idle = timezone.now() - datetime.timedelta(seconds=1)  # the 30 minutes have run out
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=idle)
    assert signed_out(client.get("/"))


def _start_session_at(client, seconds_ago: int) -> None:
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - seconds_ago
    session.save()


def test_twelve_hours_after_sign_in_the_session_ends_however_active(client, staff_user):
    client.force_login(staff_user)
    _start_session_at(client, 12 * 60 * 60 + 60)
    assert signed_out(client.get("/"))
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_OUT, user=staff_user).get()
    assert event.detail == {"reason": "session-expired"}
    assert signed_out(client.get("/"))


def test_eleven_hours_after_sign_in_the_session_still_works(client, staff_user):
    client.force_login(staff_user)
    _start_session_at(client, 11 * 60 * 60)
    assert client.get("/").status_code == 200


def test_a_disabled_account_is_signed_out_at_its_next_request(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/").status_code == 200
    staff_user.is_active = False
    staff_user.save()
    assert signed_out(client.get("/"))
    assert signed_out(client.get("/contacts/"))


def test_a_disabled_account_signed_in_with_its_password_is_signed_out_too(client, staff_user):
    """Axes' backend comes first but signs nobody in: the session holds Django's backend,
    which refuses inactive users when it loads the session."""
    client.post(LOGIN, {"username": "staff", "password": PASSWORD})
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"
    assert client.get("/").status_code == 200
    staff_user.is_active = False
    staff_user.save()
    assert signed_out(client.get("/"))


def test_a_disabled_account_cannot_sign_in(client, staff_user):
    staff_user.is_active = False
    staff_user.save()
    response = client.post(LOGIN, {"username": "staff", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
