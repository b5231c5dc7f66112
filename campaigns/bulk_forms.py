"""The form behind the contact list's bulk actions: which action, which contacts, and the
strategy to set. Input checks here; who may act on which contact in campaigns.bulk."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaigns.bulk import MAX_SELECTION, Action, bulk_actions_for
from campaigns.models import Strategy
from core.ids import as_id


class ContactIdsField(forms.Field):
    """The ``contact`` checkboxes of the list: ids, each once, at most MAX_SELECTION."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        ids: list[int] = []
        for raw in value or []:
            pk = as_id(raw)
            if pk is None:
                raise ValidationError(
                    _("“%(value)s” is not a contact id."), params={"value": str(raw)[:20]}
                )
            if pk not in ids:
                ids.append(pk)
        return ids

    def validate(self, value: list[int]) -> None:
        if not value:
            raise ValidationError(_("Choose at least one contact."))
        if len(value) > MAX_SELECTION:
            raise ValidationError(
                ngettext(
                    "Choose at most %(max)s contact at a time; %(count)s were chosen.",
                    "Choose at most %(max)s contacts at a time; %(count)s were chosen.",
                    MAX_SELECTION,
                )
                % {"max": MAX_SELECTION, "count": len(value)}
            )


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"))
    contact = ContactIdsField(label=_("Contacts"))
    strategy = forms.ModelChoiceField(
        label=_("Strategy"),
        queryset=Strategy.objects.select_related("campaign"),
        required=False,
        empty_label=_("Choose a strategy"),
    )

    def __init__(self, *args: Any, user, **kwargs: Any):
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [(a.value, a.label) for a in bulk_actions_for(user)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == Action.STRATEGY and not cleaned.get("strategy"):
            self.add_error("strategy", _("Choose the strategy to set."))
        return cleaned
