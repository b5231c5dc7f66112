"""CSV import of members, sections and contacts: parse, validate every row, then all or nothing.

The column contracts are public (PRODUCT.md, the data in/out issue). A file is read whole,
every row is validated in memory against lookups fetched in bulk (one query per table, not one
per row), and only a file without a single problem is written, through django-simple-history's
bulk helpers so that every created or updated row has its history. Problems are reported as
``line N: column: message``, every one of them, so a file can be fixed in one pass.

The contacts import also reads a contacts export: the export's own extra columns are accepted
and read where they mean something (``notes``, ``logged_by`` naming an existing user) and
otherwise ignored (``id``, countries and region, which follow from the section and member;
``created_at``; ``people``, since a name alone cannot safely identify a person's record).
The admin's import (``campaigns.resources``) plans its rows with these same functions.
"""

import copy
import csv
import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from campaigns.exports import FORMULA_TRIGGERS
from campaigns.models import Campaign, Contact, Strategy
from core.regions import Region, region_of_country
from members.models import MemberOrganisation
from sections.models import Section

MAX_ROWS = 100_000
BATCH_SIZE = 1000
KINDS = ("members", "sections", "contacts")


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class ImportRejected(Exception):
    """The file cannot be imported; ``problems`` lists every reason, by line and column."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda problem: problem.line)
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class PlannedRow:
    """One data line and what importing it does: create, update, or skip (already there)."""

    line: int
    instance: models.Model
    action: str
    original: models.Model | None = None


@dataclass
class Plan:
    kind: str
    model: type[models.Model]
    fields: list[str]
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def by_line(self) -> dict[int, PlannedRow]:
        return {row.line: row for row in self.rows}


# Reading the file ---------------------------------------------------------------------------


def read_csv(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows with the line each starts on (quoted cells may span lines).

    UTF-8 with or without a byte-order mark; comma or semicolon, whichever the header uses.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRejected(
            [
                Problem(
                    line,
                    _("(file)"),
                    _("the file is not UTF-8 text; save it as “CSV UTF-8” and try again"),
                )
            ]
        ) from None
    if not text.strip():
        raise ImportRejected([Problem(1, _("(file)"), _("the file is empty"))])
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    header = [name.strip() for name in next(reader)]
    rows = []
    start = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append((start, cells))
        start = reader.line_num + 1
    return header, rows


# Cell parsers: each returns the stored value or raises ValueError with the message ---------


def _text(max_length: int | None = None) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip()
        if value[:1] == "'" and value[1:2] and value[1] in FORMULA_TRIGGERS:
            value = value[1:]  # undo the export's formula neutralising: a round trip is exact
        if max_length and len(value) > max_length:
            raise ValueError(_("longer than %(max)s characters") % {"max": max_length})
        return value

    return parse


def _country(raw: str) -> str:
    value = raw.strip()
    if not value:
        return ""
    if value.upper() in dict(countries):
        return value.upper()
    code = countries.by_name(value)
    if not code:
        raise ValueError(
            _("%(value)r is not an ISO 3166 alpha-2 code or an English country name")
            % {"value": value}
        )
    return code


def _choice(choices: type[models.Choices]) -> Callable[[str], str]:
    with translation.override("en"):
        lookup = {}
        for value, label in choices.choices:
            lookup[str(value).casefold()] = value
            lookup[str(label).casefold()] = value
        accepted = ", ".join(str(value) for value in choices.values)

    def parse(raw: str) -> str:
        value = raw.strip()
        if not value:
            return ""
        if value.casefold() not in lookup:
            raise ValueError(
                _("%(value)r is not one of: %(accepted)s") % {"value": value, "accepted": accepted}
            )
        return lookup[value.casefold()]

    return parse


def _date(raw: str) -> datetime.date | None:
    value = raw.strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("%(value)r is not a date in the form YYYY-MM-DD") % {"value": value}
        ) from None


_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}


def _boolean(raw: str) -> bool | None:
    value = raw.strip().casefold()
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(_("%(value)r is not yes or no") % {"value": raw.strip()})


def _url(raw: str) -> str:
    value = raw.strip()
    if not value:
        return ""
    if "://" not in value:
        value = "https://" + value
    try:
        URLValidator()(value)
    except ValidationError:
        raise ValueError(_("%(value)r is not a web address") % {"value": raw.strip()}) from None
    return value


_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")


def _participants(raw: str) -> tuple[int | None, int | None]:
    if not raw.strip():
        return None, None
    match = _RANGE.match(raw)
    if not match:
        raise ValueError(
            _("%(value)r is not a number of people such as 15 or 15-18") % {"value": raw.strip()}
        )
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else None
    if high is not None and high < low:
        raise ValueError(_("the upper bound is below the lower bound"))
    return low, high


def _hours(raw: str) -> Decimal | None:
    value = raw.strip()
    if not value:
        return None
    if "," in value and "." not in value:
        value = value.replace(",", ".")  # a decimal comma, as semicolon-separated files write it
    try:
        hours = Decimal(value)
    except InvalidOperation:
        raise ValueError(_("%(value)r is not a number of hours") % {"value": raw.strip()}) from None
    if not hours.is_finite():
        raise ValueError(_("%(value)r is not a number of hours") % {"value": raw.strip()})
    if hours < 0:
        raise ValueError(_("hours cannot be negative"))
    if hours != hours.quantize(Decimal("0.1")):
        raise ValueError(_("give hours to one decimal place at most"))
    if hours >= 100_000:
        raise ValueError(_("too many hours"))
    return hours.quantize(Decimal("0.1"))


def _strategy_number(raw: str) -> int | None:
    value = raw.strip().lstrip("#")
    if not value:
        return None
    if not value.isdigit():
        raise ValueError(_("%(value)r is not a strategy number") % {"value": raw.strip()})
    return int(value)


# The column contracts ----------------------------------------------------------------------

MEMBER_COLUMNS: dict[str, Callable[[str], Any]] = {
    "name": _text(200),
    "acronym": _text(40),
    "country": _country,
    "region": _choice(Region),
    "city": _text(100),
    "website": _url,
    "kind": _choice(MemberOrganisation.Kind),
    "size": _choice(MemberOrganisation.Size),
    "status": _choice(MemberOrganisation.Status),
    "joined": _date,
    "name_public": _boolean,
}
SECTION_COLUMNS: dict[str, Callable[[str], Any]] = {
    "name": _text(200),
    "country": _country,
    "kind": _choice(Section.Kind),
    "website": _url,
    "stance": _choice(Section.Stance),
    "stance_note": _text(),
    # Not in the contract's list, which has no region: accepted so a file can say it.
    "region": _choice(Region),
}
CONTACT_COLUMNS: dict[str, Callable[[str], Any]] = {
    "date": _date,
    "section": _text(),
    "member": _text(),
    "initiated_by": _choice(Contact.InitiatedBy),
    "formality": _choice(Contact.Formality),
    "channel": _choice(Contact.Channel),
    "strategy": _strategy_number,
    "summary": _text(),
    "outcome": _text(),
    "follow_up": _text(),
    "follow_up_date": _date,
    "participants": _participants,
    "hours": _hours,
    "hours_paid": _boolean,
    # The export's own columns: read where they mean something, otherwise ignored.
    "notes": _text(),
    "logged_by": _text(),
    "id": _text(),
    "section_country": _text(),
    "member_country": _text(),
    "region": _text(),
    "created_at": _text(),
    "people": _text(),
}
REQUIRED = {
    "members": ("name",),
    "sections": ("name",),
    "contacts": ("date", "section", "member", "channel", "summary"),
}
# Model fields that a column's error is reported under, when the names differ.
COLUMN_OF_FIELD = {"participants_max": "participants"}


def strategies_by_number() -> dict[int, Strategy]:
    """The strategies of the current campaign (the most recent one) by their number."""
    campaign = Campaign.objects.order_by("-starts_on", "-pk").first()
    if campaign is None:
        return {}
    return {s.number: s for s in Strategy.objects.filter(campaign=campaign)}


def _check_header(kind: str, header: list[str], columns: dict) -> list[Problem]:
    problems = []
    seen = set()
    for name in header:
        if name in seen:
            problems.append(Problem(1, name, _("appears twice in the header")))
        seen.add(name)
        if name not in columns:
            problems.append(
                Problem(
                    1,
                    name or _("(empty)"),
                    _("unknown column; expected: %(columns)s") % {"columns": ", ".join(columns)},
                )
            )
    for name in REQUIRED[kind]:
        if name not in seen:
            problems.append(Problem(1, name, _("required column missing")))
    return problems


def _parse_rows(
    header: list[str], rows: Iterable[tuple[int, list[str]]], columns: dict, plan: Plan
) -> list[tuple[int, dict[str, Any], bool]]:
    """Every row's cells through their parsers, with whether all of them passed.

    Problems go to the plan; a row's values hold the cells that did parse, so that later
    checks (names, keys) still report on them: a file is fixed in one pass.
    """
    parsed = []
    for number, (line, cells) in enumerate(rows, 1):
        if number > MAX_ROWS:
            plan.problems.append(
                Problem(
                    line,
                    _("(file)"),
                    _("more than %(max)s rows; split the file") % {"max": MAX_ROWS},
                )
            )
            break
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            plan.problems.append(Problem(line, _("(row)"), _("more cells than header columns")))
            continue
        values: dict[str, Any] = {}
        ok = True
        for name, raw in zip(header, cells, strict=False):
            try:
                values[name] = columns[name](raw)
            except ValueError as error:
                plan.problems.append(Problem(line, name, str(error)))
                ok = False
        for name in header[len(cells) :]:
            values[name] = columns[name]("")
        for name in REQUIRED[plan.kind]:
            if name in values and values[name] in ("", None):
                plan.problems.append(Problem(line, name, _("required")))
                ok = False
        parsed.append((line, values, ok))
    return parsed


def _validate(plan: Plan, line: int, instance: models.Model, exclude: list[str]) -> bool:
    """Field and model rules (``clean``) in memory; uniqueness and keys are checked in bulk."""
    try:
        instance.clean_fields(exclude=exclude)
        instance.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = COLUMN_OF_FIELD.get(name, name)
            for message in messages:
                plan.problems.append(Problem(line, column, message))
        return False
    return True


def _by_name(model: type[models.Model]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Rows by exact name and by case-folded name (a case-only difference is the same row)."""
    exact, folded = {}, {}
    for obj in model.objects.all():
        exact[obj.name] = obj
        folded.setdefault(obj.name.casefold(), obj)
    return exact, folded


