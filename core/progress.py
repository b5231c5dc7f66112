"""How far a long management command has got, told to whoever runs it.

An import of 100,000 rows, a backup or the demo data can take minutes; a command that says
nothing meanwhile looks hung. ``Progress`` writes to the command's stderr, so stdout keeps only
the result that scripts read:

- on a terminal (stderr is a TTY), one line redrawn in place: a bar, the percentage and count;
- elsewhere (a log file, cron's mail), a plain line at each tenth of the work (every
  ``INTERVAL`` seconds when the total is not known), at most one per ``INTERVAL``, and one
  when a stage ends: a log shows the command is alive, and a quick run writes one line a stage;
- with ``-v 0``, nothing.

The code doing the work takes a ``Progress`` (``SILENT`` by default) and calls ``start`` for
each stage and ``advance`` as it goes; it never needs to know where the lines go.
"""

import time
from collections.abc import Iterable, Iterator
from typing import IO, Any, TypeVar, cast

T = TypeVar("T")

INTERVAL = 5.0  # the fewest seconds between two plain lines
REDRAW = 0.1  # seconds between redraws of the bar on a terminal
WIDTH = 30


class Progress:
    """A command's progress through one stage after another (see the module's docstring)."""

    def __init__(self, stream: IO[str] | None, *, tty: bool = False) -> None:
        self.stream, self.tty = stream, tty
        self.label, self.unit = "", ""
        self.total: int | None = None
        self.done, self.started, self.shown_at, self.shown_tenth = 0, 0.0, 0.0, 0
        self.active = False

    @classmethod
    def for_command(cls, stderr: Any, verbosity: int) -> "Progress":
        """For a command: its ``self.stderr`` and ``options["verbosity"]``."""
        if verbosity < 1:
            return SILENT
        # Past Django's OutputWrapper, which would end every write with a newline.
        stream = getattr(stderr, "_out", stderr)
        isatty = getattr(stream, "isatty", None)
        return cls(stream, tty=bool(isatty and isatty()))

    def start(self, label: str, total: int | None = None, unit: str = "") -> None:
        """Begin a stage of ``total`` steps (None: not known in advance); ends the last one."""
        self.finish()
        self.label, self.total, self.unit = label, total, unit
        self.done, self.shown_tenth = 0, 0
        self.started = self.shown_at = time.monotonic()
        self.active = True

    def advance(self, steps: int = 1) -> None:
        if not self.active or self.stream is None:
            return
        self.done += steps
        now = time.monotonic()
        if self.tty:
            if now - self.shown_at >= REDRAW:
                self._write("\r" + self._bar(), now)
        elif now - self.shown_at >= INTERVAL:
            tenth = min(10, self.done * 10 // self.total) if self.total else None
            if tenth is None or self.shown_tenth < tenth < 10:
                self.shown_tenth = tenth or 0
                self._write(self._line() + "\n", now)

    def reach(self, done: int, total: int | None = None) -> None:
        """For work that reports where it stands rather than each step (SQLite's backup)."""
        if total is not None:
            self.total = total
        self.advance(done - self.done)

    def iterate(self, items: Iterable[T]) -> Iterator[T]:
        """The items, each counted as a step once it has been dealt with."""
        for item in items:
            yield item
            self.advance()

    def reading(self, stream: IO[bytes]) -> IO[bytes]:
        """``stream``, each byte read from it counted as a step (for readers that only call
        ``read`` and ``readline``)."""
        return cast(IO[bytes], Reading(stream, self))

    def finish(self) -> None:
        """End the stage with a last line saying how much was done and how long it took."""
        if not self.active or self.stream is None:
            self.active = False
            return
        self.active = False
        elapsed = time.monotonic() - self.started
        end = f" done in {elapsed:.1f} s\n"
        self._write(("\r" + self._bar() if self.tty else self._line()) + end, time.monotonic())

    def _count(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.total is None:
            return f"{self.done:,}{unit}"
        return f"{self.done:,}/{self.total:,}{unit}"

    def _line(self) -> str:
        percent = f" ({100 * self.done // self.total}%)" if self.total else ""
        return f"{self.label}: {self._count()}{percent}"

    def _bar(self) -> str:
        if not self.total:
            return f"{self.label}: {self._count()}"
        filled = min(WIDTH, WIDTH * self.done // self.total)
        percent = min(100, 100 * self.done // self.total)
        bar = "#" * filled + "." * (WIDTH - filled)
        return f"{self.label} [{bar}] {percent:3d}% {self._count()}"

    def _write(self, text: str, now: float) -> None:
        assert self.stream is not None
        self.stream.write(text)
        self.stream.flush()
        self.shown_at = now


class Reading:
    """A binary stream whose reads advance a ``Progress`` by the bytes they return."""

    def __init__(self, stream: IO[bytes], progress: Progress) -> None:
        self.stream, self.progress = stream, progress

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.progress.advance(len(data))
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self.stream.readline(size)
        self.progress.advance(len(data))
        return data


SILENT = Progress(None)
