"""The API's records as JSON, as each reader may see them.

The rules of what a reader sees are the pages' (campaigns/views, templates): people involved
and withheld member names only for readers with personal data (``can_see_personal_data``),
private notes and who logged a contact only for ``can_read_private_fields``. Fields a reader
may not see are left out of the object, never sent empty.

Writes of contacts are checked twice, each for its own concern: these serializers check the
JSON's shape (types, lengths, choices, which the schema publishes), then ``ContactForm``, the
pages' own form, applies the rules (a focal point logs for its own organisation only, the
people must belong to the section or member, a follow-up cannot precede the contact...), so a
script and a person typing are held to one set of rules.
"""

import copy
import datetime
from typing import Any, cast

from django.db.models import Field
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.roles import can_see_personal_data
from campaigns.contact_history import can_read_private_fields
from campaigns.forms import ContactForm
from campaigns.models import (
    CheckIn,
    Contact,
    Goal,
    Milestone,
    Petition,
    Strategy,
    SupporterCount,
)
from campaigns.services import contact_create, contact_update
from core.ids import MAX_ID
from members.models import MemberOrganisation, Person
from sections.models import Section

MAX_INTEGER = 2_147_483_647


def _reader(serializer: serializers.Serializer) -> dict[str, bool]:
    """What the request's user may read, worked out once per serializer."""
    context = cast(dict[str, Any], serializer.context)  # DRF's context is a plain dict
    if "reader" not in context:
        user = context["request"].user
        context["reader"] = {
            "personal_data": can_see_personal_data(user),
            "private": can_read_private_fields(user),
        }
    return context["reader"]


class IdListField(serializers.ListField):
    """Ids in and out: reads the related rows' ids (from a prefetch), writes a list of ids."""

    child = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    def to_representation(self, manager) -> list[int]:
        return [row.pk for row in manager.all()]


class ContactSerializer(serializers.ModelSerializer):
    section = serializers.IntegerField(source="section_id", min_value=1, max_value=MAX_ID)
    section_name = serializers.CharField(source="section.name", read_only=True)
    member = serializers.IntegerField(source="member_id", min_value=1, max_value=MAX_ID)
    member_name = serializers.SerializerMethodField()
    strategy = serializers.IntegerField(
        source="strategy_id", min_value=1, max_value=MAX_ID, allow_null=True, required=False
    )
    follow_up_state = serializers.ChoiceField(
        choices=["open", "overdue", "done", "none"], read_only=True
    )
    people = IdListField(
        required=False,
        help_text="Ids of the people involved. Secretariat only, in and out.",
    )
    logged_by = serializers.CharField(
        source="logged_by.username",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Username of who logged it. Secretariat and the member's focal points only.",
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "version",
            "date",
            "section",
            "section_name",
            "member",
            "member_name",
            "initiated_by",
            "formality",
            "channel",
            "strategy",
            "summary",
            "outcome",
            "follow_up",
            "follow_up_date",
            "follow_up_done_on",
            "follow_up_state",
            "people",
            "participants",
            "participants_max",
            "hours",
            "hours_paid",
            "notes",
            "logged_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "version", "follow_up_done_on", "created_at", "updated_at"]
        extra_kwargs = {
            "notes": {"help_text": "Private notes. Secretariat and the member's focal points."},
            "date": {"input_formats": ["iso-8601"]},
            "follow_up_date": {"input_formats": ["iso-8601"]},
            # The database's integer range (PostgreSQL's integer), stated for the schema.
            "participants": {"max_value": MAX_INTEGER},
            "participants_max": {"max_value": MAX_INTEGER},
            "hours": {"min_value": 0},
        }

    @extend_schema_field(OpenApiTypes.STR)
    def get_member_name(self, contact: Contact) -> str:
        return contact.member.display_name(personal_data=_reader(self)["personal_data"])

    def to_representation(self, contact: Contact) -> dict[str, Any]:
        data = super().to_representation(contact)
        reader = _reader(self)
        if not reader["personal_data"]:
            data.pop("people", None)
        if not reader["private"]:
            data.pop("notes", None)
            data.pop("logged_by", None)
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The pages' form decides; its errors come back naming the same fields."""
        request = self.context["request"]
        instance = copy.copy(self.instance) if self.instance is not None else None
        data = self._form_data(attrs)
        if instance is not None:
            data["version"] = self.context.get("expected_version", instance.version)
        form = ContactForm(data=data, user=request.user, instance=instance)
        if "people" in attrs and "people" not in form.fields:
            raise serializers.ValidationError(
                {"people": [_("Only the secretariat records the people involved.")]}
            )
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if name == "__all__" else name): [str(m) for m in messages]
                    for name, messages in form.errors.items()
                }
            )
        return form.service_fields()

    def _form_data(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """What the form would receive from the page: the current values when patching, the
        request's on top. Ids for the related rows, ISO dates, booleans as they are."""
        values: dict[str, Any] = {}
        if not self.partial:
            # What the page's form shows preselected: the model's defaults.
            for name in ContactForm.Meta.fields:
                field = cast(Field, Contact._meta.get_field(name))
                if field.has_default() and not field.many_to_many:
                    values[name] = field.get_default()
        if self.instance is not None and self.partial:
            contact = self.instance
            for name in ContactForm.Meta.fields:
                if name == "people":
                    values[name] = [p.pk for p in contact.people.all()]
                elif name in ("section", "member", "strategy"):
                    values[name] = getattr(contact, f"{name}_id")
                else:
                    values[name] = getattr(contact, name)
        for name, value in attrs.items():
            values[name.removesuffix("_id") if name.endswith("_id") else name] = value
        return {name: _form_value(value) for name, value in values.items()}

    def create(self, validated_data: dict[str, Any]) -> Contact:
        return contact_create(user=self.context["request"].user, **validated_data)

    def update(self, contact: Contact, validated_data: dict[str, Any]) -> Contact:
        return contact_update(
            contact=contact,
            user=self.context["request"].user,
            expected_version=self.context["expected_version"],
            **validated_data,
        )


def _form_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool | list):
        return value
    return str(value)


