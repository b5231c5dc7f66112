"""Writes of the exchange: an export's audit record, and an import's rows.

An export is recorded before its first byte, as not completed, in the transaction that checks
the hourly limit; it is marked completed, with the rows written, only when the last byte has
been produced. An export cut short (the client went away, the database failed) stays
``completed: false`` in the log, and still counts against the limit.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.core.management.color import no_style
from django.db import connections, transaction
from django.http import HttpRequest
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import AuditEvent, User
from accounts.ratelimit import check_export_limit
from accounts.services import audit_event_create
from campaigns.exchange.planning import BATCH_SIZE, Plan, PlannedRow, plan_file
from campaigns.exchange.reading import ImportRejected
from core.progress import SILENT, Progress


@transaction.atomic
def export_record(
    *,
    kind: str,
    export_format: str,
    filters: Mapping[str, Any],
    personal_data: bool,
    via: str,
    request: HttpRequest | None = None,
    user: User | None = None,
    username: str = "",
    rate_limited: bool = True,
) -> AuditEvent:
    """Check the user's hourly limit and record the export as started, atomically.

    Raises ``accounts.ratelimit.ExportLimitReached`` (nothing recorded) past the limit.
    """
    if rate_limited:
        check_export_limit(user)
    return audit_event_create(
        kind=AuditEvent.Kind.EXPORT,
        request=request,
        user=user,
        username=username or (user.get_username() if user else ""),
        detail={
            "kind": kind,
            "format": export_format,
            "filters": dict(filters),
            "personal_data": personal_data,
            "via": via,
            "completed": False,
            "rows": None,
        },
    )


@transaction.atomic
def export_complete(*, event: AuditEvent, rows: int) -> None:
    """Mark a recorded export as completed, with the number of rows it wrote."""
    event.detail = {**event.detail, "completed": True, "rows": rows}
    event.full_clean(exclude=["user"])  # only the detail changes
    event.save(update_fields=["detail"])


def completing(
    chunks: Iterator[bytes], *, event: AuditEvent, rows: Callable[[], int]
) -> Iterator[bytes]:
    """The chunks, then the export marked completed with ``rows()`` rows; never reached when
    the stream is closed or fails before its end."""
    yield from chunks
    export_complete(event=event, rows=rows())


@dataclass
class ImportReport:
    kind: str
    created: int
    updated: int
    skipped: int
    dry_run: bool


def _batches(rows: list[PlannedRow]) -> Iterator[list[PlannedRow]]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start : start + BATCH_SIZE]


@transaction.atomic
def import_apply(
    *, plan: Plan, user: User | None, reason: str, progress: Progress = SILENT
) -> None:
    """Write a plan without problems: creates and updates in batches, each row with its
    history. The rows were validated when planned (field and model rules, keys in bulk)."""
    if plan.problems:
        raise ImportRejected(plan.problems)
    model = plan.kind.model
    history = {"default_user": user, "default_change_reason": reason, "batch_size": BATCH_SIZE}
    creates = [row for row in plan.rows if row.action == "create"]
    updates = [row for row in plan.rows if row.action == "update"]
    progress.start("Writing", total=len(creates) + len(updates), unit="rows")
    for batch in _batches(creates):
        objs = [
            model(pk=row.pk, **dict(zip(plan.fields, row.values, strict=True))) for row in batch
        ]
        bulk_create_with_history(objs, model, **history)
        progress.advance(len(batch))
    if any(row.pk is not None for row in creates):
        # Rows created with the file's ids: the id sequence must start after them.
        connection = connections[model._default_manager.db]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(statement)
    fields = [f for f in plan.fields if f != "name"] + ["updated_at"]
    now = timezone.now()
    for batch in _batches(updates):
        stored = model._default_manager.in_bulk([row.pk for row in batch])
        objs = []
        for row in batch:
            obj = stored[row.pk]
            for name, value in zip(plan.fields, row.values, strict=True):
                if name != "name":
                    setattr(obj, name, value)
            obj.updated_at = now  # type: ignore[attr-defined]  # every kind is Timestamped
            objs.append(obj)
        bulk_update_with_history(objs, model, fields, **history)
        progress.advance(len(batch))
    progress.finish()


def import_file(
    *,
    kind: str,
    stream: IO[bytes],
    user: User | None = None,
    dry_run: bool = False,
    size: int | None = None,
    progress: Progress = SILENT,
) -> ImportReport:
    """Read, plan and (unless ``dry_run``) write one file; ImportRejected lists every problem.

    The file is read and checked outside any transaction; only the writing holds one.
    ``size``, the file's bytes if known, is what ``progress`` counts the checking against.
    """
    progress.start("Checking", total=size, unit="bytes")
    plan = plan_file(kind, progress.reading(stream), user=user)
    progress.finish()
    if plan.problems:
        raise ImportRejected(plan.problems)
    if not dry_run:
        import_apply(plan=plan, user=user, reason=f"CSV import of {kind}", progress=progress)
    return ImportReport(
        kind=kind,
        created=plan.count("create"),
        updated=plan.count("update"),
        skipped=plan.count("skip"),
        dry_run=dry_run,
    )
