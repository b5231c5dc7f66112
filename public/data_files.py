"""The public numbers as JSON and CSV: the page's numbers, in the stable vocabulary.

Both are drawn from the same publication as the page (``public.numbers``), so they hold
exactly its numbers: an integer, ``"<3"`` for a count below the threshold, or ``"hidden"`` for
a count hidden so that no small one can be worked out. Keys and values never translate
(regions, channels and countries by their codes, months as ``YYYY-MM``); docs/public.md lists
them.
"""

import csv
import datetime
import io
from collections.abc import Iterator

from django.conf import settings

from campaigns.exchange.formats import neutralise

CSV_COLUMNS = ("table", "row", "column", "value")


def _month(day: datetime.date) -> str:
    return day.strftime("%Y-%m")


def as_json(publication: dict) -> dict:
    """The JSON document: every table of the page, and the campaign's facts."""
    return {
        "computed_at": publication["computed_at"],
        "refreshed_every_seconds": settings.PUBLIC_CACHE_SECONDS,
        "threshold": publication["threshold"],
        "withheld": publication["withheld"],
        "totals": publication["totals"],
        "by_region": publication["by_region"],
        "by_channel": publication["by_channel"],
        "by_month": [
            {"month": _month(row["month"]), "contacts": row["contacts"]}
            for row in publication["by_month"]
        ],
        "sections": publication["sections"],
        "countries": publication["countries"],
        "campaign": publication["campaign"],
    }


def csv_rows(publication: dict) -> Iterator[tuple]:
    """One row per published number: table, row, column, value."""
    for column, value in publication["totals"].items():
        yield ("totals", "", column, value)
    for row in publication["by_region"]:
        for column in ("contacts", "sections_engaged", "members_engaged"):
            yield ("by_region", row["region"], column, row[column])
    for row in publication["by_channel"]:
        yield ("by_channel", row["channel"], "contacts", row["contacts"])
    for row in publication["by_month"]:
        yield ("by_month", _month(row["month"]), "contacts", row["contacts"])
    for row in publication["sections"]:
        yield ("sections", neutralise(row["name"]), "contacts", row["contacts"])
    for row in publication["countries"]:
        yield ("countries", row["country"], "members_engaged", row["members_engaged"])
    campaign = publication["campaign"] or {}
    for petition in campaign.get("petitions", []):
        for count in petition["supporter_counts"]:
            yield (
                "petition_supporters",
                neutralise(petition["title"]),
                count["date"].isoformat(),
                count["count"],
            )


def as_csv(publication: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(publication))
    return out.getvalue()
