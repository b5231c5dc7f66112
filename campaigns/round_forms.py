"""Forms of check-in rounds: opening one, and a member's answer with the contacts it reports.
Input checks here; invariants in campaigns.round_services."""

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.forms import DATE_WIDGET
from campaigns.models import Contact
from core.ids import CheckedIdsMixin
from core.regions import Region
from members.models import MemberOrganisation
from sections.models import Section

MAX_CONTACT_ROWS = 10


class MembersChoiceField(CheckedIdsMixin, forms.ModelMultipleChoiceField):
    def __init__(self, *args: Any, personal_data: bool, **kwargs: Any):
        self.personal_data = personal_data
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: MemberOrganisation) -> str:
        return f"{obj.display_name(personal_data=self.personal_data)} ({obj.country.code})"


class CheckInRoundForm(forms.Form):
    """Open a round: the date asked about, the members asked, the closing date."""

    AUDIENCE = [
        ("all", _("Every current member")),
        ("region", _("The members of one region")),
        ("list", _("The members I choose")),
    ]

    since = forms.DateField(
        label=_("Contacts since"),
        widget=DATE_WIDGET,
        help_text=_("Members are asked which sections contacted them since this date."),
    )
    audience = forms.ChoiceField(
        label=_("Ask"), choices=AUDIENCE, initial="all", widget=forms.RadioSelect
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("Choose a region")), *Region.choices], required=False
    )
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE_WIDGET)
    reminder_days = forms.IntegerField(
        label=_("Days between reminders"),
        min_value=1,
        max_value=90,
        initial=7,
        help_text=_("Members who have not answered are reminded at most once in this many days."),
    )

    def __init__(
        self, *args: Any, members: QuerySet[MemberOrganisation], personal_data: bool, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.current_members = members
        self.fields["members"] = MembersChoiceField(
            label=_("Members"),
            queryset=members.only(*MemberOrganisation.DISPLAY_NAME_FIELDS).order_by("name"),
            personal_data=personal_data,
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 10}),
            help_text=_("Only for “The members I choose”: hold Ctrl (or ⌘) to choose several."),
        )
        self.fields["closes_on"].initial = lambda: (
            timezone.localdate() + datetime.timedelta(days=28)
        )
        self.order_fields(["since", "audience", "region", "members", "closes_on"])

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience == "region" and not cleaned.get("region"):
            self.add_error("region", _("Choose the region to ask."))
        if audience == "list" and not cleaned.get("members"):
            self.add_error("members", _("Choose at least one member organisation."))
        return cleaned

    def chosen_members(self) -> QuerySet[MemberOrganisation]:
        audience = self.cleaned_data["audience"]
        if audience == "region":
            return self.current_members.filter(region=self.cleaned_data["region"])
        if audience == "list":
            return self.cleaned_data["members"]
        return self.current_members


class CheckInRespondForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Has a section of Amnesty International contacted your organisation?"),
        choices=[
            ("contacted", _("Yes: the contacts are below")),
            ("not-contacted", _("No section contacted us")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything else NSWP should know"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("No names of individuals."),
    )


class ReportedContactForm(forms.ModelForm):
    """One contact a member reports: when, with which section, how, who started it, what came
    of it, and the time sex workers gave. Empty rows are ignored."""

    class Meta:
        model = Contact
        fields = [
            "section",
            "date_precision",
            "date",
            "date_end",
            "channel",
            "initiated_by",
            "summary",
            "outcome",
            "hours",
            "hours_paid",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "date_end": DATE_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "hours": forms.NumberInput(attrs={"min": 0, "step": "0.5", "inputmode": "decimal"}),
        }
        labels = {
            "summary": _("What happened"),
            "outcome": _("What came of it"),
            "hours": _("Hours sex workers gave"),
            "hours_paid": _("Were they paid for it?"),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["section"] = forms.ModelChoiceField(
            label=_("Section"),
            queryset=Section.objects.only("pk", "name").order_by("name"),
            empty_label=_("Choose a section"),
        )
        precision = cast(forms.ChoiceField, self.fields["date_precision"])
        precision.required = False
        precision.choices = Contact.DatePrecision.choices
        channel = cast(forms.ChoiceField, self.fields["channel"])
        channel.choices = [("", _("Choose a channel")), *Contact.Channel.choices]

    # What a person types for a contact; the choices that come preset do not make a row.
    TYPED = ("section", "date", "date_end", "summary", "outcome", "hours")

    def has_changed(self) -> bool:
        """A row counts once something is typed in it; a section offered in advance and the
        preset choices alone leave it empty, and an empty row is ignored."""
        offered = self.fields["section"].initial
        for name in self.TYPED:
            value = (self.data.get(self.add_prefix(name)) or "").strip()
            if value and not (name == "section" and value == str(offered)):
                return True
        return False

    def clean_date_precision(self) -> str:
        return self.cleaned_data.get("date_precision") or Contact.DatePrecision.DAY


def reported_contacts_formset(*, data=None, rows: int = 2, section_id: int | None = None):
    """The contact rows of an answer (rows left as offered are ignored), the first one
    offering the member's national section."""
    formset_class = forms.formset_factory(
        ReportedContactForm,
        extra=max(1, min(rows, MAX_CONTACT_ROWS)),
        max_num=MAX_CONTACT_ROWS,
        validate_max=True,
    )
    formset = formset_class(data=data, prefix="contacts")
    if section_id and formset.forms:
        formset.forms[0].fields["section"].initial = section_id
    return formset
