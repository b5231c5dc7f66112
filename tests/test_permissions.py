"""The role × URL matrix: every named URL of the URLconf, requested as every persona.

The expected status of each cell lives in ``EXPECTED`` below, the one table of who may open
what. A named URL without a row fails ``test_every_named_url_has_a_row`` ("add a row for
<name>"); a URL whose pattern takes arguments needs an entry in ``ARGS`` built from the real
objects of the ``world`` fixture. Admin pages of registered models get their rows generated
from the admin registry (``_admin_model_rows``), so a newly registered model is covered too,
once ``ADMIN_OBJECTS`` knows how to make one of it.

Cells: an int is the status code; a ``Redirect`` is a 302 to that page. Rows marked
``post=True`` accept POST, and tests/test_csrf.py posts to each of them without a token.

Under ``/api/`` nothing redirects: anonymous is 401 and a user without a role 403, in JSON.
Those rows are requested twice, with a signed-in session and with each persona's own API
token (``test_every_persona_with_a_token_gets_the_expected_status_on_every_api_url``).
"""

import dataclasses
import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import ApiToken, AuditEvent
from campaigns.exchange.admin_import import CsvImportAdmin
from campaigns.models import Resource, SavedView
from campaigns.resource_services import resource_create
from notifications.models import EmailPreferences
from notifications.tokens import stop_token
from public.services import public_page_switch
from tests import factories
from tests.api.conftest import bearer_client, token_for
from tests.url_walk import named_urls

PERSONAS = ("admin", "staff", "focal_point", "viewer", "no_role", "anonymous")


@dataclasses.dataclass(frozen=True)
class Redirect:
    """A 302 whose Location starts with the given page's URL."""

    to: str

    def __repr__(self) -> str:
        return f"302→{self.to}"


LOGIN = Redirect("login")
NO_ACCESS = Redirect("no-access")
HOME = Redirect("campaigns:dashboard")
ADMIN_LOGIN = Redirect("admin:login")
ADMIN_HOME = Redirect("admin:index")


def row(admin, staff, focal_point, viewer, no_role, anonymous, *, post=False) -> dict:
    statuses = (admin, staff, focal_point, viewer, no_role, anonymous)
    cells = dict(zip(PERSONAS, statuses, strict=True))
    return {"cells": cells, "post": post}


def public(status=200, *, post=False) -> dict:
    return row(*[status] * 6, post=post)


def roles(admin, staff, focal_point, viewer, *, post=False) -> dict:
    """A page behind the sign-in: no role goes to "no access yet", anonymous to sign-in."""
    return row(admin, staff, focal_point, viewer, NO_ACCESS, LOGIN, post=post)


def api(admin, staff, focal_point, viewer, *, post=False) -> dict:
    """A JSON view under /api/: no role is 403 and anonymous 401, never a redirect."""
    return row(admin, staff, focal_point, viewer, 403, 401, post=post)


def signed_in(status, *, post=False) -> dict:
    """A page every signed-in user reaches, with or without a role."""
    return row(*[status] * 5, LOGIN, post=post)


def django_admin(admin_status, *, post=False, anonymous=LOGIN) -> dict:
    """Django admin: only is_staff accounts (our admin persona) get in; the secretariat staff
    role is not admin-site staff; no role goes to "no access yet" first. The admin site's own
    pages send anonymous visitors to the admin's sign-in page, model pages to the main one."""
    return row(admin_status, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NO_ACCESS, anonymous, post=post)


def admin_site(admin_status, *, post=False) -> dict:
    return django_admin(admin_status, post=post, anonymous=ADMIN_LOGIN)