def _find(exact: dict, folded: dict, name: str):
    return exact.get(name) or folded.get(name.casefold())


def _plan_named(
    kind: str,
    model: type[models.Model],
    header: list[str],
    rows: Iterable[tuple[int, list[str]]],
    columns: dict,
    apply: Callable[[models.Model, dict, bool, Plan, int], None],
) -> Plan:
    """Members and sections: one row per name, updating the row of that name if it exists."""
    plan = Plan(kind=kind, model=model, fields=[])
    plan.problems = _check_header(kind, header, columns)
    if plan.problems:
        return plan
    parsed = _parse_rows(header, rows, columns, plan)
    exact, folded = _by_name(model)
    first_line: dict[str, int] = {}
    fields = set()
    for line, values, ok in parsed:
        key = values.get("name", "").casefold()
        if key in first_line:
            plan.problems.append(
                Problem(line, "name", _("repeats line %(line)s") % {"line": first_line[key]})
            )
            continue
        if key:
            first_line[key] = line
        if not ok:
            continue
        existing = _find(exact, folded, values["name"])
        if existing is None:
            instance, original, action = model(), None, "create"
        else:
            instance, original, action = existing, copy.copy(existing), "update"
        before = len(plan.problems)
        apply(instance, values, action == "create", plan, line)
        if len(plan.problems) == before and _validate(plan, line, instance, exclude=[]):
            plan.rows.append(PlannedRow(line, instance, action, original))
        fields.update(values)
    if "country" in fields:
        fields.add("region")  # derived from the country when the file gives no region
    plan.fields = sorted(fields)
    return plan


