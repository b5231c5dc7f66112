"""Planning an import: every row of a file checked against the database, nothing written.

A file is read as a stream (``campaigns.exchange.reading``) and each row parsed by its
columns' formats (``campaigns.exchange.columns``), validated with the model's own rules, and
planned as a create, an update or a skip. Lookups are fetched in bulk (one query per table,
and for contacts one query per ``BATCH_SIZE`` rows to find those already present), never one
per row. The plan holds only what writing needs (a tuple of values per row), the first
``PREVIEW_ROWS`` rows as the file gives them, and every problem as ``line N: column: message``
(up to ``MAX_PROBLEMS``); ``campaigns.exchange.services.import_apply`` writes a plan without
problems, all or nothing.

How rows are matched (docs/exchange.md):

- members and sections by ``id`` when the file has one and this database holds it (the names
  must agree), else by name, case aside; a new row keeps the file's ``id`` when it is free,
  so that a move to an empty database keeps every id and the contacts file's ``section_id``
  and ``member_id`` still point at the same rows;
- a contact's section and member by ``section_id``/``member_id`` when given and found (the
  name must agree with it, or be the member's withheld name), else by name; a contact equal to
  a stored one (date, section, member, channel, summary; deleted ones included) is skipped.
"""

import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext

from campaigns.exchange.columns import Column, Kind
from campaigns.exchange.kinds import KINDS
from campaigns.exchange.reading import Problem, Record, StrictReader
from campaigns.models import Campaign, Contact, Strategy
from core.regions import region_of_country
from members.models import MemberOrganisation
from sections.models import Section

MAX_ROWS = 100_000
MAX_PROBLEMS = 1000
PREVIEW_ROWS = 100
BATCH_SIZE = 1000


@dataclass(slots=True)
class PlannedRow:
    """A row to write: its line, ``create`` or ``update``, its values in ``Plan.fields``
    order, and the id it updates (or keeps, for a create)."""

    line: int
    action: str
    values: tuple
    pk: int | None = None


