"""The members and sections files: the columns their import reads, and ``id`` first.

An export of either is the import's own format: ``import_csv members`` reads back what
``export_csv members`` writes (with ``--personal-data``: without it, a withheld member's name,
acronym, city and website are not written, and such a file cannot be imported).
"""

from django.utils.translation import gettext_lazy as _

from campaigns.exchange.columns import Column, Kind, Reader
from campaigns.exchange.formats import Choice, Country, Date, Integer, Text, Url, YesNo
from core.regions import Region
from members.models import MemberOrganisation
from sections.models import Section


def _unless_withheld(reader: Reader, value, name_public):
    """What would name a withheld member (acronym, city, website) only for those who may
    see its name."""
    return value if name_public or reader.audience.names else None


def _identifying(name: str, label, format) -> Column:
    return Column(
        name, label, format, source=(name, "name_public"), into=(name,), value=_unless_withheld
    )


ID = Column("id", _("ID"), Integer("an id"), into=())
REGION = Column("region", _("Region"), Choice(Region), into=())

MEMBERS = Kind(
    name="members",
    model=MemberOrganisation,
    columns=(
        ID,
        Column(
            "name",
            _("Name"),
            Text(),
            source=("id", "name", "name_public", "country"),
            into=("name",),
            value=Reader.member_name,
        ),
        _identifying("acronym", _("Acronym"), Text()),
        Column("country", _("Country"), Country()),
        REGION,
        _identifying("city", _("City"), Text()),
        _identifying("website", _("Website"), Url()),
        Column("kind", _("Kind"), Choice(MemberOrganisation.Kind)),
        Column("size", _("Size"), Choice(MemberOrganisation.Size)),
        Column("status", _("Membership status"), Choice(MemberOrganisation.Status)),
        Column("joined", _("Joined"), Date()),
        Column("name_public", _("Name may be shown publicly"), YesNo()),
    ),
    required=("name",),
    sheet_title=_("Members"),
)

SECTIONS = Kind(
    name="sections",
    model=Section,
    columns=(
        ID,
        Column("name", _("Name"), Text()),
        Column("country", _("Country"), Country()),
        REGION,
        Column("kind", _("Kind"), Choice(Section.Kind)),
        Column("website", _("Website"), Url()),
        Column("stance", _("Stance on the 2015 resolution"), Choice(Section.Stance)),
        Column("stance_note", _("Stance note"), Text()),
    ),
    required=("name",),
    sheet_title=_("Sections"),
)
