from django.contrib import admin
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from campaigns.admin import ContactInline
from campaigns.resources import CsvImportMixin, SectionResource
from sections.models import Section


@admin.register(Section)
class SectionAdmin(CsvImportMixin, SimpleHistoryAdmin):
    resource_classes = [SectionResource]
    list_display = [
        "name",
        "country",
        "region",
        "kind",
        "stance",
        "backlash_preparedness",
        "contact_count",
        "last_contact",
    ]
    list_filter = ["region", "kind", "stance", "backlash_preparedness"]
    search_fields = ["name", "country"]
    inlines = [ContactInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(contact_count=Count("contacts"), last_contact=Max("contacts__date"))
        )

    @admin.display(description=_("contacts"), ordering="contact_count")
    def contact_count(self, obj) -> int:
        return obj.contact_count

    @admin.display(description=_("last contact"), ordering="last_contact")
    def last_contact(self, obj):
        return obj.last_contact
