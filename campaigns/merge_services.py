"""Merging two member organisations, or two sections, that turn out to be one.

Everything that points at the merged record moves to the kept one, found from the model's
reverse relations (``_meta.related_objects``), so a record added later by any app (a request,
an event) moves without a change here: every foreign key, one-to-one and many-to-many that
points at it. The merged record is then deleted, its history recording "Merged into #N" and
who did it; the kept record's history, and every moved row's, record the merge too, and one
audit event names who merged what (ids only).

Unique constraints: a duplicate many-to-many link (a contact that involved both records) is
the same fact twice, so it is dropped. Any other row that would break a unique constraint by
moving (both records asked in the same check-in round; a one-to-one both have) refuses the
whole merge with the rows named, so that a person decides which one stays; nothing changes.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import bulk_update_with_history, get_history_manager_for_model

from accounts.models import AuditEvent, User
from accounts.services import audit_event_create
from campaigns.models import LoadedFact
from members.models import MemberOrganisation
from sections.models import Section

MERGED_INTO = "Merged into #"
AUDIT_KIND = {
    MemberOrganisation: AuditEvent.Kind.MEMBERS_MERGED,
    Section: AuditEvent.Kind.SECTIONS_MERGED,
}


@dataclass
class Move:
    """The rows of one relation that point at the merged record."""

    relation: str  # "campaigns.contact.member"
    label: str  # "contacts"
    rows: int
    duplicates: int = 0  # many-to-many links the kept record already has: dropped


@dataclass
class MergePlan:
    moves: list[Move] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(move.rows for move in self.moves)


def _relations(model) -> Iterator[models.ForeignObjectRel]:
    """Every relation pointing at the model; a custom many-to-many table is reached through
    its own foreign keys, so only the automatic ones are many-to-many here."""
    for relation in model._meta.related_objects:
        if relation.many_to_many and not relation.through._meta.auto_created:
            continue
        yield relation


def _unique_sets(model, fk: models.Field) -> list[tuple[list[str], models.Q | None]]:
    """The other fields each unique rule that includes ``fk`` holds, and its condition."""
    sets: list[tuple[list[str], models.Q | None]] = []
    if fk.unique:
        sets.append(([], None))
    for together in model._meta.unique_together:
        if fk.name in together:
            sets.append(([name for name in together if name != fk.name], None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and fk.name in constraint.fields:
            others = [name for name in constraint.fields if name != fk.name]
            sets.append((others, constraint.condition))
    return sets


def _clashes(model, fk: models.Field, keep, merged) -> list[str]:
    """The rows of ``merged`` that, moved, would break a unique rule with a row of ``keep``."""
    clashes = []
    for others, condition in _unique_sets(model, fk):
        rows = model._base_manager.all()
        if condition is not None:
            rows = rows.filter(condition)
        names = [model._meta.get_field(name).attname for name in others]
        theirs = set(rows.filter(**{fk.name: keep}).values_list(*names, "pk"))
        theirs = {values[:-1] for values in theirs}
        ids = [
            values[-1]
            for values in rows.filter(**{fk.name: merged}).values_list(*names, "pk")
            if values[:-1] in theirs and None not in values[:-1]
        ]
        if ids:
            clashes.append(
                _("%(model)s #%(ids)s: the kept record has one with the same %(fields)s.")
                % {
                    "model": str(model._meta.verbose_name).capitalize(),
                    "ids": ", #".join(str(pk) for pk in ids),
                    "fields": ", ".join(
                        str(model._meta.get_field(name).verbose_name) for name in [fk.name, *others]
                    ),
                }
            )
    return clashes


def _m2m_names(relation) -> tuple[str, str]:
    """The automatic table's columns: the one pointing at the merged model, the other side."""
    return relation.field.m2m_reverse_field_name(), relation.field.m2m_field_name()


def merge_plan(*, keep, merged) -> MergePlan:
    """What a merge would move and what would stop it; writes nothing."""
    _refuse_bad_pair(keep, merged)
    return relations_plan(keep=keep, merged=merged)


def relations_plan(*, keep, merged) -> MergePlan:
    """The rows of any model's relations that point at ``merged``, and the unique rules
    moving them to ``keep`` would break."""
    plan = MergePlan()
    for relation in _relations(type(keep)):
        model = relation.related_model
        name = f"{model._meta.label_lower}.{relation.field.name}"
        if isinstance(relation, models.ManyToManyRel):
            through = relation.through
            assert through is not None  # Django fills it in for every many-to-many
            target, source = _m2m_names(relation)
            links = through._base_manager.filter(**{target: merged})
            kept = through._base_manager.filter(**{target: keep}).values(source)
            duplicates = links.filter(**{f"{source}__in": kept}).count()
            count = links.count()
            if count:
                label = str(model._meta.verbose_name_plural)
                plan.moves.append(Move(name, label, count - duplicates, duplicates))
            continue
        count = model._base_manager.filter(**{relation.field.name: merged}).count()
        if count:
            plan.moves.append(Move(name, str(model._meta.verbose_name_plural), count))
            plan.clashes += _clashes(model, relation.field, keep, merged)
    return plan


