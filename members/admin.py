from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from campaigns.admin import ContactInline
from campaigns.resources import CsvImportMixin, MemberResource
from members.models import MemberOrganisation, Person


class PersonInline(admin.TabularInline):
    model = Person
    fk_name = "member"
    fields = ["name", "role", "email", "phone", "speaks_to_media"]
    extra = 0
    show_change_link = True


@admin.register(MemberOrganisation)
class MemberOrganisationAdmin(CsvImportMixin, SimpleHistoryAdmin):
    resource_classes = [MemberResource]
    list_display = [
        "name",
        "acronym",
        "country",
        "region",
        "kind",
        "status",
        "name_public",
        "contact_count",
    ]
    list_filter = ["region", "kind", "size", "status", "name_public"]
    search_fields = ["name", "acronym", "city"]
    inlines = [PersonInline, ContactInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(contact_count=Count("contacts"))

    @admin.display(description=_("contacts"), ordering="contact_count")
    def contact_count(self, obj) -> int:
        return obj.contact_count


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "member", "section", "role", "speaks_to_media"]
    list_filter = ["speaks_to_media", "public_as_sex_worker"]
    list_select_related = ["member", "section"]
    search_fields = ["name", "role", "email"]
    autocomplete_fields = ["member", "section"]
