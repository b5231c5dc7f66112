"""Admin of the campaign, its contacts and resources, and the contacts' place on the section and
member admin pages (their counts, their rows, the CSV import, merging two of them), which those
apps cannot know."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from campaigns.exchange.admin_import import CsvImportAdmin
from campaigns.merge_admin import MergeActionMixin
from campaigns.models import (
    Campaign,
    CheckIn,
    CheckInRound,
    Contact,
    Endorsement,
    Event,
    Goal,
    Milestone,
    Petition,
    Resource,
    SavedView,
    SectionPosition,
    SectionRequest,
    Strategy,
    SupporterCount,
)
from campaigns.saved_view_services import saved_view_query
from campaigns.services import contact_restore
from core.admin import QueryInitialMixin
from members.admin import MemberOrganisationAdmin
from members.models import MemberOrganisation
from sections.admin import SectionAdmin
from sections.models import Section


class ContactInline(admin.TabularInline):
    """Contacts on a section's or a member's admin page; edited on the contact's own page."""

    model = Contact
    readonly_fields = ("date", "section", "member", "channel", "formality", "summary")
    fields = readonly_fields
    extra = 0
    show_change_link = True
    can_delete = False
    ordering = ["-date"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section", "member")


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


class StrategyInline(admin.StackedInline):
    model = Strategy
    extra = 0
    filter_horizontal = ["goals"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    search_fields = ["name"]
    inlines = [GoalInline, StrategyInline]


@admin.register(Goal)
class GoalAdmin(QueryInitialMixin, admin.ModelAdmin):
    list_display = ["number", "title", "campaign"]
    list_filter = ["campaign"]
    list_select_related = ["campaign"]
    search_fields = ["title", "why"]
    autocomplete_fields = ["campaign"]


@admin.register(Strategy)
class StrategyAdmin(QueryInitialMixin, admin.ModelAdmin):
    list_display = ["number", "title", "campaign", "status", "due_on"]
    list_filter = ["campaign", "status"]
    list_select_related = ["campaign"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["campaign"]
    filter_horizontal = ["goals"]


@admin.register(Milestone)
class MilestoneAdmin(QueryInitialMixin, admin.ModelAdmin):
    list_display = ["number", "date", "precision", "date_label", "title", "kind", "campaign"]
    list_filter = ["campaign", "kind", "precision"]
    list_select_related = ["campaign"]
    search_fields = ["title", "description"]
    date_hierarchy = "date"
    autocomplete_fields = ["campaign"]


class SupporterCountInline(admin.TabularInline):
    model = SupporterCount
    extra = 1


class StatedValuesFilter(admin.AllValuesFieldListFilter):
    """A free-text field's values, the blank one read "Not stated" rather than an empty link."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            yield {**choice, "display": choice["display"] or _("Not stated")}


@admin.register(Petition)
class PetitionAdmin(QueryInitialMixin, admin.ModelAdmin):
    list_display = ["title", "position", "platform", "opened_on", "closed_on", "campaign"]
    list_filter = ["campaign", "position", ("platform", StatedValuesFilter)]
    list_select_related = ["campaign"]
    search_fields = ["title"]
    autocomplete_fields = ["campaign"]
    inlines = [SupporterCountInline]


@admin.register(SupporterCount)
class SupporterCountAdmin(QueryInitialMixin, admin.ModelAdmin):
    list_display = ["petition", "date", "count"]
    list_filter = ["petition"]
    list_select_related = ["petition"]
    search_fields = ["petition__title", "note"]
    autocomplete_fields = ["petition"]


@admin.register(Endorsement)
class EndorsementAdmin(QueryInitialMixin, admin.ModelAdmin):
    list_display = ["organisation", "kind", "date", "campaign"]
    list_filter = ["campaign", "kind"]
    list_select_related = ["campaign"]
    search_fields = ["organisation", "note"]
    autocomplete_fields = ["campaign"]


class DeletedFilter(admin.SimpleListFilter):
    title = _("deleted")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", _("Live")), ("yes", _("Deleted"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        return queryset


@admin.register(Contact)
class ContactAdmin(QueryInitialMixin, CsvImportAdmin, SimpleHistoryAdmin):
    import_kind = "contacts"
    list_display = [
        "date",
        "date_precision",
        "section",
        "member",
        "initiated_by",
        "formality",
        "channel",
        "strategy",
        "follow_up_date",
        "deleted_at",
    ]
    list_filter = [
        DeletedFilter,
        "date_precision",
        "formality",
        "initiated_by",
        "channel",
        "strategy",
        "member__region",
        "section",
    ]
    list_select_related = ["section", "member", "strategy"]
    search_fields = ["summary", "outcome", "section__name", "member__name"]
    autocomplete_fields = ["section", "member", "strategy", "people", "logged_by", "check_in"]
    date_hierarchy = "date"
    readonly_fields = ["version", "created_at", "updated_at"]
    actions = ["restore"]

    @admin.action(description=_("Restore the selected deleted contacts"))
    def restore(self, request, queryset):
        # One save per contact so that each restore is recorded in the history.
        restored = sum(
            contact_restore(contact=contact, user=request.user)
            for contact in queryset.filter(deleted_at__isnull=False)
        )
        self.message_user(
            request,
            ngettext("%d contact restored.", "%d contacts restored.", restored) % restored,
            messages.SUCCESS,
        )


@admin.register(CheckIn)
class CheckInAdmin(QueryInitialMixin, SimpleHistoryAdmin):
    list_display = ["member", "asked_on", "answer", "answered_on"]
    list_filter = ["answer"]
    list_select_related = ["member"]
    search_fields = ["member__name", "note"]
    autocomplete_fields = ["member", "asked_by", "answered_by", "round"]
    date_hierarchy = "asked_on"

    def save_model(self, request, obj, form, change):
        if not change and not obj.asked_by_id:
            obj.asked_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CheckInRound)
class CheckInRoundAdmin(QueryInitialMixin, SimpleHistoryAdmin):
    list_display = ["since", "closes_on", "reminder_days", "closed_at", "opened_by", "created_at"]
    list_select_related = ["opened_by"]
    search_fields = ["since"]
    autocomplete_fields = ["opened_by"]
    date_hierarchy = "created_at"


@admin.register(SectionPosition)
class SectionPositionAdmin(QueryInitialMixin, SimpleHistoryAdmin):
    list_display = ["section", "position", "date", "date_precision", "known_by"]
    list_filter = ["position", "date_precision", "section"]
    list_select_related = ["section"]
    search_fields = ["section__name", "committed_to", "refused", "source_note"]
    autocomplete_fields = ["section"]
    date_hierarchy = "date"


@admin.register(Event)
class EventAdmin(QueryInitialMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "date", "date_precision"]
    list_filter = ["kind", "date_precision"]
    search_fields = ["title", "description", "actors", "member_response"]
    autocomplete_fields = ["sections", "members"]
    date_hierarchy = "date"


@admin.register(SectionRequest)
class SectionRequestAdmin(QueryInitialMixin, SimpleHistoryAdmin):
    """The secretariat records and edits requests here; focal points answer in the app."""

    list_display = ["section", "member", "kind", "status", "date", "due_on"]
    list_filter = ["status", "kind", "section"]
    list_select_related = ["section", "member"]
    search_fields = ["description", "section__name", "member__name"]
    autocomplete_fields = ["section", "member", "carried_by", "became"]
    readonly_fields = ["answered_by", "answered_at", "created_at", "updated_at"]
    date_hierarchy = "date"


@admin.register(Resource)
class ResourceAdmin(QueryInitialMixin, SimpleHistoryAdmin):
    """The secretariat adds resources here; the model checks each uploaded file's content."""

    list_display = ["title", "kind", "language", "audience", "strategy", "file_name", "url"]
    list_filter = ["kind", "audience", "language"]
    list_select_related = ["strategy"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["strategy"]
    readonly_fields = ["download", "file_name", "content_type", "created_at", "updated_at"]
    # Django's clearable input links to the file's own URL, which a private file has not; a
    # new upload replaces the file, and the link below goes through the view that checks access.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    @admin.display(description=_("current file"))
    def download(self, obj) -> str:
        if not obj.pk or not obj.file:
            return "—"
        url = reverse("campaigns:resource-download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.file_name)


admin.site.unregister(MemberOrganisation)
admin.site.unregister(Section)


@admin.register(MemberOrganisation)
class MemberWithContactsAdmin(MergeActionMixin, CsvImportAdmin, MemberOrganisationAdmin):
    import_kind = "members"
    list_display = [*MemberOrganisationAdmin.list_display, "contact_count"]
    inlines = [*MemberOrganisationAdmin.inlines, ContactInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(contact_count=Count("contacts"))

    @admin.display(description=_("contacts"), ordering="contact_count")
    def contact_count(self, obj) -> int:
        return obj.contact_count


@admin.register(Section)
class SectionWithContactsAdmin(MergeActionMixin, CsvImportAdmin, SectionAdmin):
    import_kind = "sections"
    list_display = [*SectionAdmin.list_display, "contact_count", "last_contact"]
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


class SavedViewAdminForm(forms.ModelForm):
    """The filters are checked as the list's "Save these filters as…" checks them."""

    def clean_query(self) -> str:
        try:
            return saved_view_query(self.cleaned_data["query"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["query"]) from error


@admin.register(SavedView)
class SavedViewAdmin(QueryInitialMixin, admin.ModelAdmin):
    """Saved views of the contact list; their owners rename and delete them on the list."""

    form = SavedViewAdminForm

    list_display = ["name", "owner", "shared", "query", "updated_at"]
    list_filter = ["shared"]
    search_fields = ["name", "owner__username"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
