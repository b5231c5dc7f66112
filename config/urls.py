from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from accounts import views as account_views
from accounts.forms import AdminSignInForm, PasswordResetInTheirLanguageForm, SignInForm
from campaigns.urls import member_urls, section_urls

admin.site.site_header = _("NSWP campaign tracker: administration")
admin.site.site_title = _("NSWP campaign tracker")
admin.site.index_title = _("Secretariat housekeeping")
admin.site.login_form = AdminSignInForm

# A database outage answers 503 instead of the generic 500 (see accounts/outage.py).
handler500 = "accounts.outage.server_error"

handler404 = account_views.page_not_found

urlpatterns = [
    path("health/", account_views.health, name="health"),
    # Anyone may choose a language, the sign-in page included.
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    # The words of the pages' scripts (static/js/picker.js), served by the app like any script.
    path("i18n/js/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/no-access/", account_views.no_access, name="no-access"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetInTheirLanguageForm),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include("campaigns.urls")),
    path("sections/", include(section_urls)),
    path("members/", include(member_urls)),
    path("public/", include("public.urls")),
    path("emails/", include("notifications.urls")),
]

urlpatterns += [
    path("accounts/two-factor/", account_views.two_factor_setup, name="two-factor-setup"),
    path("accounts/two-factor/verify/", account_views.two_factor_verify, name="two-factor-verify"),
    path("accounts/api-tokens/", account_views.api_tokens, name="api-tokens"),
    path("accounts/people/", include("accounts.urls")),
    path(
        "accounts/api-tokens/<int:pk>/revoke/",
        account_views.api_token_revoke_view,
        name="api-token-revoke",
    ),
]
