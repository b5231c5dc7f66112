"""Sessions end after 30 minutes idle and after 12 hours whatever the activity, and a disabled
account's open session stops working at its next request."""

import datetime
import time

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.signals import SESSION_STARTED
from tests.conftest import PASSWORD

LOGIN = reverse("login")


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_idle_timeout_is_thirty_minutes_from_sign_in(client, staff_user):
    client.force_login(staff_user)
    client.get("/")
    session = Session.objects.get(session_key=client.session.session_key)
    left = (session.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 5 < left <= settings.SESSION_COOKIE_AGE == 30 * 60


def _expiry(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_a_second_request_within_the_minute_does_not_write_the_session(client, staff_user):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(staff_user)
        assert client.get("/").status_code == 200
        signed_in_expiry = _expiry(client)
    with (
        time_machine.travel(start + datetime.timedelta(seconds=59), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get("/contacts/")
    assert response.status_code == 200
    assert _session_writes(queries.captured_queries) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert _expiry(client) == signed_in_expiry


def test_a_request_after_the_minute_restarts_the_idle_clock(client, staff_user):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(staff_user)
        signed_in_expiry = _expiry(client)
    later = start + datetime.timedelta(seconds=settings.SESSION_REFRESH_SECONDS)
    with time_machine.travel(later, tick=False), CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert len(_session_writes(queries.captured_queries)) == 1
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    assert _expiry(client) == signed_in_expiry + datetime.timedelta(seconds=60)


def test_requests_every_half_minute_keep_the_session_past_thirty_minutes(client, staff_user):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(staff_user)
    for step in range(1, 81):  # 40 minutes of activity, a request every 30 seconds
        with time_machine.travel(start + datetime.timedelta(seconds=30 * step), tick=False):
            assert client.get("/").status_code == 200


def test_thirty_minutes_after_the_last_refresh_the_session_ends(client, staff_user):
    """A request within the minute after a refresh does not restart the idle clock, so the
    session ends between 29 and 30 minutes after the last request, never later."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(staff_user)
    refreshed = start + datetime.timedelta(minutes=10)
    with time_machine.travel(refreshed, tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(refreshed + datetime.timedelta(seconds=59), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(refreshed + datetime.timedelta(minutes=30, seconds=1), tick=False):
        assert signed_out(client.get("/"))


def test_a_request_just_before_thirty_idle_minutes_keeps_the_session(client, staff_user):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(staff_user)
    with time_machine.travel(start + datetime.timedelta(minutes=29, seconds=59), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        assert client.get("/").status_code == 200


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
