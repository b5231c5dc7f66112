"""What a long command tells whoever runs it: a bar on a terminal, a few plain lines in a log,
nothing with ``-v 0``."""

import io
import re

from core import progress
from core.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_bar_redrawn_in_place(monkeypatch):
    monkeypatch.setattr(progress, "REDRAW", 0)
    stream = Terminal()
    bar = Progress.for_command(stream, verbosity=1)

    bar.start("Contacts", total=4, unit="contacts")
    for _ in bar.iterate(range(4)):
        pass
    bar.finish()

    text = stream.getvalue()
    assert text.count("\n") == 1
    assert "\rContacts [###############...............]  50% 2/4 contacts" in text
    assert re.search(r"100% 4/4 contacts done in \d+\.\d s\n$", text)


def test_a_log_gets_a_line_at_each_tenth_and_one_at_the_end(monkeypatch):
    monkeypatch.setattr(progress, "INTERVAL", 0)
    stream = io.StringIO()
    lines = Progress.for_command(stream, verbosity=1)

    lines.start("Writing", total=100, unit="rows")
    for _ in range(50):
        lines.advance(2)
    lines.finish()

    *tenths, last = stream.getvalue().splitlines()
    assert tenths == [f"Writing: {n}/100 rows ({n}%)" for n in range(10, 100, 10)]
    assert re.fullmatch(r"Writing: 100/100 rows \(100%\) done in \d+\.\d s", last)


def test_a_quick_stage_in_a_log_writes_only_its_last_line():
    stream = io.StringIO()
    lines = Progress.for_command(stream, verbosity=1)

    lines.start("Dumping", unit="bytes")
    lines.advance(2048)
    lines.finish()

    assert re.fullmatch(r"Dumping: 2,048 bytes done in \d+\.\d s\n", stream.getvalue())


def test_verbosity_zero_writes_nothing():
    stream = Terminal()
    silent = Progress.for_command(stream, verbosity=0)

    silent.start("Contacts", total=3)
    silent.advance(3)
    silent.finish()

    assert stream.getvalue() == ""
