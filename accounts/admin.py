from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "is_active", "member", "last_login"]
    list_filter = ["is_active", "is_superuser", "groups"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
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
