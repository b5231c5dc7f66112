"""Forms of saved views: saving the list's current filters under a name, renaming one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import SavedView


class SavedViewForm(forms.ModelForm):
    """Rename a view or change whether the team sees it; its filters stay as saved."""

    class Meta:
        model = SavedView
        fields = ["name", "shared"]
        labels = {"name": _("Name"), "shared": _("Share with my team")}


class SavedViewCreateForm(SavedViewForm):
    """“Save these filters as…”: the list's parameters come in a hidden field."""

    query = forms.CharField(
        label=_("Filters"), widget=forms.HiddenInput, required=False, max_length=2000
    )

    class Meta(SavedViewForm.Meta):
        fields = ["name", "shared"]
