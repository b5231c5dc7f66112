"""The "merge" action of the member and section change lists: select two records, choose on
a confirmation page which one to keep (with what would move either way), confirm."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.merge_services import merge_plan, merge_records


class MergeActionMixin:
    actions = ["merge_two"]

    @admin.action(description=gettext_lazy("Merge the two selected records"))
    def merge_two(self, request, queryset):
        records = list(queryset.order_by("pk")[:3])
        if len(records) != 2:
            self.message_user(request, _("Select exactly two records to merge."), messages.ERROR)
            return None
        keep_id = request.POST.get("keep", "")
        if request.POST.get("confirm") == "yes":
            keep = next((r for r in records if str(r.pk) == keep_id), None)
            if keep is not None:
                merged = next(r for r in records if r is not keep)
                merged_label = str(merged)
                try:
                    merge_records(keep=keep, merged=merged, user=request.user)
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    return None
                self.message_user(
                    request,
                    _("“%(merged)s” was merged into “%(keep)s”.")
                    % {"merged": merged_label, "keep": keep},
                    messages.SUCCESS,
                )
                return None
        first, second = records
        choices = [
            {"record": first, "other": second, "plan": merge_plan(keep=first, merged=second)},
            {"record": second, "other": first, "plan": merge_plan(keep=second, merged=first)},
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge two records"),
            "opts": self.model._meta,
            "choices": choices,
            "records": records,
            "keep_missing": request.POST.get("confirm") == "yes",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/merge_confirm.html", context)
