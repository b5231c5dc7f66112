"""Forms of the check-ins page. Input checks here; invariants in members.services."""

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import CheckIn
from members.models import MemberOrganisation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberNameField(forms.CharField):
    """A member typed by name (offered by a search-as-you-type list) or given by id.

    A text field with a ``<datalist>`` searches as you type on any phone, with or without
    JavaScript, where a ``<select>`` of 240 names would not.
    """

    def __init__(self, *, queryset: QuerySet[MemberOrganisation], **kwargs):
        self.queryset = queryset
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        member = self.queryset.filter(name__iexact=text).first()
        if member is None and text.isdigit():
            member = self.queryset.filter(pk=int(text)).first()
        if member is None:
            raise forms.ValidationError(
                _("No member organisation is called “%(name)s”. Pick one from the list."),
                code="unknown_member",
                params={"name": text},
            )
        return member


class CheckInAnswerFields(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=CheckIn.Answer.choices, initial=CheckIn.Answer.NO_ANSWER
    )
    answered_on = forms.DateField(
        label=_("Answered on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty while there is no answer."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the member said. No names of individuals."),
    )


class CheckInForm(CheckInAnswerFields):
    """Record that a member was asked whether its national section had contacted it."""

    field_order = ["member", "asked_on", "answer", "answered_on", "note"]

    asked_on = forms.DateField(label=_("Asked on"), widget=DATE_INPUT)

    def __init__(self, *args, members: QuerySet[MemberOrganisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = MemberNameField(
            label=_("Member organisation"),
            queryset=members,
            widget=forms.TextInput(attrs={"list": "check-in-members", "autocomplete": "off"}),
            help_text=_("Start typing the name, then pick it from the list."),
        )
        self.fields["asked_on"].initial = timezone.localdate
        self.order_fields(self.field_order)


class CheckInAnswerForm(CheckInAnswerFields):
    """Mark the answer on an existing check-in: a real answer, with its date."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answer = self.fields["answer"]
        answer.choices = [c for c in answer.choices if c[0] != CheckIn.Answer.NO_ANSWER]
        answer.initial = None
        answered_on = self.fields["answered_on"]
        answered_on.required = True
        answered_on.initial = timezone.localdate
        answered_on.help_text = ""