EXPECTED: dict[str, dict] = {
    # Public pages: sign-in, password reset, health.
    "health": public(200),
    # A GET changes nothing and goes home; the choice itself is a POST.
    "set_language": row(HOME, HOME, HOME, HOME, HOME, HOME, post=True),
    # The JavaScript catalogue serves the pickers of the contact pages.
    "javascript-catalog": roles(200, 200, 200, 200),
    "login": row(HOME, HOME, HOME, HOME, HOME, 200, post=True),
    "logout": row(405, 405, 405, 405, 405, LOGIN, post=True),
    "password_reset": public(200, post=True),
    "password_reset_done": public(200),
    "password_reset_confirm": public(200, post=True),
    "password_reset_complete": public(200),
    # Signed in, whatever the role.
    "no-access": row(HOME, HOME, HOME, HOME, 403, LOGIN),
    "password_change": signed_in(200, post=True),
    "password_change_done": signed_in(200),
    "two-factor-setup": roles(200, 200, 200, 200, post=True),
    "two-factor-verify": row(HOME, HOME, HOME, HOME, HOME, LOGIN, post=True),
    # The tracker's pages.
    "campaigns:dashboard": roles(200, 200, 200, 200),
    "campaigns:campaign": roles(200, 200, 200, 200),
    "campaigns:api-engagement": api(200, 200, 200, 200),
    # Viewers see aggregates only: no contact rows, in pages or exports.
    "campaigns:contact-list": roles(200, 200, 200, 403),
    "campaigns:contact-create": roles(200, 200, 200, 403, post=True),
    # Member B's contact: the focal point of member A gets 404, as for an unknown id.
    "campaigns:contact-detail": roles(200, 200, 404, 403),
    "campaigns:contact-update": roles(200, 200, 404, 403, post=True),
    "campaigns:contact-delete": roles(200, 200, 404, 403, post=True),
    "campaigns:follow-up-done": roles(405, 405, 405, 405, post=True),
    "campaigns:section-search": api(200, 200, 200, 200),
    "campaigns:member-search": api(200, 200, 200, 200),
    "campaigns:people-options": api(200, 200, 403, 403),
    "campaigns:contact-export-csv": roles(200, 200, 200, 403),
    "campaigns:contact-export-xlsx": roles(200, 200, 200, 403),
    "campaigns:follow-ups": roles(200, 200, 200, 403),
    # Bulk actions post the list's chosen rows; viewers have no list.
    "campaigns:contact-bulk": roles(405, 405, 405, 403, post=True),
    # Saved views: staff's private view; others get 404 as for an unknown id, viewers 403.
    "campaigns:saved-view-create": roles(405, 405, 405, 403, post=True),
    "campaigns:saved-view": roles(404, Redirect("campaigns:contact-list"), 404, 403),
    "campaigns:saved-view-update": roles(404, 200, 404, 403, post=True),
    "campaigns:saved-view-delete": roles(404, 200, 404, 403, post=True),
    # Events name members and their answers: no viewer.
    "campaigns:event-list": roles(200, 200, 200, 403),
    # Member B's request: the focal point of member A gets 404 (a GET is refused first).
    "campaigns:request-answer": roles(405, 405, 405, 405, post=True),
    "campaigns:check-ins": roles(200, 200, 403, 403),
    "campaigns:check-in-answer": roles(200, 200, 403, 403, post=True),
    # Rounds are the secretariat's; member B's check-in: the focal point of member A gets 404.
    "campaigns:check-in-round-create": roles(200, 200, 403, 403, post=True),
    "campaigns:check-in-round": roles(200, 200, 403, 403),
    "campaigns:check-in-round-close": roles(405, 405, 405, 405, post=True),
    "campaigns:check-in-round-answers-csv": roles(200, 200, 403, 403),
    "campaigns:check-in-respond": roles(200, 200, 404, 403, post=True),
    # Resources: every role reads the library; a secretariat-only file is a 404 to the rest.
    "campaigns:resource-list": roles(200, 200, 200, 200),
    "campaigns:resource-download": roles(200, 200, 404, 404),
    "sections:list": roles(200, 200, 200, 200),
    "sections:detail": roles(200, 200, 200, 200),
    "sections:report": roles(200, 200, 200, 200),
    "members:list": roles(200, 200, 200, 200),
    # Member B's pages: the focal point of member A gets 404, as for any unknown id.
    "members:detail": roles(200, 200, 404, 200),
    "members:report": roles(200, 200, 404, 200),
    "members:person-detail": roles(200, 200, 403, 403),
    # The public numbers page and its data files: off by default, so not found for everyone,
    # signed in or not (PUBLIC_WHEN_ON below: the same URLs once an admin turns it on).
    "public:page": public(404),
    "public:numbers-json": public(404),
    "public:numbers-csv": public(404),
    "public:switch": roles(200, 403, 403, 403, post=True),
    # Which emails one gets: one's own choices; the stop link works without signing in.
    "notifications:preferences": roles(200, 200, 200, 200, post=True),
    "notifications:stop": public(200, post=True),
    # Personal API tokens: every role makes its own; revoking is a POST.
    "api-tokens": roles(200, 200, 200, 200, post=True),
    "api-token-revoke": roles(405, 405, 405, 405, post=True),
    # The People page: user and role management, secretariat admins only.
    "accounts:people": roles(200, 403, 403, 403),
    "accounts:people-add": roles(200, 403, 403, 403, post=True),
    "accounts:people-detail": roles(200, 403, 403, 403, post=True),
    "accounts:people-active": roles(405, 403, 403, 403, post=True),
    "accounts:people-set-password-email": roles(405, 403, 403, 403, post=True),
    # The REST API. Member B's records: the focal point of member A gets 404.
    "api:api-root": api(200, 200, 200, 200),
    # Viewers see aggregates only: no contact rows through the API either.
    "api:contact-list": api(200, 200, 200, 403, post=True),
    "api:contact-detail": api(200, 200, 404, 403),
    "api:contact-export-ndjson": api(200, 200, 200, 403),
    "api:section-list": api(200, 200, 200, 200),
    "api:section-detail": api(200, 200, 200, 200),
    "api:member-list": api(200, 200, 200, 200),
    "api:member-detail": api(200, 200, 404, 200),
    "api:person-list": api(200, 200, 403, 403),
    "api:person-detail": api(200, 200, 403, 403),
    "api:strategy-list": api(200, 200, 200, 200),
    "api:strategy-detail": api(200, 200, 200, 200),
    "api:milestone-list": api(200, 200, 200, 200),
    "api:milestone-detail": api(200, 200, 200, 200),
    "api:petition-list": api(200, 200, 200, 200),
    "api:petition-detail": api(200, 200, 200, 200),
    "api:check-in-list": api(200, 200, 403, 403),
    "api:check-in-detail": api(200, 200, 403, 403),
    "api:engagement": api(200, 200, 200, 200),
    "api:schema": api(200, 200, 200, 200),
    "api:docs": api(200, 200, 200, 200),
    # The Django admin's own pages.
    "admin:index": admin_site(200),
    "admin:login": row(ADMIN_HOME, 200, 200, 200, 200, 200, post=True),
    "admin:logout": row(405, ADMIN_HOME, ADMIN_HOME, ADMIN_HOME, NO_ACCESS, ADMIN_LOGIN, post=True),
    "admin:password_change": admin_site(200, post=True),
    "admin:password_change_done": admin_site(200),
    "admin:jsi18n": admin_site(200),
    "admin:autocomplete": admin_site(403),  # needs the calling field's parameters
    "admin:app_list": admin_site(200),
    "admin:view_on_site": admin_site(404),  # no model of ours has get_absolute_url
    "admin:auth_user_password_change": django_admin(200, post=True),
    "admin:otp_totp_totpdevice_config": django_admin(200),
    "admin:otp_totp_totpdevice_qrcode": django_admin(200),
}

