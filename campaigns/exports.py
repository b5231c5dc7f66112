"""Contact exports: one ordered column definition, and formatters for CSV and XLSX.

The column names and values are a public contract (other tools read them, and
``campaigns.imports`` reads them back): stored choice values rather than labels, ISO 3166
alpha-2 countries, ISO 8601 dates, ``yes``/``no`` booleans, the strategy's number, and a
member's name as the reader sees it on screen.

Rows are read with ``values()`` through ``.iterator(chunk_size=CHUNK_SIZE)``, so memory stays
flat however many contacts are exported; the people of a chunk are fetched in one query per
chunk, the same pattern as ``prefetch_related`` with an iterator.

Every export is recorded in the audit log by ``export_record`` before the first byte is
produced: the row count comes from one ``COUNT`` query in the same transaction that checks the
rate limit, so an export whose download is interrupted is still counted and logged.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from accounts.models import AuditEvent
from accounts.ratelimit import check_export_limit
from campaigns.models import Contact
from members.models import MemberOrganisation

CHUNK_SIZE = 2000

# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Characters that XML 1.0 (and so XLSX) cannot hold; tab, newline and carriage return can.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text that a spreadsheet would otherwise run as a formula."""
    if text and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "yes" if value else "no"


def participants_value(low: int | None, high: int | None) -> int | str | None:
    """``15``, or ``"15-18"`` for a range (the case study's "15–18 people")."""
    if low is None:
        return None
    if high is not None and high != low:
        return f"{low}-{high}"
    return low


class _Reader:
    """What a row needs beyond its own values: member names as the reader sees them, people."""

    def __init__(self, *, names_personal: bool) -> None:
        self.names_personal = names_personal
        self._member_names: dict[int, str] = {}
        self.people: dict[int, list[str]] = {}

    def member_name(self, row: Mapping[str, Any]) -> str:
        member_id = row["member_id"]
        if member_id not in self._member_names:
            member = MemberOrganisation(
                name=row["member__name"],
                name_public=row["member__name_public"],
                country=row["member__country"],
            )
            self._member_names[member_id] = member.display_name(personal_data=self.names_personal)
        return self._member_names[member_id]


@dataclass(frozen=True)
class Column:
    name: str
    fields: tuple[str, ...]
    value: Callable[[Mapping[str, Any], _Reader], Any]
    personal: bool = False


def _field(name: str) -> Column:
    return Column(name, (name,), lambda row, reader: row[name])


def _text(name: str, source: str) -> Column:
    return Column(name, (source,), lambda row, reader: row[source] or "")


COLUMNS: tuple[Column, ...] = (
    _field("id"),
    _field("date"),
    _text("section", "section__name"),
    _text("section_country", "section__country"),
    Column(
        "member",
        ("member_id", "member__name", "member__name_public", "member__country"),
        lambda row, reader: reader.member_name(row),
    ),
    _text("member_country", "member__country"),
    _text("region", "member__region"),
    _field("initiated_by"),
    _field("formality"),
    _field("channel"),
    Column("strategy", ("strategy__number",), lambda row, reader: row["strategy__number"]),
    _field("summary"),
    _field("outcome"),
    _field("follow_up"),
    _field("follow_up_date"),
    Column(
        "participants",
        ("participants", "participants_max"),
        lambda row, reader: participants_value(row["participants"], row["participants_max"]),
    ),
    _field("hours"),
    Column("hours_paid", ("hours_paid",), lambda row, reader: yes_no(row["hours_paid"])),
    _text("logged_by", "logged_by__username"),
    Column(
        "created_at",
        ("created_at",),
        lambda row, reader: row["created_at"].astimezone(datetime.UTC).replace(microsecond=0),
    ),
    Column(
        "people",
        ("id",),
        lambda row, reader: "; ".join(reader.people.get(row["id"], ())),
        personal=True,
    ),
    Column("notes", ("notes",), lambda row, reader: row["notes"], personal=True),
)


