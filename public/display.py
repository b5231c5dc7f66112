"""The public page's context: the published numbers with their labels in the reader's
language, and the charts drawn from them. Nothing here counts or hides anything; the numbers
arrive suppressed from ``public.numbers``."""

from django.conf import settings
from django_countries import countries

from campaigns.charts import petitions_chart
from campaigns.models import Contact, Milestone, Petition, Strategy
from core.regions import Region
from public.drawing import months_chart, world_map


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _campaign(campaign: dict | None) -> dict | None:
    if campaign is None:
        return None
    return {
        **campaign,
        "strategies": [
            {**s, "status_label": _label(Strategy.Status, s["status"])}
            for s in campaign["strategies"]
        ],
        "milestones": [
            {**m, "kind_label": _label(Milestone.Kind, m["kind"])} for m in campaign["milestones"]
        ],
        "petitions": [
            {**p, "position_label": _label(Petition.Position, p["position"])}
            for p in campaign["petitions"]
        ],
    }


def page_context(publication: dict) -> dict:
    region_label = {value: str(label) for value, label in Region.choices}
    campaign = _campaign(publication["campaign"])
    sections = [
        {
            **row,
            "country_name": str(countries.name(row["country"])) if row["country"] else "",
            "region_label": region_label.get(row["region"], row["region"]),
        }
        for row in publication["sections"]
    ]
    shown_countries = sorted(
        (
            {
                **row,
                "name": str(countries.name(row["country"])),
                "region_label": region_label.get(row["region"], row["region"]),
            }
            for row in publication["countries"]
        ),
        key=lambda row: row["name"],
    )
    return {
        "numbers": publication,
        "threshold": publication["threshold"],
        "refresh_minutes": max(1, round(settings.PUBLIC_CACHE_SECONDS / 60)),
        "totals": publication["totals"],
        "regions": [
            {**row, "label": region_label.get(row["region"], row["region"])}
            for row in publication["by_region"]
        ],
        "channels": [
            {**row, "label": _label(Contact.Channel, row["channel"])}
            for row in publication["by_channel"]
        ],
        "months": publication["by_month"],
        "months_chart": months_chart(publication["by_month"], threshold=publication["threshold"]),
        "sections": sections,
        "countries": shown_countries,
        "world": world_map(publication["countries"]),
        "campaign": campaign,
        "petitions_chart": petitions_chart(campaign["petitions"]) if campaign else None,
    }
