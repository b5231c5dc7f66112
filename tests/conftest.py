"""Personas for every role, shared by the whole suite (see tests/factories.py for data)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from accounts.roles import Role
from tests.factories import MemberFactory, UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def member_a(db):
    return MemberFactory(name="Member A", country="PL", region="europe")


@pytest.fixture
def member_b(db):
    return MemberFactory(name="Member B", country="NG", region="africa")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staff", role=Role.STAFF)


@pytest.fixture
def focal_point(db, member_a):
    return UserFactory(username="focal-a", role=Role.FOCAL_POINT, member=member_a)


@pytest.fixture
def other_focal_point(db, member_b):
    return UserFactory(username="focal-b", role=Role.FOCAL_POINT, member=member_b)


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer", role=Role.VIEWER)


@pytest.fixture
def no_role_user(db):
    return UserFactory(username="no-role")


@pytest.fixture
def personas(admin_user, staff_user, focal_point, viewer, no_role_user):
    """Every signed-in persona by name, plus None for anonymous."""
    return {
        "admin": admin_user,
        "staff": staff_user,
        "focal_point": focal_point,
        "viewer": viewer,
        "no_role": no_role_user,
        "anonymous": None,
    }


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns the test client signed in as that user (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True, scope="session")
def _uploads_in_a_temporary_directory(tmp_path_factory):
    """Uploaded resource files go to a directory of the test run, never to var/media."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; the suite creates hundreds. Sign-in still checks them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def role_groups(transactional_db):
    """The four role groups, for tests on a transactional database (flushed after each test,
    which takes the groups the accounts migration made with it)."""
    recreate_role_groups()


def recreate_role_groups() -> None:
    """The four role groups, as the accounts migration creates them, for tests on a
    transactional database (flushed after each test, the migration's groups with it)."""
    roles = importlib.import_module("accounts.migrations.0003_roles")
    # The function is written for a migration's app registry and clears models_module on
    # every app config it visits; the real registry gets its values back.
    saved = {config: config.models_module for config in django_apps.get_app_configs()}
    try:
        roles.create_roles(django_apps, None)
    finally:
        for config, models_module in saved.items():
            config.models_module = models_module


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """A request in another language leaves that language active in the thread (the locale
    middleware activates it and nothing deactivates it), so later tests would read messages in
    French or Russian; every test starts in the site's default language."""
    translation.activate(settings.LANGUAGE_CODE)
