"""Contact exports: one ordered column definition, and formatters for CSV and XLSX.

The column names and values are a public contract (other tools read them, and
``campaigns.imports`` reads them back): stored choice values rather than labels, ISO 3166
alpha-2 countries, ISO 8601 dates, ``yes``/``no`` booleans, the strategy's number, and a
member's name as the reader sees it on screen.

Two ways to the same bytes:

- on PostgreSQL the web CSV is PostgreSQL's own ``COPY`` of the user-scoped, filtered
  queryset's SELECT, with every cell (formula neutralising, withheld names, people) computed
  in SQL (``csv_copy_chunks``): Python passes bytes along, about four times as fast as
  building rows, so an export holds a server worker for seconds rather than a minute;
- elsewhere (SQLite), and for XLSX, rows are read with ``values()`` through
  ``.iterator(chunk_size=CHUNK_SIZE)``, so memory stays flat however many contacts are
  exported; the people of a chunk are fetched in one query per chunk, the same pattern as
  ``prefetch_related`` with an iterator.

``tests/campaigns/test_export_copy.py`` holds the two CSV paths to the same bytes.

Every export is recorded in the audit log by ``export_record`` before the first byte is
produced: the row count comes from one ``COUNT`` query in the same transaction that checks the
rate limit, so an export whose download is interrupted is still counted and logged.
"""

import datetime
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import psycopg
from django.contrib.postgres.aggregates import StringAgg
from django.db import connections, transaction
from django.db.models import Case, F, Func, OuterRef, Q, QuerySet, Subquery, TextField, Value, When
from django.db.models.functions import Cast, Concat, Left, NullIf
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.comments import Comment
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

_CSV_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


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


def _csv_field(text: str) -> str:
    """Quote as PostgreSQL's ``COPY ... (FORMAT csv)`` does: only text holding a comma, a
    double quote, a carriage return or a newline (``csv.writer`` would leave a lone carriage
    return unquoted when lines end with ``\\n``)."""
    if _CSV_NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: Iterable[str]) -> str:
    return ",".join(map(_csv_field, cells)) + "\n"


def csv_chunks(header_row: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """UTF-8 CSV (no BOM, so the first header reads ``id`` to every tool), in ~64 kB pieces.

    Lines end with ``\\n`` and fields are quoted only when they must be, exactly as
    PostgreSQL's ``COPY`` writes them, so that both paths (``csv_copy_chunks``) give the same
    bytes for the same contacts.
    """
    lines = [csv_line(header_row)]
    size = 0
    for row in rows:
        line = csv_line([csv_cell(v) for v in row])
        lines.append(line)
        size += len(line)
        if size > 65536:
            yield "".join(lines).encode()
            lines = []
            size = 0
    yield "".join(lines).encode()


def write_csv(header_row: list[str], rows: Iterable[list[Any]], out: IO[bytes]) -> None:
    for piece in csv_chunks(header_row, rows):
        out.write(piece)


# CSV through PostgreSQL's COPY ---------------------------------------------------------------
#
# The same columns as ``COLUMNS``, computed by PostgreSQL: each expression yields the text that
# ``csv_cell`` writes for the ORM's value, or NULL where it writes nothing (COPY writes NULL as
# an empty field but quotes an empty string). Choice values and country codes never start with
# a formula trigger, so only free text is neutralised.


def _or_null(expression) -> NullIf:
    return NullIf(expression, Value(""), output_field=TextField())


def _sql_neutralised(expression) -> Case:
    """``neutralise`` in SQL: an apostrophe before a leading formula trigger; '' as NULL."""
    text = _or_null(expression)
    return Case(
        When(
            In(Left(text, 1), list(FORMULA_TRIGGERS)),
            then=Concat(Value("'"), text, output_field=TextField()),
        ),
        default=text,
        output_field=TextField(),
    )


class _IsoDate(Func):
    """``date.isoformat()``, whatever the session's DateStyle."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = TextField()


class _IsoUtcSeconds(Func):
    """``created_at`` as ``export_rows`` gives it: UTC, whole seconds, ``+00:00``."""

    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
    output_field = TextField()


def _as_text(name: str) -> Cast:
    return Cast(name, output_field=TextField())


def _sql_member_name(*, names_personal: bool):
    """``MemberOrganisation.display_name`` in SQL: the withheld form per country, computed in
    Python (it is translated) for the countries of members whose name is withheld."""
    if names_personal:
        return _sql_neutralised(F("member__name"))
    withheld_countries = (
        MemberOrganisation.objects.filter(name_public=False)
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()
    )
    withheld = [
        When(member__country=code, then=Value(MemberOrganisation(country=code).withheld_name))
        for code in withheld_countries
    ]
    return _sql_neutralised(
        Case(
            When(member__name_public=True, then=F("member__name")),
            *withheld,
            default=Value(MemberOrganisation(country="").withheld_name),
            output_field=TextField(),
        )
    )


def _sql_people():
    """People's names, sorted as ``_people_of`` sorts them, joined with "; "."""
    through = Contact.people.through
    names = (
        through.objects.filter(contact_id=OuterRef("pk"))
        .order_by()
        .values("contact_id")
        .annotate(
            names=StringAgg("person__name", delimiter="; ", order_by=("person__name", "person_id"))
        )
        .values("names")
    )
    return _sql_neutralised(Subquery(names, output_field=TextField()))


def _sql_columns(*, personal_data: bool, names_personal: bool) -> dict[str, Any]:
    """One expression per column of ``columns_for(personal_data=...)``, in order."""
    expressions = {
        "id": F("id"),
        "date": _IsoDate("date"),
        "section": _sql_neutralised(F("section__name")),
        "section_country": _or_null(F("section__country")),
        "member": _sql_member_name(names_personal=names_personal),
        "member_country": _or_null(F("member__country")),
        "region": _or_null(F("member__region")),
        "initiated_by": _or_null(F("initiated_by")),
        "formality": _or_null(F("formality")),
        "channel": _or_null(F("channel")),
        "strategy": F("strategy__number"),
        "summary": _sql_neutralised(F("summary")),
        "outcome": _sql_neutralised(F("outcome")),
        "follow_up": _sql_neutralised(F("follow_up")),
        "follow_up_date": _IsoDate("follow_up_date"),
        "participants": Case(
            When(participants__isnull=True, then=None),
            When(
                Q(participants_max__isnull=False) & ~Q(participants_max=F("participants")),
                then=Concat(
                    _as_text("participants"),
                    Value("-"),
                    _as_text("participants_max"),
                    output_field=TextField(),
                ),
            ),
            default=_as_text("participants"),
            output_field=TextField(),
        ),
        "hours": _as_text("hours"),
        "hours_paid": Case(
            When(hours_paid=True, then=Value("yes")),
            When(hours_paid=False, then=Value("no")),
            default=None,
            output_field=TextField(),
        ),
        "logged_by": _sql_neutralised(F("logged_by__username")),
        "created_at": _IsoUtcSeconds("created_at"),
        "people": _sql_people(),
        "notes": _sql_neutralised(F("notes")),
    }
    # Aliases of their own: an annotation may not take a model field's name.
    return {
        f"export_{column.name}": expressions[column.name]
        for column in columns_for(personal_data=personal_data)
    }


def copy_statement(
    queryset: QuerySet[Contact], *, personal_data: bool, names_personal: bool
) -> str:
    """``COPY (<the queryset's SELECT of the export's columns>) TO STDOUT``, params bound.

    COPY takes no server-side parameters, so psycopg binds them on the client, quoting each
    value as a literal; the filters still reach the database only as quoted literals.
    """
    columns = queryset.values(
        **_sql_columns(personal_data=personal_data, names_personal=names_personal)
    )
    sql, params = columns.query.get_compiler(using=columns.db).as_sql()
    connection = connections[columns.db]
    connection.ensure_connection()
    select = psycopg.ClientCursor(connection.connection).mogrify(sql, params)
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER false)"


