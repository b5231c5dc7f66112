"""A contact's change history as its reader may see it: who changed what, and when.

The history rows come in one query and are diffed in memory (``diff_against`` compares raw
ids), then the sections, members, strategies and users named by the changes are looked up once
per model, so the detail page's query count does not grow with the number of edits.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Field
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role, can_see_personal_data, role_of
from campaigns.models import Contact, Strategy
from campaigns.services import DELETED, FOLLOW_UP_DONE, PEOPLE_CHANGED, RESTORED
from members.models import MemberOrganisation
from sections.models import Section

# Bookkeeping that says nothing a reader needs.
_NEVER_SHOWN = {"id", "created_at", "updated_at"}
# Private to the secretariat and the contact's own focal point.
_PRIVATE = {"notes", "logged_by"}
_RELATED = {
    "section": Section,
    "member": MemberOrganisation,
    "strategy": Strategy,
    "logged_by": User,
}


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def can_read_private_fields(user) -> bool:
    """Notes and who logged a contact: the secretariat and focal points (of their own contacts,
    the only ones they can open); never viewers."""
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.FOCAL_POINT)


def contact_history(contact: Contact, *, user) -> list[HistoryEntry]:
    """Newest first. Fields the user may not read are left out of the changes.

    A contact written by a bulk path (demo data, ``COPY``, ``bulk_create``) has no history
    rows until its first edit: the list is then empty, and its first entry an edit.
    """
    hidden = set(_NEVER_SHOWN)
    private = can_read_private_fields(user)
    if not private:
        hidden |= _PRIVATE
    records = list(contact.history.select_related("history_user").order_by("history_date", "pk"))
    diffs = [
        (record, record.diff_against(previous, excluded_fields=hidden) if previous else None)
        for previous, record in zip([None, *records], records, strict=False)
    ]
    labels = _related_labels(diffs, personal_data=can_see_personal_data(user))
    entries = []
    for record, delta in reversed(diffs):
        changes = []
        if delta is not None:
            for change in delta.changes:
                # History tracks concrete fields only, never a reverse relation.
                model_field = cast(Field, Contact._meta.get_field(change.field))
                changes.append(
                    (
                        str(model_field.verbose_name).capitalize(),
                        _value(model_field, change.old, labels),
                        _value(model_field, change.new, labels),
                    )
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user.get_username() if private and record.history_user else "",
                action=_action(record),
                changes=changes,
            )
        )
    return entries


def _action(record) -> str:
    if record.history_change_reason == DELETED:
        return str(_("Deleted"))
    if record.history_change_reason == RESTORED:
        return str(_("Restored"))
    if record.history_change_reason == FOLLOW_UP_DONE:
        return str(_("Follow-up marked done"))
    if record.history_change_reason == PEOPLE_CHANGED:
        return str(_("Edited; people involved changed"))
    return {"+": str(_("Logged")), "~": str(_("Edited")), "-": str(_("Removed"))}.get(
        record.history_type, record.history_type
    )


def _related_labels(diffs, *, personal_data: bool) -> dict[tuple[str, Any], str]:
    wanted: dict[str, set] = {}
    for _record, delta in diffs:
        for change in delta.changes if delta else []:
            if change.field in _RELATED:
                wanted.setdefault(change.field, set()).update(
                    value for value in (change.old, change.new) if value is not None
                )
    labels = {}
    for name, ids in wanted.items():
        for obj in _RELATED[name]._default_manager.filter(pk__in=ids):
            if isinstance(obj, MemberOrganisation):
                label = obj.display_name(personal_data=personal_data)
            elif isinstance(obj, User):
                label = obj.get_username()
            else:
                label = str(obj)
            labels[(name, obj.pk)] = label
    return labels


def _value(model_field, value: Any, labels: dict[tuple[str, Any], str]) -> str:
    if value is None or value == "":
        return "—"
    if model_field.name in _RELATED:
        return labels.get((model_field.name, value), str(_("(removed)")))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value)
    return str(value)
