"""Production settings, checked in a fresh process as a deployment would start them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "OTP_", "PROXY_", "CLIENT_IP"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production(**extra: str) -> dict[str, str]:
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
        **extra,
    }


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **production(SQLITE_PATH=str(tmp_path / "db.sqlite3")),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production()
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", **production(DJANGO_SECRET_KEY="too-short"))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set (50+ characters)" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = production()
    del env["DJANGO_ALLOWED_HOSTS"]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_production_enforces_two_factor_and_secure_cookies():
    code = (
        "from django.conf import settings as s; "
        "print(s.OTP_REQUIRED_FOR_PERSONAL_DATA, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, **production())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "False"]


def test_two_factor_can_be_turned_off_by_the_former_setting_name_too():
    code = "from django.conf import settings as s; print(s.OTP_REQUIRED_FOR_PERSONAL_DATA)"
    for env, expected in [
        ({"OTP_REQUIRED_FOR_ADMINS": "0"}, "False"),
        ({"OTP_REQUIRED_FOR_PERSONAL_DATA": "0"}, "False"),
        ({"OTP_REQUIRED_FOR_ADMINS": "0", "OTP_REQUIRED_FOR_PERSONAL_DATA": "1"}, "True"),
    ]:
        result = run_manage("shell", "--no-imports", "-c", code, **production(**env))
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [expected], env


def test_uploads_may_not_live_under_a_static_directory(tmp_path):
    result = run_manage(
        "check",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "static" / "media"),
    )
    assert result.returncode != 0
    assert "DJANGO_MEDIA_ROOT must not be inside a static directory" in result.stderr