# The public page's URLs once a secretariat admin has turned it on: open to every persona.
PUBLIC_WHEN_ON: dict[str, dict] = {
    "public:page": public(200),
    "public:numbers-json": public(200),
    "public:numbers-csv": public(200),
}

# Admins that refuse adding (records of events) or deleting (the audit log is evidence);
# axes' records can be deleted, which is how an admin lifts a lockout early.
NO_ADD_ADMIN = {
    "accounts.auditevent",
    "accounts.apitoken",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "notifications.outgoingemail",
}
NO_DELETE_ADMIN = {"accounts.auditevent", "accounts.apitoken", "notifications.outgoingemail"}


def _admin_model_rows() -> dict[str, dict]:
    rows = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        no_add, no_delete = label in NO_ADD_ADMIN, label in NO_DELETE_ADMIN
        rows[f"{prefix}_changelist"] = django_admin(200, post=True)
        rows[f"{prefix}_add"] = django_admin(403 if no_add else 200, post=not no_add)
        rows[f"{prefix}_change"] = django_admin(200, post=not no_add)
        rows[f"{prefix}_history"] = django_admin(200)
        rows[f"{prefix}_delete"] = django_admin(403 if no_delete else 200, post=not no_delete)
        if isinstance(admin.site._registry[model], SimpleHistoryAdmin):
            rows[f"{prefix}_simple_history"] = django_admin(200, post=True)
        if isinstance(admin.site._registry[model], CsvImportAdmin):
            # Upload (GET shows the form), then confirm (POST only).
            rows[f"{prefix}_import"] = django_admin(200, post=True)
            rows[f"{prefix}_import_confirm"] = django_admin(405, post=True)
    return rows


