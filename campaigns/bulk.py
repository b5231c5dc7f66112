"""Bulk actions on contacts chosen in the list: mark follow-ups done, set the strategy, soft
delete (and export, which writes nothing and goes through the exchange's export).

Who may act on what: loggers (admins, staff, focal points) on the contacts they may edit,
which are the contacts ``Contact.objects.visible_to`` gives them (a focal point: its own
organisation's); deleting is the secretariat's. A selection holding any other id is refused
whole, naming the ids, so nothing is half applied.

A confirmed action runs in a fixed number of queries however many contacts are chosen: the
rows are read and locked in one query, changed with one UPDATE (the new value is the same for
every row), their history rows are written with one ``INSERT … SELECT`` copying the updated
rows (simple-history's ``bulk_create`` splits into batches on SQLite, one per some 30 rows),
and one audit event records the action.
"""

import datetime
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.models import DateTimeField, F, IntegerField, TextChoices, Value
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import AuditEvent, User
from accounts.roles import Role, role_of
from accounts.services import audit_event_create
from campaigns.models import Contact, Strategy
from campaigns.services import DELETED, FOLLOW_UP_DONE

MAX_SELECTION = 500
STRATEGY_SET = "Strategy set in bulk"


class Action(TextChoices):
    FOLLOW_UP_DONE = "follow-up-done", gettext_lazy("Mark follow-ups done")
    STRATEGY = "strategy", gettext_lazy("Set the strategy")
    EXPORT = "export", gettext_lazy("Export as CSV")
    DELETE = "delete", gettext_lazy("Delete")


class BulkRefused(Exception):
    """The selection cannot be acted on as a whole; the message says why."""