class SectionSerializer(serializers.ModelSerializer):
    contact_count = serializers.IntegerField(read_only=True)
    members_engaged = serializers.IntegerField(read_only=True)
    last_contact = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Section
        fields = [
            "id",
            "name",
            "country",
            "region",
            "kind",
            "website",
            "stance",
            "stance_note",
            "backlash_preparedness",
            "preparedness_note",
            "contact_count",
            "members_engaged",
            "last_contact",
        ]


class MemberSerializer(serializers.ModelSerializer):
    """A member as the reader may see it: a withheld name reads as on the pages, and the
    acronym and website, which would name it, are left out with it."""

    name = serializers.SerializerMethodField()
    name_withheld = serializers.SerializerMethodField()
    contact_count = serializers.IntegerField(read_only=True)
    sections_engaged = serializers.IntegerField(read_only=True)
    last_contact = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = MemberOrganisation
        fields = [
            "id",
            "name",
            "name_withheld",
            "acronym",
            "country",
            "region",
            "city",
            "website",
            "kind",
            "size",
            "status",
            "joined",
            "notes",
            "contact_count",
            "sections_engaged",
            "last_contact",
        ]
        extra_kwargs = {"notes": {"help_text": "Secretariat only."}}

    def _withheld(self, member: MemberOrganisation) -> bool:
        return not (member.name_public or _reader(self)["personal_data"])

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, member: MemberOrganisation) -> str:
        return member.display_name(personal_data=_reader(self)["personal_data"])

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_name_withheld(self, member: MemberOrganisation) -> bool:
        return self._withheld(member)

    def to_representation(self, member: MemberOrganisation) -> dict[str, Any]:
        data = super().to_representation(member)
        if self._withheld(member):
            data.pop("acronym")
            data.pop("website")
        if not _reader(self)["personal_data"]:
            data.pop("notes")
        return data


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "member",
            "section",
            "role",
            "email",
            "phone",
            "preferred_language",
            "speaks_to_media",
            "public_as_sex_worker",
            "notes",
        ]


class StrategySerializer(serializers.ModelSerializer):
    goals: "serializers.SlugRelatedField[Goal]" = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True
    )

    class Meta:
        model = Strategy
        fields = ["id", "campaign", "number", "title", "description", "goals", "status", "due_on"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = [
            "id",
            "campaign",
            "number",
            "date",
            "precision",
            "end_date",
            "date_label",
            "title",
            "description",
            "kind",
            "links",
        ]

    links = serializers.ListField(child=serializers.CharField(), read_only=True)


class SupporterCountSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupporterCount
        fields = ["date", "count"]


class PetitionSerializer(serializers.ModelSerializer):
    supporter_counts = SupporterCountSerializer(many=True, read_only=True)

    class Meta:
        model = Petition
        fields = [
            "id",
            "campaign",
            "title",
            "platform",
            "url",
            "position",
            "opened_on",
            "closed_on",
            "supporter_counts",
        ]


class CheckInSerializer(serializers.ModelSerializer):
    asked_by = serializers.CharField(
        source="asked_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = CheckIn
        fields = ["id", "member", "asked_on", "answered_on", "answer", "note", "asked_by"]
