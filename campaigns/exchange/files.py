"""Exports written to a file by the command line, whole or not at all."""

import getpass
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from campaigns.exchange.columns import Audience, Kind, Reader
from campaigns.exchange.export import Tally, csv_chunks, export_rows, write_xlsx
from campaigns.exchange.services import export_complete, export_record
from core.progress import SILENT, Progress


def export_to_file(
    *,
    kind: Kind,
    queryset: QuerySet,
    audience: Audience,
    export_format: str,
    target: Path,
    filters: Mapping[str, Any],
    user: User | None,
    progress: Progress = SILENT,
) -> int:
    """Record the export, write it beside ``target`` and rename it into place, so that a
    failed export leaves no half-written file (and its audit record not completed); the rows
    written. The record names the operating-system user; ``user`` is whom ``--as`` named."""
    event = export_record(
        kind=kind.name,
        export_format=export_format,
        filters=filters,
        personal_data=audience.personal_data,
        via="cli",
        user=user,
        username=getpass.getuser(),
        rate_limited=False,
    )
    columns = kind.columns_for(audience)
    tally = Tally()
    if progress is not SILENT:
        progress.start("Exporting", total=queryset.count(), unit="rows")
    rows = progress.iterate(export_rows(queryset, columns, Reader(audience), tally))
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-")
    try:
        with os.fdopen(handle, "wb") as out:
            if export_format == "csv":
                for piece in csv_chunks(columns, rows):
                    out.write(piece)
            else:
                write_xlsx(kind, columns, rows, out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    progress.finish()
    export_complete(event=event, rows=tally.rows)
    return tally.rows
