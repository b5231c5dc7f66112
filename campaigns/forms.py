"""The contact form, shaped by the role of the person filling it in, and the check-in forms.

- Section and member are plain selects that static/js/picker.js turns into search-as-you-type
  comboboxes; without JavaScript the select still works.
- A member focal point logs for its own organisation only: the member field offers that one
  organisation, and any other id posted is refused with an error on the field.
- People involved are personal data: only the secretariat gets the field, offered the people of
  the chosen section and member.
- Private notes are written by the secretariat and by the focal point of the contact's own
  organisation (the only organisation whose contacts a focal point can open); viewers never get
  this form.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, can_see_personal_data, role_of
from campaigns.follow_ups import OwnerChoiceField, follow_up_owner_choices
from campaigns.models import CheckIn, Contact, Strategy
from core.dates import plan_window, record_window, validate_record_date
from core.ids import IdsField, as_id
from members.models import MemberOrganisation, Person
from members.selectors import people_for_contact
from sections.models import Section

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_window_attrs(field: forms.Field, window: tuple[datetime.date, datetime.date]) -> None:
    """Let the browser's date picker offer only the days the field accepts (core.dates)."""
    earliest, latest = window
    field.widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())


def picker_attrs(url_name: str) -> dict[str, Any]:
    """What static/js/picker.js needs on a select: where to search (its words come from the
    JavaScript catalogue)."""
    return {"data-picker-url": reverse_lazy(url_name)}


class PickerSearchForm(forms.Form):
    """The text typed into a section or member picker (``?q=``).

    A form field refuses what the database cannot take (PostgreSQL refuses a NUL in any
    text) and text no name is as long as.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class MemberChoiceField(forms.ModelChoiceField):
    """Member options labelled as the reader may see them (names can be withheld)."""

    def __init__(self, *args: Any, personal_data: bool, **kwargs: Any):
        self.personal_data = personal_data
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: MemberOrganisation) -> str:
        return obj.display_name(personal_data=self.personal_data)


class StrategyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Strategy) -> str:
        return f"{obj.campaign.name} · #{obj.number} {obj.title}"


def person_label(person: Person) -> str:
    """A person as the "People involved" choices name them (the form and its JSON)."""
    # NSWP's secretariat staff belong to neither a section nor a member.
    affiliation = person.section or person.member
    organisation = affiliation.name if affiliation else ""
    details = ", ".join(part for part in (person.role, organisation) if part)
    return f"{person.name} ({details})" if details else person.name


class PeopleField(IdsField):
    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


class PeopleOptionsForm(forms.Form):
    """``?section=<id>&member=<id>`` of the people choices' JSON; an id naming nothing the
    user may choose is an error naming the parameter."""

    section = forms.ModelChoiceField(queryset=Section.objects.only("pk"), required=False)
    member = forms.ModelChoiceField(queryset=MemberOrganisation.objects.none(), required=False)

    def __init__(self, *args: Any, user, **kwargs: Any):
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ModelChoiceField)
        member.queryset = MemberOrganisation.objects.visible_to(user).only("pk")


class ContactForm(forms.ModelForm):
    """Log or edit a contact. Pass ``user``; the fields follow that user's role."""

    class Meta:
        model = Contact
        fields = [
            "date_precision",
            "date",
            "date_end",
            "section",
            "member",
            "initiated_by",
            "formality",
            "channel",
            "strategy",
            "summary",
            "outcome",
            "follow_up",
            "follow_up_date",
            "follow_up_owner",
            "people",
            "participants",
            "participants_max",
            "hours",
            "hours_paid",
            "notes",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "date_end": DATE_WIDGET,
            "follow_up_date": DATE_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "participants_max": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "hours": forms.NumberInput(attrs={"min": 0, "step": "0.5", "inputmode": "decimal"}),
        }
        help_texts = {
            "follow_up": _("What must happen next, and by whom."),
            "notes": _(
                "Only the secretariat and your organisation's focal points see these notes."
            ),
        }

    def __init__(self, *args: Any, user, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.is_focal_point = role_of(user) == Role.FOCAL_POINT
        self.personal_data = can_see_personal_data(user)
        self.fields["date"].initial = timezone.localdate
        # Left out (an older form, a script), a date is a day.
        precision = cast(forms.ChoiceField, self.fields["date_precision"])
        precision.required = False
        precision.choices = Contact.DatePrecision.choices
        date_window_attrs(self.fields["date"], record_window())
        date_window_attrs(self.fields["follow_up_date"], plan_window())
        self.fields["section"] = forms.ModelChoiceField(
            label=_("Section"),
            queryset=Section.objects.only("pk", "name").order_by("name"),
            empty_label=_("Choose a section"),
            widget=forms.Select(attrs=picker_attrs("campaigns:section-search")),
        )
        self._set_member_field()
        # Say what an empty choice means instead of Django's "---------".
        formality = cast(forms.ChoiceField, self.fields["formality"])
        formality.choices = [("", _("Not recorded")), *Contact.Formality.choices]
        channel = cast(forms.ChoiceField, self.fields["channel"])
        channel.choices = [("", _("Choose a channel")), *Contact.Channel.choices]
        self.fields["strategy"] = StrategyChoiceField(
            label=_("Strategy served"),
            queryset=Strategy.objects.select_related("campaign")
            .only("pk", "number", "title", "campaign__name")
            .order_by("campaign", "number"),
            required=False,
            empty_label=_("None"),
        )
        if self.personal_data:
            self.fields["follow_up_owner"] = OwnerChoiceField(
                label=_("Follow-up owner"),
                queryset=follow_up_owner_choices(),
                required=False,
                empty_label=_("Nobody yet"),
                help_text=_("Who will do it. They see it under “My follow-ups”."),
            )
        else:
            # A focal point's follow-ups are its own (campaigns.services).
            del self.fields["follow_up_owner"]
        if self.personal_data:
            self.fields["people"] = PeopleField(
                label=_("People involved"),
                queryset=self._people_queryset(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_(
                    "The people of the chosen section and member organisation. "
                    "Choose both first if none are listed."
                ),
            )
        else:
            del self.fields["people"]
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )

    def clean_date_precision(self) -> str:
        return self.cleaned_data.get("date_precision") or Contact.DatePrecision.DAY

    def _set_member_field(self) -> None:
        if self.is_focal_point:
            self.fields["member"] = MemberChoiceField(
                label=_("Member organisation"),
                personal_data=self.personal_data,
                queryset=MemberOrganisation.objects.only(
                    *MemberOrganisation.DISPLAY_NAME_FIELDS
                ).filter(pk=self.user.member_id),
                empty_label=None,
                initial=self.user.member_id,
                help_text=_("You log contacts for your own organisation."),
                error_messages={
                    "invalid_choice": _("You can only log contacts of your own organisation.")
                },
            )
            return
        self.fields["member"] = MemberChoiceField(
            label=_("Member organisation"),
            personal_data=self.personal_data,
            queryset=MemberOrganisation.objects.only(
                *MemberOrganisation.DISPLAY_NAME_FIELDS
            ).order_by("name"),
            empty_label=_("Choose a member organisation"),
            widget=forms.Select(attrs=picker_attrs("campaigns:member-search")),
        )

    def _people_queryset(self):
        if self.is_bound:
            section_id = as_id(self.data.get(self.add_prefix("section")))
            member_id = as_id(self.data.get(self.add_prefix("member")))
        else:
            section_id = as_id(self.initial.get("section")) or self.instance.section_id
            member_id = as_id(self.initial.get("member")) or self.instance.member_id
        return people_for_contact(user=self.user, section_id=section_id, member_id=member_id)

    def grouped_fields(self) -> list[tuple[str | Promise, list[forms.BoundField]]]:
        """The fields in the order a person recalls a contact, grouped for the page."""
        groups = [
            (
                _("The contact"),
                [
                    "date_precision",
                    "date",
                    "date_end",
                    "section",
                    "member",
                    "initiated_by",
                    "formality",
                    "channel",
                    "strategy",
                ],
            ),
            (_("What was said"), ["summary", "outcome"]),
            (_("What must follow"), ["follow_up", "follow_up_date", "follow_up_owner"]),
            (
                _("Who and how much"),
                ["people", "participants", "participants_max", "hours", "hours_paid"],
            ),
            (_("Private"), ["notes"]),
        ]
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in groups
        ]

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments for the contact services."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name in (self._meta.fields or ()) and name != "people"
        }
        data["people"] = self.cleaned_data.get("people") if "people" in self.fields else None
        return data

    def conflict_rows(self, current: Contact) -> list[tuple[str | Promise | None, str, str]]:
        """(label, their saved value, your submitted value) for every field that differs."""
        rows: list[tuple[str | Promise | None, str, str]] = []
        for name, field in self.fields.items():
            if name == "version":
                continue
            yours = self.cleaned_data.get(name)
            if name == "people":
                theirs = list(current.people.all())
                same = {p.pk for p in theirs} == {p.pk for p in yours or []}
            else:
                theirs = getattr(current, name)
                same = theirs == yours or (theirs in ("", None) and yours in ("", None))
            if not same:
                rows.append((field.label, _display(field, theirs), _display(field, yours)))
        return rows