EXPECTED |= _admin_model_rows()


# How to make one object of each model registered in the admin, from the world below.
ADMIN_OBJECTS = {
    "auth.group": lambda w: Group.objects.get(name="viewer"),
    "axes.accessattempt": lambda w: AccessAttempt.objects.create(
        username="someone", ip_address="192.0.2.1", user_agent="test", failures_since_start=1
    ),
    "axes.accesslog": lambda w: AccessLog.objects.create(
        username="someone", ip_address="192.0.2.1", user_agent="test"
    ),
    "axes.accessfailurelog": lambda w: AccessFailureLog.objects.create(
        username="someone", ip_address="192.0.2.1", user_agent="test"
    ),
    "otp_totp.totpdevice": lambda w: TOTPDevice.objects.create(
        user=w["device_holder"], name="phone", confirmed=True
    ),
    "otp_static.staticdevice": lambda w: StaticDevice.objects.create(
        user=w["device_holder"], name="recovery codes", confirmed=True
    ),
    "accounts.user": lambda w: w["device_holder"],
    "accounts.apitoken": lambda w: w["token"],
    "accounts.auditevent": lambda w: AuditEvent.objects.create(
        kind=AuditEvent.Kind.SIGN_IN_FAILED, username="someone"
    ),
    "campaigns.campaign": lambda w: w["campaign"],
    "campaigns.goal": lambda w: factories.GoalFactory(campaign=w["campaign"]),
    "campaigns.strategy": lambda w: factories.StrategyFactory(campaign=w["campaign"]),
    "campaigns.milestone": lambda w: factories.MilestoneFactory(campaign=w["campaign"]),
    "campaigns.petition": lambda w: factories.PetitionFactory(campaign=w["campaign"]),
    "campaigns.supportercount": lambda w: factories.SupporterCountFactory(
        petition=factories.PetitionFactory(campaign=w["campaign"])
    ),
    "campaigns.endorsement": lambda w: factories.EndorsementFactory(campaign=w["campaign"]),
    "campaigns.contact": lambda w: w["contact_a"],
    "campaigns.savedview": lambda w: w["saved_view"],
    "campaigns.checkin": lambda w: w["check_in"],
    "campaigns.checkinround": lambda w: w["round_check_in_b"].round,
    "campaigns.sectionposition": lambda w: factories.SectionPositionFactory(section=w["section"]),
    "campaigns.event": lambda w: w["event"],
    "campaigns.sectionrequest": lambda w: w["request_b"],
    "campaigns.resource": lambda w: w["reserved_resource"],
    "members.memberorganisation": lambda w: w["member_a"],
    "members.person": lambda w: w["person"],
    "sections.section": lambda w: w["section"],
    "notifications.outgoingemail": lambda w: factories.OutgoingEmailFactory(),
    "notifications.emailpreferences": lambda w: EmailPreferences.objects.create(
        user=w["device_holder"]
    ),
}


@pytest.fixture
def world(personas, member_a, member_b):
    """Real objects for every URL argument: one of each kind, two members' contacts."""
    campaign = factories.CampaignFactory()
    section = factories.SectionFactory(country="NO", name="AI Norway")
    person = factories.PersonFactory(member=member_a, name="Matrix Person")
    contact_a = factories.ContactFactory(member=member_a, section=section)
    contact_a.people.add(person)
    w = {
        **personas,
        "member_a": member_a,
        "member_b": member_b,
        "campaign": campaign,
        "section": section,
        "person": person,
        "contact_a": contact_a,
        "contact_b": factories.ContactFactory(member=member_b, section=section),
        "check_in": factories.CheckInFactory(member=member_a, asked_on=datetime.date(2015, 10, 1)),
        "round_check_in_b": factories.CheckInFactory(
            member=member_b, round=factories.CheckInRoundFactory()
        ),
        "device_holder": factories.UserFactory(username="device-holder"),
        "saved_view": SavedView.objects.create(
            owner=personas["staff"], name="Staff's own", query="channel=email"
        ),
        "event": factories.EventFactory(),
        # Member B's request: the focal point of member A may not answer it.
        "request_b": factories.SectionRequestFactory(member=member_b, section=section),
        "request_a": factories.SectionRequestFactory(member=member_a, section=section),
        "reserved_resource": resource_create(
            title="Secretariat plan",
            audience=Resource.Audience.SECRETARIAT,
            file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
        ),
    }
    w["token"] = ApiToken.objects.get(prefix=token_for(w["admin"])[4:12])
    w["objects"] = {
        model._meta.label_lower: ADMIN_OBJECTS[model._meta.label_lower](w)
        for model in admin.site._registry
        if model._meta.label_lower in ADMIN_OBJECTS
    }
    return w