def _region(values: dict, instance, created: bool, plan: Plan, line: int) -> None:
    """An explicit region wins; otherwise a new row or a changed country derives it."""
    if values.get("region"):
        instance.region = values["region"]
    elif created or "country" in values:
        country = str(instance.country or "")
        if region := region_of_country(country):
            instance.region = region
        elif created:
            plan.problems.append(
                Problem(line, "region", _("required when the country does not give it"))
            )


def _apply_member(instance, values: dict, created: bool, plan: Plan, line: int) -> None:
    for name, value in values.items():
        if name == "region":
            continue
        if name == "name_public":
            value = bool(value)  # unknown means withheld: the safe default
        elif value == "" and name in ("kind", "size", "status"):
            value = MemberOrganisation._meta.get_field(name).get_default()
        setattr(instance, name, value)
    if created and not values.get("country"):
        plan.problems.append(Problem(line, "country", _("required for a new member")))
        return
    _region(values, instance, created, plan, line)


def plan_members(header: list[str], rows: Iterable[tuple[int, list[str]]]) -> Plan:
    return _plan_named("members", MemberOrganisation, header, rows, MEMBER_COLUMNS, _apply_member)


def _apply_section(instance, values: dict, created: bool, plan: Plan, line: int) -> None:
    for name, value in values.items():
        if name == "region":
            continue
        if value == "" and name in ("kind", "stance"):
            value = Section._meta.get_field(name).get_default()
        if name == "country":
            value = value or None
        setattr(instance, name, value)
    _region(values, instance, created, plan, line)


