"""Fill the database with synthetic members, sections and contacts (see campaigns.demo_data)."""

import argparse
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from campaigns import demo_data
from core.progress import Progress


def _non_negative(value: str) -> int:
    """A count: argparse's message names the option and says what it takes."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, not {value!r}")
    return number


class Command(BaseCommand):
    help = (
        "Replace earlier demo data with synthetic members, sections, check-ins and contacts "
        "(2015–2025), reproducible from --seed. Refuses to run when the database holds real "
        "data, unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--members", type=_non_negative, default=300, help="How many: 0 or more (300)."
        )
        parser.add_argument(
            "--sections",
            type=_non_negative,
            default=70,
            help="How many: 0 or more, one per country without a section (70).",
        )
        parser.add_argument(
            "--contacts", type=_non_negative, default=10_000, help="How many: 0 or more (10000)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Any whole number; the same seed, the same rows."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add demo data even though the database holds real members, sections or "
            "contacts (the real rows are kept).",
        )

    def handle(self, *args, members, sections, contacts, seed, force, **options) -> None:
        started = time.perf_counter()
        try:
            result = demo_data.generate(
                members=members,
                sections=sections,
                contacts=contacts,
                seed=seed,
                force=force,
                progress=Progress.for_command(self.stderr, options["verbosity"]),
            )
        except demo_data.RealDataPresent as exc:
            counts = ", ".join(f"{n} {what}" for what, n in exc.args[0].items() if n)
            raise CommandError(
                f"This database holds real data ({counts} not written by generate_demo_data). "
                "Refusing to mix synthetic rows into it; use an empty database, or pass --force "
                "to add demo data anyway."
            ) from exc
        except demo_data.TooManySections as exc:
            raise CommandError(
                f"--sections {sections} is more than the {exc.args[0]} countries without a "
                "section: a country has at most one section."
            ) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.members} members, {result.sections} sections, "
                f"{result.check_ins} check-ins and {result.contacts} contacts "
                f"(seed {seed}, {result.method}) in {elapsed:.1f} s."
            )
        )
