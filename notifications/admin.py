from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import EmailPreferences, OutgoingEmail
from notifications.services import email_requeue


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Read-only: what was queued, sent or given up, and why. Failed messages can be queued
    again once the cause is fixed."""

    list_display = ["created_at", "kind", "to_address", "language", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind", "language"]
    list_select_related = ["recipient"]
    search_fields = ["to_address", "subject", "recipient__username"]
    date_hierarchy = "created_at"
    actions = ["queue_again"]
    readonly_fields = [
        "recipient",
        "to_address",
        "language",
        "kind",
        "subject",
        "body_text",
        "body_html",
        "stop_url",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Queue the failed messages again"))
    def queue_again(self, request, queryset):
        count = email_requeue(emails=queryset)
        self.message_user(
            request,
            ngettext("%d message queued again.", "%d messages queued again.", count) % count,
            messages.SUCCESS,
        )


@admin.register(EmailPreferences)
class EmailPreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "weekly_digest", "contact_notices", "check_in_reminders"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]
