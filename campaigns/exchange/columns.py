"""A column of an exchange file, declared once for every way the file is written and read.

One ``Column`` says everything about one column of one kind (contacts, members, sections):

- ``name``, the machine header (CSV, the import), and ``label``, the human header (XLSX, in
  the reader's language);
- ``source``, the ORM paths its value is read from (``values()``), and ``format``, the kind
  of cell (``campaigns.exchange.formats``): CSV text, XLSX cell, SQL for PostgreSQL's COPY,
  parser for the import;
- ``value`` and ``sql`` where the reader changes what the cell holds (withheld names, people,
  the account that logged a contact), and ``prepare``, what a chunk of rows needs loaded
  first (the people of a chunk of contacts, in one query);
- ``into``, the model attributes the import writes the parsed value to; ``read=False`` for a
  column the import ignores, ``into=()`` for one it reads to find a row or only checks.

Every writer and the import read these declarations, so a new column is one entry in one
kind's list.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import models
from django.utils.functional import Promise

from accounts.roles import can_log_contacts, can_see_personal_data
from campaigns.exchange.formats import Format
from members.models import MemberOrganisation


@dataclass(frozen=True)
class Audience:
    """Who reads an export: what they may see decides what some cells hold.

    ``personal_data``: the personal columns (people, notes); ``names``: withheld member names
    in full; ``logged_by``: the account that logged each contact, which ties focal points'
    accounts to their organisations and so is left empty for viewers.
    """

    personal_data: bool = False
    names: bool = False
    logged_by: bool = True


def audience_of(user, *, personal_data: bool) -> Audience:
    """What ``user`` may read of an export; ``personal_data``: they asked for those columns."""
    names = can_see_personal_data(user)
    return Audience(
        personal_data=names and personal_data, names=names, logged_by=can_log_contacts(user)
    )


class Reader:
    """What a row needs beyond its own values, for one export: the audience, member names as
    the audience may see them (worked out once per member), and what the current chunk of rows
    loaded beside them: the people of contacts, the contacts each check-in answer reported."""

    def __init__(self, audience: Audience) -> None:
        self.audience = audience
        self.people: dict[int, list[str]] = {}
        self.reported: dict[int, list[str]] = {}
        self._member_names: dict[int, str] = {}

    def member_name(self, member_id: int, name: str, name_public: bool, country: str) -> str:
        if member_id not in self._member_names:
            member = MemberOrganisation(name=name, name_public=name_public, country=country)
            self._member_names[member_id] = member.display_name(personal_data=self.audience.names)
        return self._member_names[member_id]


@dataclass(frozen=True)
class Column:
    name: str
    label: Promise
    format: Format
    source: tuple[str, ...] = ()
    into: tuple[str, ...] | None = None
    read: bool = True
    personal: bool = False
    value: Callable[..., Any] | None = None
    sql: Callable[[Reader], Any] | None = None
    prepare: Callable[[Reader, list[dict]], None] | None = None

    def __post_init__(self) -> None:
        # By default a column is the model field of its name, exported and imported.
        if not self.source:
            object.__setattr__(self, "source", (self.name,))
        if self.into is None:
            object.__setattr__(self, "into", self.source if self.read else ())

    def python_value(self, row: Mapping[str, Any], reader: Reader) -> Any:
        """The cell's value for one ``values()`` row: ``value(reader, *sources)`` when the
        column declares one, else its one source's value, or the tuple of its sources."""
        values = [row[source] for source in self.source]
        if self.value is not None:
            return self.value(reader, *values)
        if len(values) == 1:
            return values[0]
        return tuple(values) if values else None

    def sql_expression(self, reader: Reader):
        """The cell's text as ``format.csv`` writes it, computed by PostgreSQL."""
        if self.sql is not None:
            return self.sql(reader)
        return self.format.sql(*self.source)


def export_only(name: str, label: Promise, format: Format, *source: str, **options) -> Column:
    """A column the export writes and the import ignores (it follows from other columns)."""
    return Column(name, label, format, source=source or (name,), read=False, **options)


@dataclass(frozen=True)
class Kind:
    """One kind of exchange file: its model, its columns in order, the columns an import
    needs and the XLSX sheet's title."""

    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    required: tuple[str, ...]
    sheet_title: Promise

    def columns_for(self, audience: Audience) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if audience.personal_data or not c.personal)

    def header(self, audience: Audience) -> list[str]:
        return [c.name for c in self.columns_for(audience)]

    def column(self, name: str) -> Column:
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @cached_property
    def targets(self) -> dict[str, tuple]:
        """Each imported column's model fields, for the import to write its values into."""
        opts = self.model._meta
        return {c.name: tuple(opts.get_field(f) for f in c.into) for c in self.columns if c.into}