def csv_copy_chunks(
    queryset: QuerySet[Contact], *, personal_data: bool, names_personal: bool
) -> Iterator[bytes]:
    """The CSV that ``csv_chunks(export_rows(...))`` writes, formatted by PostgreSQL itself.

    PostgreSQL only. Python passes bytes along in ~64 kB pieces: no row objects, no per-cell
    work, memory flat. The statement is built before the first byte, so a translation or a
    query error surfaces while the response can still say so.
    """
    statement = copy_statement(queryset, personal_data=personal_data, names_personal=names_personal)
    connection = connections[queryset.db]
    return _copy_out(connection, statement, csv_line(header(personal_data=personal_data)))


def _copy_out(connection, statement: str, header_line: str) -> Iterator[bytes]:
    yield header_line.encode()
    started = time.monotonic()
    buffer = bytearray()
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for block in copy:
            buffer += block
            if len(buffer) > 65536:
                yield bytes(buffer)
                buffer.clear()
    if buffer:
        yield bytes(buffer)
    if connection.queries_logged:
        # Django's debug cursor never sees COPY; log it like any other query.
        connection.queries_log.append(
            {"sql": statement, "time": f"{time.monotonic() - started:.3f}"}
        )


def csv_export_chunks(
    queryset: QuerySet[Contact], *, personal_data: bool, names_personal: bool
) -> Iterator[bytes]:
    """The export as CSV: PostgreSQL's COPY where available, else the ORM's rows."""
    if connections[queryset.db].vendor == "postgresql":
        return csv_copy_chunks(queryset, personal_data=personal_data, names_personal=names_personal)
    rows = export_rows(queryset, personal_data=personal_data, names_personal=names_personal)
    return csv_chunks(header(personal_data=personal_data), rows)


# XLSX --------------------------------------------------------------------------------------

# What each column holds, in the reader's language. The header cells keep the column names
# (the contract that tools and the import read) and carry these labels as their comments.
COLUMN_LABELS = {
    "id": _("Contact number"),
    "date": _("Date"),
    "section": _("Section"),
    "section_country": _("Country of the section"),
    "member": _("Member organisation"),
    "member_country": _("Country of the member organisation"),
    "region": _("Region"),
    "initiated_by": _("Initiated by"),
    "formality": _("Formality"),
    "channel": _("Channel"),
    "strategy": _("Strategy number"),
    "summary": _("Summary"),
    "outcome": _("Outcome"),
    "follow_up": _("Follow-up action"),
    "follow_up_date": _("Follow-up date"),
    "participants": _("Participants"),
    "hours": _("Hours given by sex workers"),
    "hours_paid": _("Hours paid"),
    "logged_by": _("Logged by"),
    "created_at": _("Logged at (UTC)"),
    "people": _("People involved"),
    "notes": _("Private notes"),
}


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
    sheet = workbook.create_sheet(str(_("Contacts")))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for name in header_row:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        if name in COLUMN_LABELS:
            cell.comment = Comment(str(COLUMN_LABELS[name]), "NSWP")
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