def columns_for(*, personal_data: bool) -> tuple[Column, ...]:
    return tuple(c for c in COLUMNS if personal_data or not c.personal)


def header(*, personal_data: bool) -> list[str]:
    return [c.name for c in columns_for(personal_data=personal_data)]


def _chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _people_of(contact_ids: list[int]) -> dict[int, list[str]]:
    through = Contact.people.through
    people: dict[int, list[str]] = {}
    pairs = (
        through.objects.filter(contact_id__in=contact_ids)
        .order_by("person__name", "person_id")
        .values_list("contact_id", "person__name")
    )
    for contact_id, name in pairs:
        people.setdefault(contact_id, []).append(name)
    return people


def export_rows(
    queryset: QuerySet[Contact], *, personal_data: bool, names_personal: bool
) -> Iterator[list[Any]]:
    """Typed values (dates, numbers, text), one list per contact, in ``COLUMNS`` order.

    ``personal_data`` adds the people and notes columns; ``names_personal`` shows withheld
    member names. Callers decide both from the reader's role: see ``can_see_personal_data``.
    """
    columns = columns_for(personal_data=personal_data)
    fields = list(dict.fromkeys(f for c in columns for f in c.fields))
    reader = _Reader(names_personal=names_personal)
    rows = queryset.values(*fields).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(rows, CHUNK_SIZE):
        if personal_data:
            reader.people = _people_of([row["id"] for row in chunk])
        for row in chunk:
            yield [c.value(row, reader) for c in columns]


# CSV ---------------------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | Decimal):
        return str(value)
    return neutralise(str(value))


def csv_chunks(header_row: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """UTF-8 CSV (no BOM, so the first header reads ``id`` to every tool), in ~64 kB pieces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header_row)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        if buffer.tell() > 65536:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def write_csv(header_row: list[str], rows: Iterable[list[Any]], out: IO[bytes]) -> None:
    for piece in csv_chunks(header_row, rows):
        out.write(piece)


# XLSX --------------------------------------------------------------------------------------


def _xlsx_cell(sheet, value: Any):
    """Dates as dates, numbers as numbers, everything else as a string: never a formula.

    Plain values are the fast path: openpyxl types them itself (with a date format for dates),
    and a neutralised string never starts with "=", so it is never taken for a formula. Only
    text spelling an error code ("#N/A") needs an explicit string cell.
    """
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, bool):
        return yes_no(value)
    if value is None or isinstance(value, int | Decimal | datetime.date):
        return value
    text = neutralise(_XML_ILLEGAL.sub("", str(value)))
    if text in ERROR_CODES:
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def write_xlsx(header_row: list[str], rows: Iterable[list[Any]], out: IO[bytes]) -> int:
    """Write-only workbook (rows go to a temporary file, not memory); returns the row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Contacts")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for name in header_row:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header_row))}{count + 1}"
    workbook.save(out)
    return count


# The audit log -----------------------------------------------------------------------------


@transaction.atomic
def export_record(
    *,
    queryset: QuerySet[Contact],
    export_format: str,
    filters: Mapping[str, Any],
    personal_data: bool,
    via: str,
    user=None,
    username: str = "",
    ip_address: str | None = None,
    rate_limited: bool = True,
) -> AuditEvent:
    """Check the user's hourly limit, count the rows and record the export, atomically.

    Raises ``accounts.ratelimit.ExportLimitReached`` (nothing recorded) past the limit.
    """
    if rate_limited:
        check_export_limit(user)
    return AuditEvent.objects.create(
        kind=AuditEvent.Kind.EXPORT,
        user=user,
        username=username or (user.get_username() if user else ""),
        ip_address=ip_address,
        detail={
            "format": export_format,
            "filters": dict(filters),
            "rows": queryset.count(),
            "personal_data": personal_data,
            "via": via,
        },
    )
