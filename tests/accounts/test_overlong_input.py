"""Over-long input on the public and two-factor pages: a form error, never a server error.

django-axes keeps the typed username in a varchar(255) column, so a longer one used to reach
the database and fail there (PostgreSQL refuses it; SQLite would silently keep it).
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent
from tests.accounts.test_two_factor import with_confirmed_device
from tests.conftest import PASSWORD

LONG = "x" * 300


@pytest.fixture
def lenient_client():
    """Answers with the server's error page instead of raising, as gunicorn would."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("length", [151, 255, 256, 300, 5000])
def test_an_over_long_username_at_sign_in_is_a_form_error(lenient_client, staff_user, length):
    response = lenient_client.post(
        reverse("login"), {"username": "u" * length, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "150" in " ".join(response.context["form"].errors["username"])
    assert "_auth_user_id" not in lenient_client.session
    assert not AccessAttempt.objects.exists()
    assert not AccessFailureLog.objects.exists()


@pytest.mark.parametrize("length", [256, 5000])
def test_an_over_long_username_at_the_admin_sign_in_is_a_form_error(
    lenient_client, admin_user, length
):
    response = lenient_client.post(
        reverse("admin:login"), {"username": "u" * length, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not AccessAttempt.objects.exists()


def test_a_username_of_150_characters_is_still_checked_as_usual(lenient_client, staff_user):
    response = lenient_client.post(reverse("login"), {"username": "u" * 150, "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN_FAILED).count() == 1


def test_an_over_long_address_at_password_reset_is_a_form_error(lenient_client, db):
    response = lenient_client.post(reverse("password_reset"), {"email": f"{LONG}@example.org"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]


def test_an_over_long_new_password_at_reset_is_refused_without_error(lenient_client, db):
    response = lenient_client.post(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": LONG}),
        {"new_password1": LONG * 20, "new_password2": LONG * 20},
    )
    assert response.status_code in (200, 302)


def test_an_over_long_code_at_two_factor_sign_in_is_a_form_error(lenient_client, staff_user):
    with_confirmed_device(staff_user)
    lenient_client.force_login(staff_user)
    response = lenient_client.post(reverse("two-factor-verify"), {"code": LONG, "next": LONG})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert lenient_client.get("/").status_code == 302  # still not verified


def test_an_over_long_code_at_two_factor_set_up_is_a_form_error(lenient_client, staff_user):
    lenient_client.force_login(staff_user)
    response = lenient_client.post(reverse("two-factor-setup"), {"code": LONG, "next": LONG})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