def plan_sections(header: list[str], rows: Iterable[tuple[int, list[str]]]) -> Plan:
    plan = _plan_named("sections", Section, header, rows, SECTION_COLUMNS, _apply_section)
    if plan.problems:
        return plan
    # One section per country: against the file's other rows and the database's sections.
    owner = {
        str(country): pk
        for pk, country in Section.objects.exclude(country=None).values_list("pk", "country")
    }
    in_file: dict[str, int] = {}
    for row in plan.rows:
        country = str(row.instance.country or "")
        if not country:
            continue
        if country in in_file:
            plan.problems.append(
                Problem(
                    row.line, "country", _("repeats line %(line)s") % {"line": in_file[country]}
                )
            )
        elif owner.get(country, row.instance.pk) != row.instance.pk:
            plan.problems.append(
                Problem(
                    row.line,
                    "country",
                    _("%(country)s already has another section") % {"country": country},
                )
            )
        in_file[country] = row.line
    return plan


# Keys already looked up in bulk above; Django's own check would query once per row.
_RESOLVED_IN_BULK = ["section", "member", "strategy", "logged_by", "people"]


def plan_contacts(header: list[str], rows: Iterable[tuple[int, list[str]]], *, user=None) -> Plan:
    """New contacts; a row equal to a stored one (date, section, member, channel and summary,
    deleted ones included, so re-importing never brings back a deleted contact) is skipped."""
    plan = Plan(kind="contacts", model=Contact, fields=[])
    plan.problems = _check_header("contacts", header, CONTACT_COLUMNS)
    if plan.problems:
        return plan
    parsed = _parse_rows(header, rows, CONTACT_COLUMNS, plan)
    section_exact, section_folded = _by_name(Section)
    member_exact, member_folded = _by_name(MemberOrganisation)
    strategies = strategies_by_number()
    usernames = {values["logged_by"] for _, values, _ok in parsed if values.get("logged_by")}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    dates = [values["date"] for _, values, _ok in parsed if values.get("date")]
    stored = (
        set(
            Contact.objects.filter(date__gte=min(dates), date__lte=max(dates)).values_list(
                "date", "section_id", "member_id", "channel", "summary"
            )
        )
        if dates
        else set()
    )
    for line, values, ok in parsed:
        before = len(plan.problems)
        section = _find(section_exact, section_folded, values.get("section", ""))
        if section is None and values.get("section"):
            message = _("no section named %(name)r") % {"name": values["section"]}
            plan.problems.append(Problem(line, "section", message))
        member = _find(member_exact, member_folded, values.get("member", ""))
        if member is None and values.get("member"):
            plan.problems.append(
                Problem(line, "member", _("no member named %(name)r") % {"name": values["member"]})
            )
        strategy = None
        if values.get("strategy") is not None:
            strategy = strategies.get(values["strategy"])
            if strategy is None:
                plan.problems.append(
                    Problem(
                        line,
                        "strategy",
                        _("no strategy numbered %(number)s in the current campaign")
                        % {"number": values["strategy"]},
                    )
                )
        if not ok or len(plan.problems) != before:
            continue
        low, high = values.get("participants", (None, None))
        contact = Contact(
            date=values["date"],
            section=section,
            member=member,
            initiated_by=values.get("initiated_by") or Contact.InitiatedBy.UNKNOWN,
            formality=values.get("formality", ""),
            channel=values["channel"],
            strategy=strategy,
            summary=values["summary"],
            outcome=values.get("outcome", ""),
            follow_up=values.get("follow_up", ""),
            follow_up_date=values.get("follow_up_date"),
            participants=low,
            participants_max=high,
            hours=values.get("hours"),
            hours_paid=values.get("hours_paid"),
            notes=values.get("notes", ""),
            logged_by=users.get(values.get("logged_by", ""), user),
        )
        if not _validate(plan, line, contact, exclude=_RESOLVED_IN_BULK):
            continue
        key = (contact.date, section.pk, member.pk, contact.channel, contact.summary)
        action = "skip" if key in stored else "create"
        stored.add(key)
        plan.rows.append(PlannedRow(line, contact, action))
    return plan


