"""Every model in the admin opens for an admin: generated from the registry, so none is missed."""

import pytest
from django.contrib import admin
from django.templatetags.static import static
from django.urls import reverse

from tests import factories

OUR_APPS = {"accounts", "campaigns", "members", "sections", "notifications"}

# One factory per registered model of ours; a newly registered model without one fails below.
# Third-party models (sign-in lockouts, two-factor devices) are checked with what they hold.
FACTORIES = {
    "accounts.user": factories.UserFactory,
    "accounts.auditevent": None,  # read-only log: made by the test itself
    "accounts.apitoken": factories.ApiTokenFactory,
    "campaigns.campaign": factories.CampaignFactory,
    "campaigns.goal": factories.GoalFactory,
    "campaigns.strategy": factories.StrategyFactory,
    "campaigns.milestone": factories.MilestoneFactory,
    "campaigns.petition": factories.PetitionFactory,
    "campaigns.supportercount": factories.SupporterCountFactory,
    "campaigns.endorsement": factories.EndorsementFactory,
    "campaigns.contact": factories.ContactFactory,
    "campaigns.checkin": factories.CheckInFactory,
    "campaigns.checkinround": factories.CheckInRoundFactory,
    "campaigns.savedview": factories.SavedViewFactory,
    "campaigns.sectionposition": factories.SectionPositionFactory,
    "campaigns.event": factories.EventFactory,
    "campaigns.sectionrequest": factories.SectionRequestFactory,
    "campaigns.resource": factories.ResourceFactory,
    "notifications.outgoingemail": factories.OutgoingEmailFactory,
    "notifications.emailpreferences": factories.EmailPreferencesFactory,
    "members.memberorganisation": factories.MemberFactory,
    "members.person": factories.PersonFactory,
    "sections.section": factories.SectionFactory,
}


def _make(model):
    label = model._meta.label_lower
    if label == "accounts.auditevent":
        return model.objects.create(kind="sign-in", username="someone")
    if label in FACTORIES:
        return FACTORIES[label]()
    return model.objects.first()


def registered_models():
    return sorted(admin.site._registry, key=lambda m: m._meta.label_lower)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label_lower)
def test_admin_pages_open_for_an_admin(model, client, admin_user):
    if model._meta.app_label in OUR_APPS:
        assert model._meta.label_lower in FACTORIES, "add a factory for the newly registered model"
    obj = _make(model)
    client.force_login(admin_user)
    info = (model._meta.app_label, model._meta.model_name)

    changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert changelist.status_code == 200
    if obj is not None:
        assert changelist.context["cl"].result_count >= 1
        change = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        assert change.status_code == 200

    model_admin = admin.site._registry[model]
    add = client.get(reverse("admin:{}_{}_add".format(*info)))
    assert add.status_code == (200 if model_admin.has_add_permission(add.wsgi_request) else 403)


def test_admin_pages_load_the_accessibility_fixes_from_the_app(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:campaigns_contact_add")).content.decode()

    assert f'<link rel="stylesheet" href="{static("css/admin-a11y.css")}">' in html
    assert f'<script src="{static("js/admin-a11y.js")}" defer></script>' in html


def test_admin_sign_in_page_has_a_level_one_heading(client):
    response = client.get(reverse("admin:login"))

    assert "<h1>Log in</h1>" in response.content.decode()


def test_petitions_filter_names_the_blank_platform(client, admin_user):
    factories.PetitionFactory(platform="")
    factories.PetitionFactory(platform="Change.org")
    client.force_login(admin_user)
    html = client.get(reverse("admin:campaigns_petition_changelist")).content.decode()

    assert '<a href="?platform=">Not stated</a>' in html
    assert '<a href="?platform=Change.org">Change.org</a>' in html
