"""Admin of members and people. campaigns.admin extends the member page with its contacts and
the CSV import, because only the campaigns app knows contacts."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import QueryInitialMixin
from members.models import MemberOrganisation, Person


class PersonInline(admin.TabularInline):
    model = Person
    fk_name = "member"
    fields = ["name", "role", "email", "phone", "speaks_to_media"]
    extra = 0
    show_change_link = True


@admin.register(MemberOrganisation)
class MemberOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "country", "region", "kind", "status", "name_public"]
    list_filter = ["region", "kind", "size", "status", "name_public"]
    search_fields = ["name", "acronym", "city"]
    inlines: list[type[admin.options.InlineModelAdmin]] = [PersonInline]


@admin.register(Person)
class PersonAdmin(QueryInitialMixin, SimpleHistoryAdmin):
    list_display = ["name", "member", "section", "role", "speaks_to_media"]
    list_filter = ["speaks_to_media", "public_as_sex_worker"]
    list_select_related = ["member", "section"]
    search_fields = ["name", "role", "email"]
    autocomplete_fields = ["member", "section"]