def plan_file(kind: str, header: list[str], rows, *, user=None) -> Plan:
    if kind == "contacts":
        return plan_contacts(header, rows, user=user)
    if kind == "sections":
        return plan_sections(header, rows)
    return plan_members(header, rows)


# Writing -----------------------------------------------------------------------------------


@transaction.atomic
def plan_apply(*, plan: Plan, user=None, reason: str = "CSV import") -> None:
    """Write a plan without problems: creates and updates in bulk, each with its history."""
    if plan.problems:
        raise ImportRejected(plan.problems)
    creates = [row.instance for row in plan.rows if row.action == "create"]
    updates = [row.instance for row in plan.rows if row.action == "update"]
    history = {"default_user": user, "default_change_reason": reason, "batch_size": BATCH_SIZE}
    if creates:
        bulk_create_with_history(creates, plan.model, **history)
    if updates:
        now = timezone.now()
        for instance in updates:
            instance.updated_at = now
        fields = [f for f in plan.fields if f != "name"] + ["updated_at"]
        bulk_update_with_history(updates, plan.model, fields, **history)


@dataclass
class ImportReport:
    kind: str
    created: int
    updated: int
    skipped: int
    dry_run: bool


def import_csv(*, kind: str, data: bytes, user=None, dry_run: bool = False) -> ImportReport:
    """Read, plan and (unless ``dry_run``) write one file; ImportRejected lists every problem."""
    header, rows = read_csv(data)
    plan = plan_file(kind, header, rows, user=user)
    if plan.problems:
        raise ImportRejected(plan.problems)
    if not dry_run:
        plan_apply(plan=plan, user=user, reason=f"CSV import of {kind}")
    return ImportReport(
        kind=kind,
        created=plan.count("create"),
        updated=plan.count("update"),
        skipped=plan.count("skip"),
        dry_run=dry_run,
    )
