"""Two-factor sign-in: set-up with a QR code, the code after the password, recovery codes,
and enforcement for secretariat admins."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent
from accounts.services import recovery_codes_replace, totp_device_confirm, totp_device_pending
from tests.conftest import PASSWORD

SETUP = reverse("two-factor-setup")
VERIFY = reverse("two-factor-verify")


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def with_confirmed_device(user) -> tuple[TOTPDevice, list[str]]:
    device = totp_device_pending(user=user)
    codes = totp_device_confirm(user=user, device=device)
    return device, codes


@override_settings(OTP_REQUIRED_FOR_PERSONAL_DATA=True)
@pytest.mark.parametrize("url", ["/", "/contacts/", "/admin/", "/admin/members/person/"])
def test_enforced_admin_without_a_device_is_sent_to_set_up(client, admin_user, url):
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


@override_settings(OTP_REQUIRED_FOR_PERSONAL_DATA=True)
def test_enforced_admin_can_still_sign_out_and_reach_the_set_up_page(client, admin_user):
    client.force_login(admin_user)
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/")["Location"].startswith(reverse("login"))


@override_settings(OTP_REQUIRED_FOR_PERSONAL_DATA=True)
def test_setting_up_shows_an_inline_svg_qr_code_and_then_ten_recovery_codes(client, admin_user):
    client.force_login(admin_user)
    page = client.get(SETUP)
    assert b"<svg" in page.content
    assert b"<img" not in page.content
    assert b"<script" not in page.content
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)

    done = client.post(SETUP, {"code": current_code(device), "next": "/contacts/"})

    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 == len(set(codes))
    for code in codes:
        assert code.encode() in done.content
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200  # verified for the rest of the session
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TWO_FACTOR_ENABLED).count() == 1


def test_a_wrong_code_at_set_up_turns_nothing_on(client, staff_user):
    client.force_login(staff_user)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=staff_user, confirmed=True).exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TWO_FACTOR_FAILED).exists()


@override_settings(OTP_REQUIRED_FOR_PERSONAL_DATA=True)
def test_admin_with_a_device_must_enter_the_code_after_the_password(client, admin_user):
    device, _codes = with_confirmed_device(admin_user)
    signed_in = client.post(reverse("login"), {"username": "admin", "password": PASSWORD})
    assert signed_in.status_code == 302

    asked = client.get("/admin/")
    assert asked.status_code == 302
    assert asked["Location"].startswith(VERIFY)
    assert client.get(asked["Location"]).status_code == 200

    verified = client.post(VERIFY, {"code": current_code(device), "next": "/admin/"})
    assert verified.status_code == 302
    assert verified["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@override_settings(OTP_REQUIRED_FOR_PERSONAL_DATA=False)
def test_staff_need_no_second_factor_until_they_turn_it_on(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/").status_code == 200
    with_confirmed_device(staff_user)
    client.force_login(staff_user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_an_unverified_session_cannot_replace_the_device(client, staff_user):
    """Otherwise a stolen password would be enough to set up the thief's own phone."""
    with_confirmed_device(staff_user)
    client.force_login(staff_user)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff_user).count() == 1


def test_a_wrong_code_is_refused_and_logged(client, staff_user):
    with_confirmed_device(staff_user)
    client.force_login(staff_user)
    response = client.post(VERIFY, {"code": "123456"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.TWO_FACTOR_FAILED, user=staff_user
    ).exists()


def test_a_recovery_code_works_once(client, django_user_model, staff_user):
    _device, codes = with_confirmed_device(staff_user)
    client.force_login(staff_user)
    first = client.post(VERIFY, {"code": codes[0].upper()})
    assert first.status_code == 302
    assert client.get("/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.RECOVERY_CODE_USED).detail == {
        "codes_left": 9
    }

    client.logout()
    client.force_login(staff_user)
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200
    assert client.get("/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, staff_user):
    device, old_codes = with_confirmed_device(staff_user)
    client.force_login(staff_user)
    client.post(VERIFY, {"code": current_code(device)})
    assert client.get(SETUP).status_code == 200  # "two-factor is on"

    response = client.post(SETUP, {"action": "new-codes"})

    new_codes = response.context["codes"]
    assert len(new_codes) == 10
    tokens = set(StaticToken.objects.values_list("token", flat=True))
    assert tokens == set(new_codes)
    assert not tokens & set(old_codes)


def test_recovery_codes_are_unique_and_ten(staff_user):
    codes = recovery_codes_replace(user=staff_user)
    assert len(set(codes)) == 10


def test_verify_sends_elsewhere_only_to_our_own_pages(client, staff_user):
    device, _codes = with_confirmed_device(staff_user)
    client.force_login(staff_user)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("campaigns:dashboard")