def _display(field: forms.Field, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(field.label_from_instance(obj) for obj in value)
    if isinstance(field, forms.ModelChoiceField):
        return field.label_from_instance(value)
    if isinstance(field, forms.NullBooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(field, forms.ChoiceField):
        return str(dict(cast(Iterable[tuple[Any, Any]], field.choices)).get(value, value))
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value)
    return str(value)


# Check-ins (strategy #5): input checks here, invariants in campaigns.services.


class MemberNameField(forms.CharField):
    """A member typed by name (offered by a search-as-you-type list) or given by id.

    A text field with a ``<datalist>`` searches as you type on any phone, with or without
    JavaScript, where a ``<select>`` of 240 names would not.
    """

    def __init__(self, *, queryset: QuerySet[MemberOrganisation], **kwargs):
        self.queryset = queryset
        # No name is longer, and a longer text is no search worth sending to the database.
        kwargs.setdefault("max_length", MemberOrganisation._meta.get_field("name").max_length)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        member = self.queryset.filter(name__iexact=text).first()
        if member is None and (pk := as_id(text)) is not None:
            member = self.queryset.filter(pk=pk).first()
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
        widget=DATE_WIDGET,
        validators=[validate_record_date],
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

    asked_on = forms.DateField(
        label=_("Asked on"), widget=DATE_WIDGET, validators=[validate_record_date]
    )

    def __init__(self, *args, members: QuerySet[MemberOrganisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = MemberNameField(
            label=_("Member organisation"),
            queryset=members,
            widget=forms.TextInput(attrs={"list": "check-in-members", "autocomplete": "off"}),
            help_text=_("Start typing the name, then pick it from the list."),
        )
        self.fields["asked_on"].initial = timezone.localdate
        date_window_attrs(self.fields["asked_on"], record_window())
        date_window_attrs(self.fields["answered_on"], record_window())
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
        date_window_attrs(answered_on, record_window())
        answered_on.help_text = ""