def bulk_actions_for(user) -> list[Action]:
    """The actions the user's role may take; none for viewers and users without a role."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.STAFF):
        return list(Action)
    if role == Role.FOCAL_POINT:
        return [Action.FOLLOW_UP_DONE, Action.STRATEGY, Action.EXPORT]
    return []


def bulk_selection(*, user, action: str, ids: list[int], lock: bool = False) -> list[Contact]:
    """The chosen contacts, if the user may take ``action`` on every one; else BulkRefused.

    One query; ``lock`` holds the rows until the transaction ends."""
    if action not in bulk_actions_for(user):
        raise BulkRefused(_("Your role may not do this."))
    if len(ids) > MAX_SELECTION:
        raise BulkRefused(
            ngettext(
                "Choose at most %(max)s contact at a time; %(count)s were chosen.",
                "Choose at most %(max)s contacts at a time; %(count)s were chosen.",
                MAX_SELECTION,
            )
            % {"max": MAX_SELECTION, "count": len(ids)}
        )
    chosen = Contact.objects.visible_to(user).filter(pk__in=ids)
    if lock:
        chosen = chosen.select_for_update(of=("self",))
    contacts = list(chosen.select_related("section", "member", "strategy__campaign"))
    found = {contact.pk for contact in contacts}
    refused = [pk for pk in ids if pk not in found]
    if refused:
        raise BulkRefused(
            ngettext(
                "You may not change contact %(ids)s; nothing was changed.",
                "You may not change contacts %(ids)s; nothing was changed.",
                len(refused),
            )
            % {"ids": ", ".join(str(pk) for pk in refused)}
        )
    return contacts


# The field each action writes, to tell a contact it changes from one it leaves as it is.
CHANGED_FIELD = {
    Action.FOLLOW_UP_DONE: "follow_up_done_on",
    Action.STRATEGY: "strategy_id",
    Action.DELETE: "deleted_at",
}


@dataclass
class Change:
    """One contact of a confirmation page: what it is now, what it will be, whether it
    changes."""

    contact: Contact
    before: str
    after: str
    changes: bool


def _state(contact: Contact, action: str) -> str:
    """What the confirmation page shows of the field the action writes (an export writes
    nothing)."""
    if action == Action.FOLLOW_UP_DONE:
        if contact.follow_up_state == "none":
            return str(_("No follow-up"))
        return str(_("Done")) if contact.follow_up_done_on else str(_("Open"))
    if action == Action.STRATEGY:
        return str(contact.strategy) if contact.strategy else "—"
    return str(_("Deleted")) if contact.deleted_at else str(_("In the lists"))


def _after(contact: Contact, action: str, strategy: Strategy | None) -> Contact:
    """The contact as the action leaves it (in memory only)."""
    changed = Contact(**{f.attname: getattr(contact, f.attname) for f in Contact._meta.fields})
    if action == Action.FOLLOW_UP_DONE and contact.follow_up_state != "none":
        changed.follow_up_done_on = contact.follow_up_done_on or timezone.localdate()
    elif action == Action.STRATEGY:
        changed.strategy = strategy
    elif action == Action.DELETE:
        changed.deleted_at = contact.deleted_at or timezone.now()
    return changed


def bulk_preview(
    *, contacts: list[Contact], action: str, strategy: Strategy | None = None
) -> list[Change]:
    """Each chosen contact with its state before and after, for the confirmation page."""
    if action == Action.EXPORT:
        return [Change(contact, "", "", changes=False) for contact in contacts]
    field = CHANGED_FIELD[Action(action)]
    changes = []
    for contact in contacts:
        after = _after(contact, action, strategy)
        changes.append(
            Change(
                contact,
                _state(contact, action),
                _state(after, action),
                changes=getattr(contact, field) != getattr(after, field),
            )
        )
    return changes


def _history_copy(*, ids: list[int], user: User | None, reason: str, when: datetime.datetime):
    """One history row per contact, copied from the updated rows by one INSERT … SELECT."""
    history = Contact.history.model
    db = Contact.objects.db
    tracked = [f for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    expressions: dict[str, F | Value] = {f"h{i}": F(f.attname) for i, f in enumerate(tracked)}
    expressions |= {
        "h_date": Value(when, output_field=DateTimeField()),
        "h_reason": Value(reason),
        "h_type": Value("~"),
        "h_user": Value(user.pk if user else None, output_field=IntegerField()),
    }
    select = Contact.objects.filter(pk__in=ids).order_by().values(**expressions)
    sql, params = select.query.get_compiler(using=db).as_sql()
    connection = connections[db]
    quote = connection.ops.quote_name
    columns = [f.column for f in tracked] + [
        history._meta.get_field(name).column
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    ]
    statement = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"{sql}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@transaction.atomic
def contacts_bulk_change(
    *,
    user: User,
    action: str,
    ids: list[int],
    strategy: Strategy | None = None,
    request: HttpRequest | None = None,
) -> list[int]:
    """Apply ``action`` to the chosen contacts; the ids of those it changed (a follow-up
    already done, a contact already on that strategy, are left as they are).

    Raises BulkRefused (nothing written) when the user may not act on every chosen contact.
    The new value is checked once by the model field, the same for every row; a full_clean
    per contact would look up each row's foreign keys, a query per row.
    """
    if action not in (Action.FOLLOW_UP_DONE, Action.STRATEGY, Action.DELETE):
        raise BulkRefused(_("Your role may not do this."))
    if action == Action.STRATEGY and strategy is None:
        raise BulkRefused(_("Choose the strategy to set."))
    contacts = bulk_selection(user=user, action=action, ids=ids, lock=True)
    changes = bulk_preview(contacts=contacts, action=action, strategy=strategy)
    changed = [change.contact.pk for change in changes if change.changes]
    now = timezone.now()
    if action == Action.FOLLOW_UP_DONE:
        today = timezone.localdate()
        done_on = Contact._meta.get_field("follow_up_done_on").clean(today, None)
        values = {"follow_up_done_on": done_on}
        reason = FOLLOW_UP_DONE
    elif action == Action.STRATEGY:
        values, reason = {"strategy": strategy}, STRATEGY_SET
    else:
        values, reason = {"deleted_at": now}, DELETED
    if changed:
        Contact.objects.filter(pk__in=changed).update(
            **values, version=F("version") + 1, updated_at=now
        )
        _history_copy(ids=changed, user=user, reason=reason, when=now)
    audit_event_create(
        kind=AuditEvent.Kind.CONTACTS_BULK_CHANGED,
        request=request,
        user=user,
        username=user.get_username(),
        detail={
            "action": str(action),
            "chosen": len(ids),
            "changed": changed,
            **({"strategy": strategy.pk} if strategy else {}),
        },
    )
    return changed
