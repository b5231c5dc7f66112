"""The kinds of cell a column can hold, each written and read back by one set of rules.

A format turns a column's value into CSV text, into an XLSX cell and, for PostgreSQL's COPY,
into an SQL expression that yields the same text; and it parses a file's cell back into the
stored value. The CSV text and the SQL must agree byte for byte (COPY writes NULL as an empty
field but quotes an empty string, so every expression gives NULL where the CSV is empty):
``tests/campaigns/test_export_copy.py`` holds them to it.

Parsers raise ValueError with a message for the reader; the import reports it as
``line N: column: message``.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Case, F, Func, TextField, Value, When
from django.db.models.functions import Cast, Concat, Left, NullIf
from django.db.models.lookups import In
from django.utils import translation
from django.utils.translation import gettext
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

from core.countries import country_code
from core.ranges import parse_range, range_sql, range_text

# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Characters that XML 1.0 (and so XLSX) cannot hold; tab, newline and carriage return can.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text that a spreadsheet would otherwise run as a formula."""
    if text and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def or_null(expression) -> NullIf:
    return NullIf(expression, Value(""), output_field=TextField())


def _as_text(expression) -> Cast:
    return Cast(expression, output_field=TextField())


class Format:
    """A stored code (a choice's value, an id): text that never starts with a formula trigger,
    so it is written as it is."""

    def csv(self, value: Any) -> str:
        return "" if value is None else str(value)

    def xlsx(self, sheet, value: Any) -> Any:
        return None if value is None else str(value)

    def sql(self, *sources: str):
        return or_null(F(sources[0]))

    def parse(self, raw: str) -> Any:
        return raw.strip()


class Text(Format):
    """Free text: neutralised against formulas on the way out, restored on the way back."""

    def csv(self, value: Any) -> str:
        return "" if value is None else neutralise(str(value))

    def xlsx(self, sheet, value: Any) -> Any:
        """A plain string, never a formula; only text spelling an error code ("#N/A") needs an
        explicit string cell, or the spreadsheet would show it as an error."""
        if value is None:
            return None
        text = neutralise(_XML_ILLEGAL.sub("", str(value)))
        if text in ERROR_CODES:
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"
            return cell
        return text

    def sql(self, *sources: str):
        return neutralised_sql(F(sources[0]))

    def parse(self, raw: str) -> str:
        value = raw.strip()
        if value[:1] == "'" and value[1:2] and value[1] in FORMULA_TRIGGERS:
            value = value[1:]  # undo the export's neutralising: a round trip is exact
        return value


def neutralised_sql(expression) -> Case:
    """``Text().csv`` in SQL: an apostrophe before a leading formula trigger; '' as NULL."""
    text = or_null(expression)
    return Case(
        When(
            In(Left(text, 1), list(FORMULA_TRIGGERS)),
            then=Concat(Value("'"), text, output_field=TextField()),
        ),
        default=text,
        output_field=TextField(),
    )


class Url(Text):
    """A web address; "example.org" reads as "https://example.org"."""

    def parse(self, raw: str) -> str:
        value = raw.strip()
        if not value:
            return ""
        if "://" not in value:
            value = "https://" + value
        try:
            URLValidator()(value)
        except ValidationError:
            raise ValueError(
                gettext("%(value)r is not a web address") % {"value": raw.strip()}
            ) from None
        return value


class Choice(Format):
    """One of a model's choices: written as the stored value, read from the value or the
    English label, in any case."""

    def __init__(self, choices: type[models.Choices]):
        self.choices = choices
        self._lookup: dict[str, Any] = {}

    def parse(self, raw: str) -> Any:
        value = raw.strip()
        if not value:
            return ""
        if not self._lookup:
            with translation.override("en"):
                for stored, label in self.choices.choices:
                    self._lookup[str(stored).casefold()] = stored
                    self._lookup[str(label).casefold()] = stored
        if value.casefold() not in self._lookup:
            accepted = ", ".join(str(stored) for stored in self.choices.values)
            raise ValueError(
                gettext("%(value)r is not one of: %(accepted)s")
                % {"value": value, "accepted": accepted}
            )
        return self._lookup[value.casefold()]


class Country(Format):
    """An ISO 3166 alpha-2 code; read from the code or the English name."""

    def parse(self, raw: str) -> str:
        if not raw.strip():
            return ""
        code = country_code(raw)
        if code is None:
            raise ValueError(
                f"{raw.strip()!r} is not an ISO 3166 alpha-2 code or an English country name"
            )
        return code


