"""The contacts CSV through PostgreSQL's ``COPY``: the same bytes as the ORM path, faster.

Each column's ``sql_expression`` yields the text its format writes (formula neutralising,
withheld names and people included), so PostgreSQL formats every row and Python only passes
bytes along, about four times as fast as building rows: an export holds a server worker for
seconds rather than a minute. ``tests/campaigns/test_export_copy.py`` holds the two paths to
the same bytes; docs/performance.md has the figures.
"""

import time
from collections.abc import Iterator

import psycopg
from django.db import connections
from django.db.models import QuerySet

from campaigns.exchange.columns import Audience, Reader
from campaigns.exchange.contacts import CONTACTS
from campaigns.exchange.export import Tally, csv_chunks, csv_header, export_rows


def copy_statement(queryset: QuerySet, audience: Audience) -> str:
    """``COPY (<the queryset's SELECT of the export's columns>) TO STDOUT``, params bound.

    COPY takes no server-side parameters, so psycopg binds them on the client, quoting each
    value as a literal; the filters still reach the database only as quoted literals.
    """
    reader = Reader(audience)
    # Aliases of their own: an annotation may not take a model field's name.
    columns = queryset.values(
        **{f"export_{c.name}": c.sql_expression(reader) for c in CONTACTS.columns_for(audience)}
    )
    sql, params = columns.query.get_compiler(using=columns.db).as_sql()
    connection = connections[columns.db]
    connection.ensure_connection()
    select = psycopg.ClientCursor(connection.connection).mogrify(sql, params)
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER false)"


def csv_copy_chunks(
    queryset: QuerySet, audience: Audience, *, bom: bool = False, tally: Tally | None = None
) -> Iterator[bytes]:
    """PostgreSQL only. The statement is built before the first byte, so a translation or a
    query error surfaces while the response can still say so."""
    statement = copy_statement(queryset, audience)
    header = csv_header(CONTACTS.columns_for(audience), bom=bom)
    return _copy_out(connections[queryset.db], statement, header, tally or Tally())


def _copy_out(connection, statement: str, header: str, tally: Tally) -> Iterator[bytes]:
    yield header.encode()
    started = time.monotonic()
    buffer = bytearray()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(statement) as copy:
            for block in copy:
                buffer += block
                if len(buffer) > 65536:
                    yield bytes(buffer)
                    buffer.clear()
        tally.rows = cursor.cursor.rowcount  # psycopg reads it from COPY's "COPY n"
    if buffer:
        yield bytes(buffer)
    if connection.queries_logged:
        # Django's debug cursor never sees COPY; log it like any other query.
        connection.queries_log.append(
            {"sql": statement, "time": f"{time.monotonic() - started:.3f}"}
        )


def contacts_csv_chunks(
    queryset: QuerySet, audience: Audience, *, bom: bool = False, tally: Tally | None = None
) -> Iterator[bytes]:
    """The contacts export as CSV: PostgreSQL's COPY where available, else the ORM's rows."""
    if connections[queryset.db].vendor == "postgresql":
        return csv_copy_chunks(queryset, audience, bom=bom, tally=tally)
    columns = CONTACTS.columns_for(audience)
    return csv_chunks(columns, export_rows(queryset, columns, Reader(audience), tally), bom=bom)