@dataclass
class PreviewRow:
    """A row as the admin's preview shows it: what the file says, and what importing does."""

    line: int
    action: str
    cells: list[str]
    changes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    kind: Kind
    header: list[str] = field(default_factory=list)
    fields: tuple[str, ...] = ()
    rows: list[PlannedRow] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    preview: list[PreviewRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # The columns the import reads, with their place in the file.
    read_columns: list[tuple[int, Column]] = field(init=False)

    def __post_init__(self) -> None:
        known = {c.name: c for c in self.kind.columns if c.read}
        self.read_columns = [(i, known[n]) for i, n in enumerate(self.header) if n in known]

    def count(self, action: str) -> int:
        return self.counts[action]

    @property
    def preview_header(self) -> list[str]:
        """The columns the import reads, in the file's order."""
        return [column.name for _index, column in self.read_columns]

    def add(
        self,
        record: Record,
        action: str,
        values: tuple = (),
        *,
        pk: int | None = None,
        changes: list[str] | None = None,
    ) -> None:
        self.counts[action] += 1
        if action != "skip":
            self.rows.append(PlannedRow(record.line, action, values, pk))
        if len(self.preview) < PREVIEW_ROWS:
            cells = [record.cells[index] for index, _column in self.read_columns]
            self.preview.append(PreviewRow(record.line, action, cells, changes or []))


def plan_file(kind: str, stream: IO[bytes], *, user=None) -> Plan:
    """Read and check a whole file; ``user`` logs the contacts whose ``logged_by`` names no
    account here."""
    reader = StrictReader(stream)
    plan = Plan(kind=KINDS[kind], header=reader.header, problems=reader.problems)
    if plan.problems:
        return plan
    plan.problems.extend(_header_problems(plan.kind, reader.header))
    if plan.problems:
        return plan
    planner = _ContactPlanner(plan, user) if kind == "contacts" else _NamedPlanner(plan)
    for record in _bounded(reader.records(), plan):
        values, ok = _parse(plan, record)
        planner.add(record, values, ok)
    planner.finish()
    return plan


def _header_problems(kind: Kind, header: list[str]) -> list[Problem]:
    known = [c.name for c in kind.columns]
    problems = []
    seen = set()
    for name in header:
        if name in seen:
            problems.append(Problem(1, name, gettext("appears twice in the header")))
        seen.add(name)
        if name not in known:
            message = gettext("unknown column; expected: %(columns)s") % {
                "columns": ", ".join(known)
            }
            problems.append(Problem(1, name or "(empty)", message))
    problems += [
        Problem(1, name, gettext("required column missing"))
        for name in kind.required
        if name not in seen
    ]
    return problems


def _bounded(records: Iterator[Record], plan: Plan) -> Iterator[Record]:
    """The records, until ``MAX_ROWS`` or ``MAX_PROBLEMS``: the rest of the file is not read."""
    for number, record in enumerate(records, 1):
        if number > MAX_ROWS:
            message = gettext("more than %(max)s rows; split the file") % {"max": f"{MAX_ROWS:,}"}
            plan.problems.append(Problem(record.line, "(file)", message))
            return
        if len(plan.problems) >= MAX_PROBLEMS:
            message = f"more than {MAX_PROBLEMS:,} problems; checking stopped here"
            plan.problems.append(Problem(record.line, "(file)", message))
            return
        yield record


def _parse(plan: Plan, record: Record) -> tuple[dict[str, Any], bool]:
    """The read columns' values; problems go to the plan, and the values that did parse stay,
    so that later checks still report on them: a file is fixed in one pass."""
    values: dict[str, Any] = {}
    ok = True
    for index, column in plan.read_columns:
        try:
            values[column.name] = column.format.parse(record.cells[index])
        except ValueError as error:
            plan.problems.append(Problem(record.line, column.name, str(error)))
            ok = False
    for name in plan.kind.required:
        if name in values and values[name] in ("", None):
            plan.problems.append(Problem(record.line, name, "required"))
            ok = False
    return values, ok


def _assign(instance: models.Model, kind: Kind, values: dict[str, Any]) -> None:
    """Each value into its column's model fields; an empty cell gives the field's default.

    Columns without fields are keys, resolved by the planner, or values only checked."""
    for name, value in values.items():
        targets = kind.targets.get(name)
        if not targets:
            continue
        parts = value if len(targets) > 1 else (value,)
        for model_field, part in zip(targets, parts, strict=True):
            if part == "" or part is None:
                if model_field.has_default():
                    part = model_field.get_default()
                elif model_field.null:
                    part = None
            setattr(instance, model_field.attname, part)


def _column_of(kind: Kind, field_name: str) -> str:
    return next((c.name for c in kind.columns if field_name in (c.into or ())), field_name)


def _validate(plan: Plan, line: int, instance: models.Model, exclude: list[str]) -> bool:
    """Field and model rules (``clean``) in memory; uniqueness and keys are checked in bulk."""
    try:
        instance.clean_fields(exclude=exclude)
        instance.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                plan.problems.append(Problem(line, _column_of(plan.kind, name), message))
        return False
    return True


class _Rows:
    """A table's rows by id, exact name and case-folded name (a case-only difference is the
    same row)."""

    def __init__(self, queryset: models.QuerySet) -> None:
        self.by_id: dict[int, Any] = {}
        self.exact: dict[str, Any] = {}
        self.folded: dict[str, Any] = {}
        for obj in queryset:
            self.by_id[obj.pk] = obj
            self.exact[obj.name] = obj
            self.folded.setdefault(obj.name.casefold(), obj)

    def named(self, name: str):
        return self.exact.get(name) or self.folded.get(name.casefold())


@cache
def _withheld_names(country: str) -> frozenset[str]:
    """How a withheld member of the country is shown, in every language of the tracker."""
    names = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(str(MemberOrganisation(country=country).withheld_name).casefold())
    return frozenset(names)


# Members and sections ------------------------------------------------------------------------


class _NamedPlanner:
    """Members and sections: one row per name and per id, updating the row it matches."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.model = plan.kind.model
        self.rows = _Rows(self.model._default_manager.all())
        self.names_in_file: dict[str, int] = {}
        self.ids_in_file: dict[int, int] = {}
        written = {f for name in plan.header for f in plan.kind.column(name).into or ()}
        if {"country", "region"} & set(plan.header):
            written.add("region")  # given, or derived from the country
        plan.fields = tuple(sorted(written))
        self.countries: dict[str, int] = {}
        if self.model is Section:
            # One section per country: against the file's other rows and the database's.
            self.owners = {
                str(country): pk
                for pk, country in self.model.objects.exclude(country=None).values_list(
                    "pk", "country"
                )
            }

    def add(self, record: Record, values: dict[str, Any], ok: bool) -> None:
        line, name = record.line, values.get("name", "")
        if name.casefold() in self.names_in_file:
            first = self.names_in_file[name.casefold()]
            self.plan.problems.append(
                Problem(line, "name", gettext("repeats line %(line)s") % {"line": first})
            )
            return
        if name:
            self.names_in_file[name.casefold()] = line
        file_id = values.get("id")
        if file_id is not None:
            if file_id in self.ids_in_file:
                message = gettext("repeats line %(line)s") % {"line": self.ids_in_file[file_id]}
                self.plan.problems.append(Problem(line, "id", message))
                return
            self.ids_in_file[file_id] = line
        if not ok:
            return
        existing = self._match(line, name, file_id)
        if existing is False:
            return
        if existing is None:
            instance, original, action = self.model(pk=file_id), None, "create"
        else:
            instance, original, action = copy.copy(existing), existing, "update"
        before = len(self.plan.problems)
        _assign(instance, self.plan.kind, values)
        self._rules(instance, values, line, created=existing is None)
        if len(self.plan.problems) != before or not _validate(self.plan, line, instance, []):
            return
        row_values = tuple(getattr(instance, f) for f in self.plan.fields)
        changes = []
        if original is not None:
            changes = [
                _column_of(self.plan.kind, f)
                for f in self.plan.fields
                if f != "name" and getattr(original, f) != getattr(instance, f)
            ]
        self.plan.add(record, action, row_values, pk=instance.pk, changes=changes)

    def _match(self, line: int, name: str, file_id: int | None):
        """The row to update, None to create one, or False (a problem) when the file's id
        is another row's here."""
        if file_id is not None and file_id in self.rows.by_id:
            existing = self.rows.by_id[file_id]
            if existing.name.casefold() != name.casefold():
                message = f"{file_id} is {existing.name!r} in this database, not {name!r}"
                self.plan.problems.append(Problem(line, "id", message))
                return False
            return existing
        return self.rows.named(name)

    def _rules(self, instance, values: dict[str, Any], line: int, *, created: bool) -> None:
        problems = self.plan.problems
        country = str(instance.country or "")
        if values.get("region"):
            instance.region = values["region"]
        elif created or "country" in values:
            if region := region_of_country(country):
                instance.region = region
            elif created:
                message = "required when the country does not give it"
                problems.append(Problem(line, "region", message))
        if self.model is MemberOrganisation:
            if created and not country:
                problems.append(Problem(line, "country", gettext("required for a new member")))
            if instance.name.casefold() in _withheld_names(country):
                message = (
                    f"{instance.name!r} is how a withheld name is shown, not a name: export "
                    "members with their names (export_csv members --personal-data)"
                )
                problems.append(Problem(line, "name", message))
        elif country:
            if country in self.countries:
                message = gettext("repeats line %(line)s") % {"line": self.countries[country]}
                problems.append(Problem(line, "country", message))
            elif self.owners.get(country, instance.pk) != instance.pk:
                problems.append(
                    Problem(
                        line,
                        "country",
                        gettext("%(country)s already has another section") % {"country": country},
                    )
                )
            self.countries.setdefault(country, line)

    def finish(self) -> None:
        pass


# Contacts ------------------------------------------------------------------------------------

# Keys resolved in bulk here; Django's own checks would query once per row.
_RESOLVED_IN_BULK = ["section", "member", "strategy", "logged_by", "people"]
_KEY = ("date", "section_id", "member_id", "channel", "summary")
_KEYS = ("section_id", "member_id", "strategy_id", "logged_by_id")


def strategies_by_number() -> dict[int, Strategy]:
    """The strategies of the current campaign (the most recent one) by their number."""
    campaign = Campaign.objects.order_by("-starts_on", "-pk").first()
    if campaign is None:
        return {}
    return {s.number: s for s in Strategy.objects.filter(campaign=campaign)}


class _ContactPlanner:
    """New contacts; a row equal to a stored one, or to an earlier row of the file, is skipped
    (deleted contacts count as stored, so re-importing never brings one back)."""

    def __init__(self, plan: Plan, user) -> None:
        self.plan = plan
        self.user = user
        plan.fields = tuple(sorted({f for c in plan.kind.columns for f in c.into or ()})) + _KEYS
        self.sections = _Rows(Section.objects.all())
        self.members = _Rows(MemberOrganisation.objects.all())
        self.strategies = strategies_by_number()
        self.users = {u.username: u for u in get_user_model().objects.only("pk", "username")}
        self.pending: list[tuple[Record, Contact]] = []
        self.in_file: set[tuple] = set()

    def add(self, record: Record, values: dict[str, Any], ok: bool) -> None:
        line = record.line
        before = len(self.plan.problems)
        section = self._resolve("section", self.sections, values, line)
        member = self._resolve("member", self.members, values, line)
        strategy = None
        if values.get("strategy") is not None:
            strategy = self.strategies.get(values["strategy"])
            if strategy is None:
                message = gettext("no strategy numbered %(number)s in the current campaign") % {
                    "number": values["strategy"]
                }
                self.plan.problems.append(Problem(line, "strategy", message))
        if not ok or len(self.plan.problems) != before:
            return
        logged_by = self.users.get(values.get("logged_by", ""), self.user)
        contact = Contact(
            section_id=section.pk,
            member_id=member.pk,
            strategy_id=strategy.pk if strategy else None,
            logged_by_id=logged_by.pk if logged_by else None,
        )
        _assign(contact, self.plan.kind, values)
        if _validate(self.plan, line, contact, exclude=_RESOLVED_IN_BULK):
            self.pending.append((record, contact))
            if len(self.pending) == BATCH_SIZE:
                self._flush()

    def _resolve(self, name: str, rows: _Rows, values: dict[str, Any], line: int):
        """By ``<name>_id`` when given and found here, else by name."""
        text, pk = values.get(name, ""), values.get(f"{name}_id")
        if pk is not None and pk in rows.by_id:
            found = rows.by_id[pk]
            if text and not self._agrees(found, text):
                message = f"{name}_id {pk} is {found.name!r} here, not {text!r}"
                self.plan.problems.append(Problem(line, name, message))
            return found
        found = rows.named(text)
        if found is None and text:
            numbered = f"numbered {pk} or " if pk is not None else ""
            message = f"no {name} {numbered}named {text!r}"
            self.plan.problems.append(Problem(line, name, message))
        return found

    @staticmethod
    def _agrees(found, text: str) -> bool:
        """The file's name is the row's, or (for a member whose name is withheld) the withheld
        form an export shows in its place."""
        if found.name.casefold() == text.casefold():
            return True
        return (
            isinstance(found, MemberOrganisation)
            and not found.name_public
            and text.casefold() in _withheld_names(str(found.country))
        )

    def _flush(self) -> None:
        """Plan the pending rows, with one query for those already stored."""
        if not self.pending:
            return
        keys = [tuple(getattr(contact, f) for f in _KEY) for _record, contact in self.pending]
        stored = set(
            Contact.objects.filter(
                date__in={k[0] for k in keys},
                section_id__in={k[1] for k in keys},
                member_id__in={k[2] for k in keys},
                channel__in={k[3] for k in keys},
            ).values_list(*_KEY)
        )
        for (record, contact), key in zip(self.pending, keys, strict=True):
            if key in stored or key in self.in_file:
                self.plan.add(record, "skip")
            else:
                self.in_file.add(key)
                values = tuple(getattr(contact, f) for f in self.plan.fields)
                self.plan.add(record, "create", values)
        self.pending = []

    def finish(self) -> None:
        self._flush()