class Integer(Format):
    """A whole number, a number in XLSX; ``what`` names it in the parser's message."""

    def __init__(self, what: str = "a whole number"):
        self.what = what

    def xlsx(self, sheet, value: Any) -> Any:
        return value

    def sql(self, *sources: str):
        return _as_text(sources[0])

    def parse(self, raw: str) -> int | None:
        value = raw.strip().lstrip("#")
        if not value:
            return None
        if not value.isdigit():
            raise ValueError(f"{raw.strip()!r} is not {self.what}")
        return int(value)


class Hours(Format):
    """Hours to one decimal place, below 100,000; a decimal comma reads as a point."""

    def xlsx(self, sheet, value: Any) -> Any:
        return value

    def sql(self, *sources: str):
        return _as_text(sources[0])

    def parse(self, raw: str) -> Decimal | None:
        value = raw.strip()
        if not value:
            return None
        if "," in value and "." not in value:
            value = value.replace(",", ".")  # as semicolon-separated files write decimals
        try:
            hours = Decimal(value)
        except InvalidOperation:
            raise ValueError(
                gettext("%(value)r is not a number of hours") % {"value": raw.strip()}
            ) from None
        if not hours.is_finite():
            raise ValueError(gettext("%(value)r is not a number of hours") % {"value": raw.strip()})
        if hours < 0:
            raise ValueError(gettext("hours cannot be negative"))
        if hours != hours.quantize(Decimal("0.1")):
            raise ValueError(gettext("give hours to one decimal place at most"))
        if hours >= 100_000:
            raise ValueError(gettext("too many hours"))
        return hours.quantize(Decimal("0.1"))


class _IsoDate(Func):
    """``date.isoformat()``, whatever the session's DateStyle."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = TextField()


class Date(Format):
    """ISO 8601 (``2015-09-01``); a date cell in XLSX."""

    def csv(self, value: datetime.date | None) -> str:
        return "" if value is None else value.isoformat()

    def xlsx(self, sheet, value: Any) -> Any:
        return value

    def sql(self, *sources: str):
        return _IsoDate(sources[0])

    def parse(self, raw: str) -> datetime.date | None:
        value = raw.strip()
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(
                gettext("%(value)r is not a date in the form YYYY-MM-DD") % {"value": value}
            ) from None


class _IsoUtcSeconds(Func):
    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
    output_field = TextField()


class UtcTimestamp(Format):
    """A moment in UTC to the second (``2015-09-01T12:00:00+00:00``); a date-time cell in
    XLSX, which holds no time zone: the column's label says UTC."""

    @staticmethod
    def _utc(value: datetime.datetime) -> datetime.datetime:
        return value.astimezone(datetime.UTC).replace(microsecond=0)

    def csv(self, value: datetime.datetime | None) -> str:
        return "" if value is None else self._utc(value).isoformat()

    def xlsx(self, sheet, value: Any) -> Any:
        return None if value is None else self._utc(value).replace(tzinfo=None)

    def sql(self, *sources: str):
        return _IsoUtcSeconds(sources[0])


class YesNo(Format):
    """``yes``, ``no`` or empty for unknown; read from yes/no, y/n, true/false or 1/0."""

    _TRUE = {"yes", "y", "true", "1"}
    _FALSE = {"no", "n", "false", "0"}

    def csv(self, value: bool | None) -> str:
        if value is None:
            return ""
        return "yes" if value else "no"

    def xlsx(self, sheet, value: Any) -> Any:
        return self.csv(value) or None

    def sql(self, *sources: str):
        return Case(
            When(**{sources[0]: True}, then=Value("yes")),
            When(**{sources[0]: False}, then=Value("no")),
            default=None,
            output_field=TextField(),
        )

    def parse(self, raw: str) -> bool | None:
        value = raw.strip().casefold()
        if not value:
            return None
        if value in self._TRUE:
            return True
        if value in self._FALSE:
            return False
        raise ValueError(gettext("%(value)r is not yes or no") % {"value": raw.strip()})


class Range(Format):
    """A count or a range of two stored numbers (``15``, ``15-18``): see ``core.ranges``."""

    def csv(self, value: tuple[int | None, int | None]) -> str:
        return range_text(*value)

    def xlsx(self, sheet, value: tuple[int | None, int | None]) -> Any:
        return range_text(*value) or None

    def sql(self, *sources: str):
        return range_sql(*sources)

    def parse(self, raw: str) -> tuple[int | None, int | None]:
        return parse_range(raw)
