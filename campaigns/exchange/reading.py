"""Reading a CSV file strictly and as a stream: every malformed line is a problem, not a guess.

The file is read line by line from its binary stream (an upload or a file on disk), never
whole, so memory does not grow with its size. UTF-8 with or without a byte-order mark; comma
or semicolon, whichever the header uses. Python's csv module is lenient where a tracker must
not be, so this reader refuses, as ``line N: column: message``:

- bytes that are not UTF-8 and NUL bytes (a spreadsheet's binary file saved under .csv);
- a quoted cell that is never closed, or one whose following lines look like rows of their
  own (an unclosed quote swallowed them), and a stray quote after a closing one;
- a cell longer than csv's limit, a line longer than ``MAX_LINE_BYTES``;
- a row with more or fewer cells than the header has columns.

A fatal problem (the reader cannot know where the next row starts) ends the reading; the
others skip their row, so a file is fixed in one pass.
"""

import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext

MAX_LINE_BYTES = 1 << 20
FIELD_LIMIT = csv.field_size_limit()
_BOM = b"\xef\xbb\xbf"
_NOT_UTF8 = "holds bytes that are not UTF-8; save the file as “CSV UTF-8” and try again"


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return gettext("line %(line)s: %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class ImportRejected(Exception):
    """The file cannot be imported; ``problems`` lists every reason, by line and column."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda problem: problem.line)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Record:
    """One data row: the line it starts on and one cell per header column."""

    line: int
    cells: list[str]


class _Stop(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class StrictReader:
    """``header`` and then ``records()``; problems gather in ``problems``."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.problems: list[Problem] = []
        self.header: list[str] = []
        self._bad_lines: set[int] = set()
        lines = self._lines(stream)
        try:
            first = next(lines, None)
        except _Stop as stop:
            self.problems.append(stop.problem)
            return
        if first is None or not first.strip():
            self.problems.append(Problem(1, "(file)", gettext("the file is empty")))
            return
        if 1 in self._bad_lines:
            self.problems.append(Problem(1, "(file)", f"the header {_NOT_UTF8}"))
            return
        delimiter = ";" if first.count(";") > first.count(",") else ","
        self._reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
        self.delimiter = delimiter
        header = self._next(1)
        if header is not None:
            self.header = [name.strip() for name in header]

    def _lines(self, stream: IO[bytes]) -> Iterator[str]:
        """Decoded physical lines; undecodable ones are remembered, with U+FFFD for the bytes."""
        number = 0
        while raw := stream.readline(MAX_LINE_BYTES + 1):
            number += 1
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            if len(raw) > MAX_LINE_BYTES:
                raise _Stop(
                    Problem(number, "(file)", f"a line is longer than {MAX_LINE_BYTES:,} bytes")
                )
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                self._bad_lines.add(number)
                yield raw.decode("utf-8", "replace")

    def _next(self, start: int) -> list[str] | None:
        """The next row's cells, or None at the end of the file or after a fatal problem."""
        try:
            return next(self._reader)
        except StopIteration:
            return None
        except _Stop as stop:
            self.problems.append(stop.problem)
        except csv.Error as error:
            self.problems.append(Problem(start, "(row)", _csv_message(str(error))))
        return None

    def records(self) -> Iterator[Record]:
        """The data rows that are well formed; blank lines are skipped."""
        if not self.header:
            return
        while True:
            start = self._reader.line_num + 1
            cells = self._next(start)
            if cells is None:
                return
            if not any(cell.strip() for cell in cells):
                continue
            problems = self._check(start, cells)
            if problems:
                self.problems.extend(problems)
            else:
                yield Record(start, cells)

    def _check(self, start: int, cells: list[str]) -> list[Problem]:
        width = len(self.header)
        if len(cells) != width:
            return [
                Problem(start, "(row)", f"{len(cells)} cells where the header has {width} columns")
            ]
        problems = []
        undecodable = any(n in self._bad_lines for n in range(start, self._reader.line_num + 1))
        for name, cell in zip(self.header, cells, strict=True):
            if "\x00" in cell:
                problems.append(Problem(start, name, "holds a NUL byte; is this a CSV file?"))
            if undecodable and "\ufffd" in cell:
                problems.append(Problem(start, name, _NOT_UTF8))
            if "\n" in cell and self._swallows_rows(cell):
                problems.append(
                    Problem(
                        start,
                        name,
                        "a quoted cell runs over lines that look like rows of their own; "
                        'is a closing quote (") missing?',
                    )
                )
        if undecodable and not problems:
            problems.append(Problem(start, "(row)", _NOT_UTF8))
        return problems

    def _swallows_rows(self, cell: str) -> bool:
        """A multi-line cell whose later lines split into a whole row's cells: the sign of an
        unclosed quote that merged the following rows into this cell."""
        width = len(self.header)
        if width < 3:
            return False
        return any(line.count(self.delimiter) >= width - 1 for line in cell.splitlines()[1:])


def _csv_message(error: str) -> str:
    if "unexpected end of data" in error:
        return 'a quoted cell is never closed: a closing quote (") is missing'
    if "expected after" in error:
        return (
            'a quote (") inside a quoted cell must be doubled (""), or a quoted cell on this '
            "line is not closed"
        )
    if "field limit" in error:
        return f"a cell is longer than {FIELD_LIMIT:,} characters"
    return error
