from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, AuditEvent, User
from accounts.services import api_token_revoke


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "is_active", "member", "last_login"]
    list_filter = ["is_active", "is_superuser", "groups"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    fieldsets = [
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Member focal point"), {"fields": ["member"]}),
        (_("Language"), {"fields": ["preferred_language"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Language"), {"fields": ["preferred_language"]}),
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes it from the admin."""

    list_display = ["at", "kind", "user", "username", "ip_address"]
    list_filter = ["kind", "at"]
    list_select_related = ["user"]
    search_fields = ["username", "user__username"]
    date_hierarchy = "at"
    readonly_fields = ["at", "kind", "user", "username", "ip_address", "detail"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only, with one action: revoke (a leaked token, a departed colleague's script).
    Tokens are made by their owners, never here: nobody else ever sees one."""

    list_display = ["prefix", "name", "user", "scope", "created_at", "expires_at", "last_used_at"]
    list_filter = ["scope", "revoked_at"]
    list_select_related = ["user"]
    search_fields = ["prefix", "name", "user__username"]
    readonly_fields = [
        "user",
        "name",
        "scope",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["digest", "rate_minute", "rate_count"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["view"])
    def revoke(self, request, queryset) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, request=request)
