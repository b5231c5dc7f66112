"""The contacts file: its columns, in the order of the public contract.

The names and values are a public contract (docs/exchange.md): stored choice values rather
than labels, ISO 3166 alpha-2 countries, ISO 8601 dates, ``yes``/``no``, the strategy's
number, a member's name as the reader may see it, and the ids of the section and the member
so that a file reads back whatever the names say.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Case, F, OuterRef, Subquery, TextField, Value, When
from django.utils.translation import gettext_lazy as _

from campaigns.exchange.columns import Column, Kind, Reader, export_only
from campaigns.exchange.formats import (
    Choice,
    Country,
    Date,
    Hours,
    Integer,
    Range,
    Text,
    UtcTimestamp,
    YesNo,
    neutralised_sql,
)
from campaigns.models import Contact
from core.regions import Region
from members.models import MemberOrganisation


def _member_name_sql(reader: Reader):
    """``MemberOrganisation.display_name`` in SQL: the withheld form of each country is worked
    out in Python (it is translated), for the countries that have a withheld member."""
    if reader.audience.names:
        return neutralised_sql(F("member__name"))
    withheld_countries = (
        MemberOrganisation.objects.filter(name_public=False)
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()
    )
    withheld = [
        When(member__country=code, then=Value(MemberOrganisation(country=str(code)).withheld_name))
        for code in withheld_countries
    ]
    return neutralised_sql(
        Case(
            When(member__name_public=True, then=F("member__name")),
            *withheld,
            default=Value(MemberOrganisation(country="").withheld_name),
            output_field=TextField(),
        )
    )


def _logged_by(reader: Reader, username):
    return username if reader.audience.logged_by else None


def _logged_by_sql(reader: Reader):
    if reader.audience.logged_by:
        return neutralised_sql(F("logged_by__username"))
    return Value(None, output_field=TextField())


def _people(reader: Reader, contact_id: int) -> str:
    return "; ".join(reader.people.get(contact_id, ()))


def _people_sql(reader: Reader):
    """People's names, sorted as ``_load_people`` sorts them, joined with "; "."""
    # django-stubs does not see the "names" annotation that values() reads below.
    names = (
        Contact.people.through.objects.filter(contact_id=OuterRef("pk"))  # type: ignore[misc]
        .order_by()
        .values("contact_id")
        .annotate(
            names=StringAgg("person__name", delimiter="; ", order_by=("person__name", "person_id"))
        )
        .values("names")
    )
    return neutralised_sql(Subquery(names, output_field=TextField()))


def _load_people(reader: Reader, chunk: list[dict]) -> None:
    """The people of a chunk of contacts, in one query (as ``prefetch_related`` would)."""
    pairs = (
        Contact.people.through.objects.filter(contact_id__in=[row["id"] for row in chunk])
        .order_by("person__name", "person_id")
        .values_list("contact_id", "person__name")
    )
    reader.people = {}
    for contact_id, name in pairs:
        reader.people.setdefault(contact_id, []).append(name)


MEMBER_NAME = ("member_id", "member__name", "member__name_public", "member__country")
ID = Integer("an id")

COLUMNS = (
    export_only("id", _("ID"), ID),
    Column("date", _("Date"), Date()),
    Column("section", _("Section"), Text(), source=("section__name",), into=()),
    export_only("section_country", _("Section country"), Country(), "section__country"),
    Column("member", _("Member organisation"), Text(), source=MEMBER_NAME, into=(),
           value=Reader.member_name, sql=_member_name_sql),
    export_only("member_country", _("Member country"), Country(), "member__country"),
    export_only("region", _("Region"), Choice(Region), "member__region"),
    Column("initiated_by", _("Initiated by"), Choice(Contact.InitiatedBy)),
    Column("formality", _("Formality"), Choice(Contact.Formality)),
    Column("channel", _("Channel"), Choice(Contact.Channel)),
    Column("strategy", _("Strategy"), Integer("a strategy number"),
           source=("strategy__number",), into=()),
    Column("summary", _("Summary"), Text()),
    Column("outcome", _("Outcome"), Text()),
    Column("follow_up", _("Follow-up action"), Text()),
    Column("follow_up_date", _("Follow-up date"), Date()),
    Column("participants", _("Participants"), Range(), source=("participants", "participants_max")),
    Column("hours", _("Hours given by sex workers"), Hours()),
    Column("hours_paid", _("Sex workers were paid"), YesNo()),
    Column("logged_by", _("Logged by"), Text(), source=("logged_by__username",), into=(),
           value=_logged_by, sql=_logged_by_sql),
    export_only("created_at", _("Created at (UTC)"), UtcTimestamp()),
    Column("date_precision", _("Date precision"), Choice(Contact.DatePrecision)),
    Column("date_end", _("End date"), Date()),
    Column("section_id", _("Section ID"), ID, into=()),
    Column("member_id", _("Member ID"), ID, into=()),
    export_only("people", _("People involved"), Text(), "id", personal=True,
                value=_people, sql=_people_sql, prepare=_load_people),
    Column("notes", _("Private notes"), Text(), personal=True),
)  # fmt: skip

CONTACTS = Kind(
    name="contacts",
    model=Contact,
    columns=COLUMNS,
    required=("date", "section", "member", "channel", "summary"),
    sheet_title=_("Contacts"),
)