def _admin_model_args(name: str, w: dict) -> list | None:
    """Arguments of a registered model's admin page: its object, and a version of it."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if not name.startswith(prefix):
            continue
        obj = w["objects"][model._meta.label_lower]
        page = name[len(prefix) :]
        if page in {"change", "history", "delete"}:
            return [obj.pk]
        if page == "simple_history":
            return [obj.pk, obj.history.earliest().history_id]
    return None


# Arguments of the patterns that take some, from the world's real objects.
ARGS = {
    "campaigns:contact-detail": lambda w: ([w["contact_b"].pk], {}),
    "campaigns:contact-update": lambda w: ([w["contact_b"].pk], {}),
    "campaigns:contact-delete": lambda w: ([w["contact_b"].pk], {}),
    "campaigns:follow-up-done": lambda w: ([w["contact_b"].pk], {}),
    "campaigns:saved-view": lambda w: ([w["saved_view"].pk], {}),
    "campaigns:saved-view-update": lambda w: ([w["saved_view"].pk], {}),
    "campaigns:saved-view-delete": lambda w: ([w["saved_view"].pk], {}),
    "campaigns:request-answer": lambda w: ([w["request_b"].pk], {}),
    "campaigns:check-in-answer": lambda w: ([w["check_in"].pk], {}),
    "campaigns:check-in-respond": lambda w: ([w["round_check_in_b"].pk], {}),
    "campaigns:check-in-round": lambda w: ([w["round_check_in_b"].round_id], {}),
    "campaigns:resource-download": lambda w: ([w["reserved_resource"].pk], {}),
    "campaigns:check-in-round-close": lambda w: ([w["round_check_in_b"].round_id], {}),
    "campaigns:check-in-round-answers-csv": lambda w: ([w["round_check_in_b"].round_id], {}),
    "sections:detail": lambda w: ([w["section"].pk], {}),
    "sections:report": lambda w: ([w["section"].pk], {}),
    "members:detail": lambda w: ([w["member_b"].pk], {}),
    "members:report": lambda w: ([w["member_b"].pk], {}),
    "members:person-detail": lambda w: ([w["person"].pk], {}),
    "notifications:stop": lambda w: (
        [stop_token(user_id=w["viewer"].pk, preference="weekly_digest")],
        {},
    ),
    "api-token-revoke": lambda w: ([w["token"].pk], {}),
    "accounts:people-detail": lambda w: ([w["viewer"].pk], {}),
    "accounts:people-active": lambda w: ([w["viewer"].pk], {}),
    "accounts:people-set-password-email": lambda w: ([w["viewer"].pk], {}),
    "api:contact-detail": lambda w: ([w["contact_b"].pk], {}),
    "api:section-detail": lambda w: ([w["section"].pk], {}),
    "api:member-detail": lambda w: ([w["member_b"].pk], {}),
    "api:person-detail": lambda w: ([w["person"].pk], {}),
    "api:strategy-detail": lambda w: ([w["objects"]["campaigns.strategy"].pk], {}),
    "api:milestone-detail": lambda w: ([w["objects"]["campaigns.milestone"].pk], {}),
    "api:petition-detail": lambda w: ([w["objects"]["campaigns.petition"].pk], {}),
    "api:check-in-detail": lambda w: ([w["check_in"].pk], {}),
    # Django's UserAdmin names this page after auth.User whatever the user model.
    "admin:auth_user_password_change": lambda w: ([w["device_holder"].pk], {}),
    "password_reset_confirm": lambda w: ([], {"uidb64": "MQ", "token": "expired-token"}),
    "admin:app_list": lambda w: ([], {"app_label": "campaigns"}),
    "admin:view_on_site": lambda w: (
        [],
        {
            "content_type_id": ContentType.objects.get_for_model(w["section"]).pk,
            "object_id": w["section"].pk,
        },
    ),
    "admin:otp_totp_totpdevice_config": lambda w: (
        [],
        {"pk": w["objects"]["otp_totp.totpdevice"].pk},
    ),
    "admin:otp_totp_totpdevice_qrcode": lambda w: (
        [],
        {"pk": w["objects"]["otp_totp.totpdevice"].pk},
    ),
}


def url_of(name: str, w: dict) -> str:
    if name in ARGS:
        args, kwargs = ARGS[name](w)
        return reverse(name, args=args, kwargs=kwargs)
    generated = _admin_model_args(name, w)
    if generated is not None:
        return reverse(name, args=generated)
    try:
        return reverse(name)
    except NoReverseMatch:
        pytest.fail(f"add an ARGS entry for {name}: its pattern takes arguments")


def check(response, expected) -> bool:
    if isinstance(expected, Redirect):
        return response.status_code == 302 and response["Location"].startswith(reverse(expected.to))
    return response.status_code == expected


def test_every_named_url_has_a_row():
    missing = sorted(set(named_urls()) - set(EXPECTED))
    assert not missing, "\n".join(f"add a row for {name}" for name in missing)


def test_no_row_for_a_url_that_is_gone():
    stale = sorted(set(EXPECTED) - set(named_urls()))
    assert not stale, f"remove the rows of URLs that no longer exist: {stale}"


def test_every_admin_model_can_be_built():
    missing = [
        m._meta.label_lower
        for m in admin.site._registry
        if m._meta.label_lower not in ADMIN_OBJECTS
    ]
    assert not missing, f"add ADMIN_OBJECTS entries for {missing}"


def signed_in_clients(w: dict) -> dict[str, Client]:
    """One client per persona, signed in once: the matrix makes some 800 requests."""
    clients = {}
    for persona in PERSONAS:
        clients[persona] = Client()
        if w[persona] is not None:
            clients[persona].force_login(w[persona])
    return clients


def test_every_persona_gets_the_expected_status_on_every_url(world):
    clients = signed_in_clients(world)
    mismatches = []
    for name in sorted(set(named_urls()) & set(EXPECTED)):
        url = url_of(name, world)
        for persona in PERSONAS:
            response = clients[persona].get(url)
            expected = EXPECTED[name]["cells"][persona]
            if not check(response, expected):
                got = response.status_code
                if got == 302:
                    got = f"302→{response['Location']}"
                mismatches.append(f"{name} ({url}) as {persona}: expected {expected!r}, got {got}")
    assert not mismatches, "\n".join(mismatches)


def test_the_public_page_when_on_answers_every_persona(world):
    public_page_switch(on=True, operator="test")
    clients = signed_in_clients(world)
    mismatches = []
    for name, spec in PUBLIC_WHEN_ON.items():
        url = url_of(name, world)
        for persona in PERSONAS:
            response = clients[persona].get(url)
            if not check(response, spec["cells"][persona]):
                mismatches.append(f"{name} as {persona}: got {response.status_code}")


def api_names() -> list[str]:
    return sorted(name for name, route in named_urls().items() if route.startswith("api/"))


def test_every_persona_with_a_token_gets_the_expected_status_on_every_api_url(world):
    clients = {
        persona: bearer_client(token_for(world[persona]) if world[persona] else None)
        for persona in PERSONAS
    }
    mismatches = []
    assert "api:contact-list" in api_names()
    for name in api_names():
        url = url_of(name, world)
        for persona in PERSONAS:
            response = clients[persona].get(url)
            expected = EXPECTED[name]["cells"][persona]
            if not check(response, expected):
                got = response.status_code
                mismatches.append(f"{name} ({url}) as {persona}: expected {expected!r}, got {got}")
            elif response.status_code in (401, 403):
                assert response["Content-Type"].startswith("application/json"), name
    assert not mismatches, "\n".join(mismatches)
