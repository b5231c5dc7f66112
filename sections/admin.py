"""Admin of sections. campaigns.admin extends it with the section's contacts and the CSV
import, because only the campaigns app knows contacts."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sections.models import Section


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country", "region", "kind", "stance", "backlash_preparedness"]
    list_filter = ["region", "kind", "stance", "backlash_preparedness"]
    search_fields = ["name", "country"]