def _refuse_bad_pair(keep, merged) -> None:
    if type(keep) is not type(merged) or type(keep) not in AUDIT_KIND:
        raise ValidationError(_("Only two member organisations or two sections can be merged."))
    if keep.pk == merged.pk:
        raise ValidationError(_("A record cannot be merged into itself."))


def relations_move(*, keep, merged, user: User | None, reason: str) -> None:
    """Point every row that points at ``merged`` at ``keep`` (any model), each historical
    row's move recorded with ``reason``."""
    for relation in _relations(type(keep)):
        _move(relation, keep, merged, user=user, reason=reason)


def _move(relation, keep, merged, *, user, reason: str) -> None:
    model = relation.related_model
    fk = relation.field.name
    if relation.many_to_many:
        through = relation.through
        target, source = _m2m_names(relation)
        links = through._base_manager.filter(**{target: merged})
        kept = through._base_manager.filter(**{target: keep}).values(source)
        links.filter(**{f"{source}__in": kept}).delete()
        links.update(**{target: keep})
        return
    rows = list(model._base_manager.filter(**{fk: merged}))
    for row in rows:
        setattr(row, fk, keep)
    try:
        get_history_manager_for_model(model)
    except NotHistoricalModelError:
        model._base_manager.filter(pk__in=[row.pk for row in rows]).update(**{fk: keep})
        return
    bulk_update_with_history(
        rows,
        model,
        [fk],
        default_user=user,
        default_change_reason=reason,
        manager=model._base_manager,
    )


@transaction.atomic
def merge_records(*, keep, merged, user: User | None = None, operator: str = "") -> MergePlan:
    """Move everything of ``merged`` to ``keep`` and delete ``merged``; the plan carried out.

    Raises ValidationError (and changes nothing) for a record merged into itself, two records
    of different kinds, or rows that would break a unique constraint (listed).
    """
    _refuse_bad_pair(keep, merged)
    # Locked, so that nothing new points at the merged record while its rows move (a row
    # inserted meanwhile waits, then fails on the deleted record instead of being left behind).
    locked = type(keep)._base_manager.select_for_update().filter(pk__in=[keep.pk, merged.pk])
    if len(locked) != 2:
        raise ValidationError(_("One of the two records no longer exists."))
    plan = merge_plan(keep=keep, merged=merged)
    if plan.clashes:
        raise ValidationError(plan.clashes)
    model = type(keep)
    merged_id = merged.pk
    moved_reason = f"Moved from #{merged_id}, merged into #{keep.pk}"
    try:
        with transaction.atomic():
            relations_move(keep=keep, merged=merged, user=user, reason=moved_reason)
            merged._change_reason = f"{MERGED_INTO}{keep.pk}"
            merged._history_user = user
            merged.delete()
    except (IntegrityError, ProtectedError) as error:
        raise ValidationError(
            _("The merge would break a rule of the database, so nothing was changed: %(error)s")
            % {"error": error}
        ) from None
    LoadedFact.objects.filter(model=model._meta.label, object_id=merged_id).delete()
    # A save with no change (no full_clean: nothing of the record is set here) that puts the
    # merge on the kept record's history.
    keep._change_reason = f"#{merged_id} merged into this record"
    keep._history_user = user
    keep.save()
    audit_event_create(
        kind=AUDIT_KIND[model],
        user=user,
        username=operator or (user.get_username() if user else ""),
        detail={
            "kept": keep.pk,
            "merged": merged_id,
            "moved": {move.relation: move.rows for move in plan.moves},
        },
    )
    return plan


def merge_members(
    *,
    keep: MemberOrganisation,
    merged: MemberOrganisation,
    user: User | None = None,
    operator: str = "",
) -> MergePlan:
    """Merge ``merged`` into ``keep``: a placeholder into the real organisation, a duplicate
    into the original. Every contact, person, check-in and focal point follows."""
    return merge_records(keep=keep, merged=merged, user=user, operator=operator)


def merge_sections(
    *, keep: Section, merged: Section, user: User | None = None, operator: str = ""
) -> MergePlan:
    """Merge a duplicate section into the one kept; its contacts and people follow."""
    return merge_records(keep=keep, merged=merged, user=user, operator=operator)


def merged_successor(model, **key):
    """The record that a record once found by ``key`` was merged into, following merges of
    merges; None when no such record was merged. The case-study loader asks it, so that it
    does not make again a member or section a person merged away."""
    history = get_history_manager_for_model(model)
    gone = (
        history.filter(history_type="-", history_change_reason__startswith=MERGED_INTO, **key)
        .order_by("-history_date")
        .first()
    )
    for _step in range(20):
        if gone is None:
            return None
        successor_id = int(gone.history_change_reason[len(MERGED_INTO) :])
        successor = model._base_manager.filter(pk=successor_id).first()
        if successor is not None:
            return successor
        gone = (
            history.filter(history_type="-", id=successor_id)
            .filter(history_change_reason__startswith=MERGED_INTO)
            .first()
        )
    return None
