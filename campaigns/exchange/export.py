"""Writing exchange files: a queryset's rows through a kind's columns, as CSV or XLSX.

Rows are read with ``values()`` through ``.iterator(chunk_size=CHUNK_SIZE)``, so memory stays
flat however many rows are exported; a column that needs more than its row (the people of a
contact) loads it once per chunk. On PostgreSQL the web's contacts CSV skips this and lets
``COPY`` write the same bytes (``campaigns.exchange.copy``).
"""

from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from campaigns.exchange.columns import Column, Kind, Reader

CHUNK_SIZE = 2000
# A byte-order mark tells Excel the file is UTF-8; other tools would read it as part of the
# first header, so it is only added on request.
BOM = "\ufeff"


class Tally:
    """The rows an export has written so far, for its audit record once it completes."""

    def __init__(self) -> None:
        self.rows = 0


def _chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export_rows(
    queryset: QuerySet, columns: tuple[Column, ...], reader: Reader, tally: Tally | None = None
) -> Iterator[list[Any]]:
    """Each row's values (dates, numbers, text), in ``columns`` order."""
    fields = list(dict.fromkeys(source for c in columns for source in c.source))
    prepares = [c.prepare for c in columns if c.prepare]
    rows = queryset.values(*fields).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(rows, CHUNK_SIZE):
        for prepare in prepares:
            prepare(reader, chunk)
        for row in chunk:
            yield [c.python_value(row, reader) for c in columns]
            if tally is not None:
                tally.rows += 1


# CSV ---------------------------------------------------------------------------------------


def _csv_field(text: str) -> str:
    """Quote as PostgreSQL's ``COPY ... (FORMAT csv)`` does: only text holding a comma, a
    double quote, a carriage return or a newline (``csv.writer`` would leave a lone carriage
    return unquoted when lines end with ``\\n``)."""
    if "," in text or '"' in text or "\r" in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: Iterable[str]) -> str:
    return ",".join(map(_csv_field, cells)) + "\n"


def csv_header(columns: tuple[Column, ...], *, bom: bool = False) -> str:
    return (BOM if bom else "") + csv_line(c.name for c in columns)


def csv_chunks(
    columns: tuple[Column, ...], rows: Iterable[list[Any]], *, bom: bool = False
) -> Iterator[bytes]:
    """UTF-8 CSV with the machine headers, in ~64 kB pieces.

    Lines end with ``\\n`` and fields are quoted only when they must be, exactly as
    PostgreSQL's ``COPY`` writes them, so both paths give the same bytes.
    """
    lines = [csv_header(columns, bom=bom)]
    size = 0
    for row in rows:
        line = csv_line([c.format.csv(value) for c, value in zip(columns, row, strict=True)])
        lines.append(line)
        size += len(line)
        if size > 65536:
            yield "".join(lines).encode()
            lines = []
            size = 0
    yield "".join(lines).encode()


# XLSX --------------------------------------------------------------------------------------


def write_xlsx(
    kind: Kind, columns: tuple[Column, ...], rows: Iterable[list[Any]], out: IO[bytes]
) -> int:
    """A write-only workbook (rows go to a temporary file, not memory) with the columns'
    labels in the active language, bold and frozen, and an autofilter; returns the row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(kind.sheet_title)[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for c in columns:
        cell = WriteOnlyCell(sheet, value=str(c.label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([c.format.xlsx(sheet, value) for c, value in zip(columns, row, strict=True)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    workbook.save(out)
    return count
