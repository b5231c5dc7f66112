"""The CSV export through PostgreSQL's COPY writes the same bytes as the ORM path.

PostgreSQL streams the export with ``COPY``; SQLite (and the XLSX) read rows through the ORM.
Both must give other tools the same file, byte for byte, whatever the text holds.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from campaigns.exchange.columns import Audience, Reader, audience_of
from campaigns.exchange.contacts import CONTACTS
from campaigns.exchange.copy import csv_copy_chunks
from campaigns.exchange.export import csv_chunks, export_rows
from campaigns.models import Contact
from campaigns.selectors import contact_list
from members.models import MemberOrganisation
from sections.models import Section
from tests.factories import (
    ContactFactory,
    MemberFactory,
    PersonFactory,
    SectionFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's; SQLite uses the ORM path"
)

CSV_URL = reverse("campaigns:contact-export-csv")

AWKWARD_TEXTS = [
    '=HYPERLINK("http://evil.example", "click")',
    "+1 555",
    "-minus first",
    "@SUM(A1)",
    "\tstarts with a tab",
    "\rstarts with a carriage return",
    'He said "yes", then left',
    "two\nlines",
    "windows\r\nline end",
    "a lone \r inside",
    "ünïcødé ✓ 日本語 — “quotes”",
    " =space first is no formula",
    "",
    "trailing comma,",
    "\\.",
]


@pytest.fixture
def varied_contacts(db, member_a, member_b, staff_user):
    """Contacts covering every column's awkward values: formulas, quotes, newlines, unicode,
    empty and missing values, ranges, withheld names in several countries."""
    withheld_ng = MemberFactory(
        name='=Secret, "Collective"', name_public=False, country="NG", region="africa"
    )
    withheld_se = MemberFactory(
        name="Hidden Nordic", name_public=False, country="SE", region="europe"
    )
    formula_member = MemberFactory(name="@Public formula", country="AR", region="latin-america")
    members = [member_a, member_b, withheld_ng, withheld_se, formula_member]
    sections = [
        SectionFactory(name="AI Côte d’Ivoire", country="CI"),
        SectionFactory(name='+Plus, "quoted" section', country="NO"),
        SectionFactory(
            name="International Secretariat",
            country=None,
            kind=Section.Kind.INTERNATIONAL_SECRETARIAT,
        ),
    ]
    strategy = StrategyFactory(number=7)
    loggers = [staff_user, UserFactory(username="-dash"), UserFactory(username="@at"), None]
    people = [
        PersonFactory(name="Zoe", member=member_a),
        PersonFactory(name="Ana", member=member_a),
        PersonFactory(name="=Evil person", member=member_b),
        PersonFactory(name="Same Name", member=member_b),
        PersonFactory(name="Same Name", member=member_b),
        PersonFactory(name="Comma, Jr.", member=member_b),
    ]
    participants = [(None, None), (15, None), (15, 18), (15, 15), (0, 3)]
    hours = [None, Decimal("0"), Decimal("2.5"), Decimal("10.0"), Decimal("12345.5")]
    contacts = []
    for n, text in enumerate(AWKWARD_TEXTS):
        low, high = participants[n % len(participants)]
        date = datetime.date(2015, 1, 1) + datetime.timedelta(days=37 * n)
        contact = ContactFactory(
            date=date,
            section=sections[n % len(sections)],
            member=members[n % len(members)],
            initiated_by=list(Contact.InitiatedBy)[n % 3],
            formality="" if n % 4 == 0 else Contact.Formality.INFORMAL,
            channel=list(Contact.Channel)[n % len(Contact.Channel)],
            strategy=strategy if n % 2 else None,
            summary=text or "Plain summary",
            outcome=AWKWARD_TEXTS[-1 - n],
            follow_up=text,
            follow_up_date=date + datetime.timedelta(days=10) if n % 3 else None,
            participants=low,
            participants_max=high,
            hours=hours[n % len(hours)],
            hours_paid=[None, True, False][n % 3],
            notes=AWKWARD_TEXTS[(n + 3) % len(AWKWARD_TEXTS)],
            logged_by=loggers[n % len(loggers)],
        )
        contact.people.add(*people[n % 4 : n % 4 + n % 3 + 1])
        contacts.append(contact)
    # Same-day contacts (the order's tie-breaker) and sub-second creation times.
    ContactFactory(date=contacts[0].date, section=sections[0], member=member_a, summary="Tie")
    Contact.objects.filter(pk=contacts[1].pk).update(
        created_at=datetime.datetime(2020, 5, 17, 23, 59, 59, 999999, tzinfo=datetime.UTC)
    )
    deleted = ContactFactory(member=member_a, summary="Deleted")
    Contact.objects.filter(pk=deleted.pk).update(deleted_at=datetime.datetime.now(datetime.UTC))
    return contacts


def orm_csv(queryset, audience: Audience) -> bytes:
    columns = CONTACTS.columns_for(audience)
    return b"".join(csv_chunks(columns, export_rows(queryset, columns, Reader(audience))))


def copy_csv(queryset, audience: Audience) -> bytes:
    return b"".join(csv_copy_chunks(queryset, audience))


STAFF_WITH_PEOPLE = Audience(personal_data=True, names=True)


FILTERS = [
    {},
    {"sort": "date"},
    {"region": "europe", "since": "2015-06-01"},
    {"formality": "informal", "until": "2016-01-01"},
    {"q": "quoted"},
    {"q": "%"},
    {"follow_up": "open"},
]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize(
    ("persona", "personal_data"),
    [("staff", True), ("staff", False), ("viewer", False), ("focal_point", False)],
)
def test_copy_writes_the_same_bytes_as_the_orm(
    varied_contacts, personas, persona, personal_data, filters
):
    user = personas[persona]
    audience = audience_of(user, personal_data=personal_data)
    queryset = contact_list(user=user, filters=filters)

    expected = orm_csv(queryset, audience)
    produced = copy_csv(queryset, audience)

    assert produced == expected
    assert len(list(csv.reader(io.StringIO(produced.decode())))) == queryset.count() + 1


def test_copy_with_several_sections_chosen_matches_the_orm(varied_contacts, staff_user):
    sections = Section.objects.order_by("pk")[:2]
    queryset = contact_list(user=staff_user, filters={"section": [s.pk for s in sections]})

    expected = orm_csv(queryset, STAFF_WITH_PEOPLE)

    assert copy_csv(queryset, STAFF_WITH_PEOPLE) == expected
    assert expected.count(b"\n") > 2


def test_copy_cells_read_back_as_the_contract_says(varied_contacts, viewer, staff_user):
    rows = list(
        csv.DictReader(
            io.StringIO(
                copy_csv(
                    contact_list(user=viewer, filters={}), audience_of(viewer, personal_data=False)
                ).decode()
            )
        )
    )
    by_id = {int(row["id"]): row for row in rows}
    formula = by_id[varied_contacts[0].pk]
    assert formula["summary"] == '\'=HYPERLINK("http://evil.example", "click")'
    assert by_id[varied_contacts[5].pk]["summary"] == "'\rstarts with a carriage return"
    assert by_id[varied_contacts[7].pk]["summary"] == "two\nlines"
    assert by_id[varied_contacts[2].pk]["member"] == (
        "Member organisation in Nigeria (name withheld)"
    )
    assert by_id[varied_contacts[2].pk]["participants"] == "15-18"
    assert by_id[varied_contacts[1].pk]["created_at"] == "2020-05-17T23:59:59+00:00"
    assert "Collective" not in "".join(row["member"] for row in rows)


def test_staff_export_view_streams_copy_with_people_and_notes(
    varied_contacts, client_for, staff_user
):
    response = client_for(staff_user).get(CSV_URL, {"personal_data": "1"})
    body = b"".join(response.streaming_content)

    expected = orm_csv(contact_list(user=staff_user, filters={}), STAFF_WITH_PEOPLE)
    assert body == expected
    row = next(
        r
        for r in csv.DictReader(io.StringIO(body.decode()))
        if r["id"] == str(varied_contacts[2].pk)
    )
    assert row["people"] == "'=Evil person; Same Name; Same Name"


def test_withheld_members_focal_point_export_matches_the_orm_with_the_name_withheld(
    varied_contacts, client_for
):
    withheld = MemberOrganisation.objects.get(country="NG", name_public=False)
    focal_point = UserFactory(username="focal-ng", role=Role.FOCAL_POINT, member=withheld)

    response = client_for(focal_point).get(CSV_URL, {"personal_data": "1", "region": "africa"})
    body = b"".join(response.streaming_content)

    queryset = contact_list(user=focal_point, filters={"region": "africa"})
    assert queryset.exists()
    assert body == orm_csv(queryset, audience_of(focal_point, personal_data=False))
    assert b"Collective" not in body
    assert b"Member organisation in Nigeria (name withheld)" in body


def test_focal_point_copy_holds_only_its_own_organisation(
    varied_contacts, client_for, focal_point, member_a
):
    body = b"".join(client_for(focal_point).get(CSV_URL).streaming_content)

    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert rows
    assert {row["member"] for row in rows} == {member_a.name}
