"""NSWP's five regions, and the region of each ISO 3166 alpha-2 country code.

Members and sections are grouped by the same regions. The table serves every place that must
place a country in a region without being told: CSV imports of sections (the file has no region
column) and synthetic demo data. Where a person or a file states the region, theirs wins.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """NSWP's five regions; sections are grouped by the same regions."""

    AFRICA = "africa", _("Africa")
    ASIA_PACIFIC = "asia-pacific", _("Asia-Pacific")
    EUROPE = "europe", _("Europe")
    LATIN_AMERICA = "latin-america", _("Latin America")
    NORTH_AMERICA_CARIBBEAN = "north-america-caribbean", _("North America and the Caribbean")


_REGION_COUNTRIES = {
    Region.AFRICA: (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA "
        "MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW"
    ),
    Region.ASIA_PACIFIC: (
        "AE AF AQ AS AU BD BH BN BT CC CK CN CX FJ FM GU HK HM ID IN IO IQ IR JO JP KH KI KP KR "
        "KW LA LB LK MH MM MN MO MP MV MY NC NF NP NR NU NZ OM PF PG PH PK PN PS PW QA SA SB SG "
        "SY TF TH TK TL TO TV TW UM VN VU WF WS YE"
    ),
    Region.EUROPE: (
        "AD AL AM AT AX AZ BA BE BG BV BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE "
        "IL IM IS IT JE KG KZ LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TJ "
        "TM TR UA UZ VA"
    ),
    Region.LATIN_AMERICA: "AR BO BR BZ CL CO CR EC FK GF GS GT GY HN MX NI PA PE PY SR SV UY VE",
    Region.NORTH_AMERICA_CARIBBEAN: (
        "AG AI AW BB BL BM BQ BS CA CU CW DM DO GD GL GP HT JM KN KY LC MF MQ MS PM PR SX TC TT "
        "US VC VG VI"
    ),
}
_REGION_OF_COUNTRY = {
    code: region for region, codes in _REGION_COUNTRIES.items() for code in codes.split()
}


def region_of_country(code: str) -> Region | None:
    """NSWP's region for a country, or None for a code the table does not place."""
    return _REGION_OF_COUNTRY.get(code)
