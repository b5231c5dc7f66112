"""Wrong two-factor codes are counted per account and address: someone who holds the password
can hammer the code page from one place without locking the owner out from another, and past
a ceiling for the account the admins are told."""

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp

from accounts.models import AuditEvent
from accounts.roles import Role
from tests.accounts.test_two_factor import current_code, with_confirmed_device
from tests.factories import UserFactory

VERIFY = reverse("two-factor-verify")
ATTACKER = "198.51.100.7"
OWNER = "203.0.113.20"
PROBE_ATTEMPTS = 117  # what the probe sent in 60 seconds


def wrong_code(device) -> str:
    """A code that none of the steps the device accepts right now would show."""
    accepted = {
        totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
        for drift in range(-device.tolerance - 1, device.tolerance + 2)
    }
    return next(f"{code:06d}" for code in range(1000000) if code not in accepted)


def signed_in_with_password(user, address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    return client


def verified(client) -> bool:
    return client.get("/").status_code == 200


@pytest.fixture
def attacked(staff_user):
    """The staff account with an authenticator, and the attacker's session (the password)."""
    device, codes = with_confirmed_device(staff_user)
    attacker = signed_in_with_password(staff_user, ATTACKER)
    return device, codes, attacker


def hammer(client, device, times=PROBE_ATTEMPTS) -> list[int]:
    code = wrong_code(device)
    return [client.post(VERIFY, {"code": code}).status_code for _ in range(times)]


def test_wrong_codes_from_one_address_leave_the_owners_code_working(attacked, staff_user):
    device, _codes, attacker = attacked
    statuses = hammer(attacker, device)
    assert not verified(attacker)

    owner = signed_in_with_password(staff_user, OWNER)
    response = owner.post(VERIFY, {"code": current_code(device), "next": "/contacts/"})

    assert response.status_code == 302
    assert response["Location"] == "/contacts/"
    assert verified(owner)
    assert 429 in statuses


def test_a_recovery_code_from_another_address_works_after_the_attack(attacked, staff_user):
    device, codes, attacker = attacked
    hammer(attacker, device)

    owner = signed_in_with_password(staff_user, OWNER)
    response = owner.post(VERIFY, {"code": codes[3]})

    assert response.status_code == 302
    assert verified(owner)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RECOVERY_CODE_USED).count() == 1


@override_settings(OTP_FAILURES_PER_ADDRESS=5)
def test_past_the_limit_the_address_is_refused_even_the_right_code(attacked):
    device, codes, attacker = attacked
    statuses = hammer(attacker, device, times=5)
    assert statuses == [200] * 5  # the form says the code did not work

    refused = attacker.post(VERIFY, {"code": current_code(device)})
    assert refused.status_code == 429
    assert "Too many wrong codes" in refused.content.decode()
    assert attacker.post(VERIFY, {"code": codes[0]}).status_code == 429
    assert not verified(attacker)


@override_settings(OTP_FAILURES_PER_ADDRESS=5, OTP_FAILURES_PER_ACCOUNT=20)
def test_the_ceiling_emails_the_admins_once_and_is_logged(
    attacked, admin_user, staff_user, django_capture_on_commit_callbacks
):
    device, _codes, attacker = attacked
    admin_user.email = "admin@example.org"
    admin_user.save()
    UserFactory(username="second-admin", email="second@example.org", role=Role.ADMIN)
    UserFactory(username="other-staff", email="staff@example.org", role=Role.STAFF)

    with django_capture_on_commit_callbacks(execute=True):
        hammer(attacker, device)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["admin@example.org", "second@example.org"]
    assert "staff" in message.body
    assert ATTACKER not in message.subject
    ceiling = AuditEvent.objects.get(kind=AuditEvent.Kind.TWO_FACTOR_CEILING)
    assert ceiling.detail["account"] == "staff"


@override_settings(OTP_FAILURES_PER_ADDRESS=5, OTP_FAILURES_PER_ACCOUNT=20)
def test_past_the_ceiling_only_addresses_that_never_failed_may_try(attacked, staff_user):
    device, _codes, attacker = attacked
    hammer(attacker, device, times=20)
    # Another place that got one code wrong before is refused now, even with the right one.
    second = signed_in_with_password(staff_user, "192.0.2.44")
    assert second.post(VERIFY, {"code": wrong_code(device)}).status_code == 200
    assert second.post(VERIFY, {"code": current_code(device)}).status_code == 429

    owner = signed_in_with_password(staff_user, OWNER)
    assert owner.post(VERIFY, {"code": current_code(device)}).status_code == 302


@override_settings(OTP_REQUIRED_FOR_PERSONAL_DATA=True)
@pytest.mark.parametrize(
    ("persona", "sent_to_set_up"),
    [("admin", True), ("staff", True), ("focal_point", False), ("viewer", False)],
)
def test_everyone_who_sees_personal_data_must_set_up_two_factor(
    client_for, personas, persona, sent_to_set_up
):
    response = client_for(personas[persona]).get("/")
    if sent_to_set_up:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two-factor-setup"))
    else:
        assert response.status_code == 200
