"""The answers file of a check-in round: one row per member asked, with the ids of the
contacts its answer reported, so that each can be found in the contacts file by its ``id``.

Written only (a round's answers come from the members, not from files), for the secretariat.
"""

from django.utils.translation import gettext_lazy as _

from campaigns.exchange.columns import Kind, Reader, export_only
from campaigns.exchange.formats import Choice, Country, Date, Integer, Text
from campaigns.models import CheckIn, Contact
from core.regions import Region

ID = Integer("an id")


def _load_reported(reader: Reader, chunk: list[dict]) -> None:
    """The live contacts each answer of a chunk reported, in one query."""
    pairs = (
        Contact.objects.filter(
            check_in_id__in=[row["id"] for row in chunk], deleted_at__isnull=True
        )
        .order_by("date", "pk")
        .values_list("check_in_id", "pk")
    )
    reader.reported = {}
    for check_in_id, contact_id in pairs:
        reader.reported.setdefault(check_in_id, []).append(str(contact_id))


def _reported(reader: Reader, check_in_id: int) -> str:
    return "; ".join(reader.reported.get(check_in_id, ()))


CHECK_INS = Kind(
    name="check_ins",
    model=CheckIn,
    columns=(
        export_only("id", _("ID"), ID),
        export_only("round_id", _("Round ID"), ID),
        export_only("member_id", _("Member ID"), ID),
        export_only(
            "member",
            _("Member organisation"),
            Text(),
            "member_id",
            "member__name",
            "member__name_public",
            "member__country",
            value=Reader.member_name,
        ),
        export_only("member_country", _("Member country"), Country(), "member__country"),
        export_only("region", _("Region"), Choice(Region), "member__region"),
        export_only("asked_on", _("Asked on"), Date()),
        export_only("answer", _("Answer"), Choice(CheckIn.Answer)),
        export_only("answered_on", _("Answered on"), Date()),
        export_only(
            "contact_ids",
            _("Reported contacts (IDs)"),
            Text(),
            "id",
            value=_reported,
            prepare=_load_reported,
        ),
        export_only("note", _("Note"), Text(), personal=True),
    ),
    required=(),
    sheet_title=_("Check-in answers"),
)
