"""CSV import rules (campaigns.exchange.planning) and the admin's import with preview."""

import datetime
import io
from decimal import Decimal

import pytest

from campaigns.exchange.reading import ImportRejected
from campaigns.exchange.services import import_file
from campaigns.models import Contact
from members.models import MemberOrganisation
from sections.models import Section
from tests.factories import ContactFactory, MemberFactory, SectionFactory, StrategyFactory

CONTACT_HEADER = (
    "date,section,member,initiated_by,formality,channel,strategy,summary,outcome,follow_up,"
    "follow_up_date,participants,hours,hours_paid"
)


def import_csv(*, kind: str, data: bytes, dry_run: bool = False):
    return import_file(kind=kind, stream=io.BytesIO(data), dry_run=dry_run)


def problems_of(kind: str, text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(ImportRejected) as rejected:
        import_csv(kind=kind, data=data)
    return [str(p) for p in rejected.value.problems]


@pytest.fixture
def norway(db):
    return SectionFactory(name="AI Norway", country="NO")


@pytest.fixture
def pion(db):
    return MemberFactory(name="PION", country="NO", region="europe")


# Members and sections ----------------------------------------------------------------------


def test_members_import_creates_and_reads_values_labels_and_country_names(db):
    report = import_csv(
        kind="members",
        data=(
            b"name,acronym,country,region,city,website,kind,size,status,joined,name_public\n"
            b"Sex Workers' Rights Advocacy Network,SWAN,Hungary,,Budapest,swannet.org,"
            b"Regional network,STAFFED,member,2008-05-01,yes\n"
            b"Sisonke,,za,Africa,,,,,,,\n"
        ),
    )

    assert (report.created, report.updated) == (2, 0)
    swan = MemberOrganisation.objects.get(acronym="SWAN")
    assert swan.country == "HU"
    assert swan.region == "europe"  # derived from the country
    assert swan.website == "https://swannet.org"
    assert swan.kind == "regional-network"
    assert swan.size == "staffed"
    assert swan.joined == datetime.date(2008, 5, 1)
    assert swan.name_public is True
    sisonke = MemberOrganisation.objects.get(name="Sisonke")
    assert sisonke.region == "africa"
    assert sisonke.name_public is False  # unknown means withheld
    assert swan.history.count() == 1


def test_reimporting_members_updates_by_name(db):
    data = b"name,country,region,city\nPION,NO,europe,Oslo\n"
    import_csv(kind="members", data=data)

    report = import_csv(kind="members", data=b"name,country,city\npion,NO,Bergen\n")

    assert (report.created, report.updated) == (0, 1)
    member = MemberOrganisation.objects.get()
    assert member.name == "PION"
    assert member.city == "Bergen"
    assert member.history.count() == 2


def test_sections_import_semicolon_and_bom(db):
    data = (
        "\ufeffname;country;kind;website;stance;stance_note\n"
        "AI Sweden;SE;;;Voted against;Other laws\n"
    )

    report = import_csv(kind="sections", data=data.encode("utf-8"))

    assert report.created == 1
    section = Section.objects.get()
    assert (section.country, section.region, section.stance) == ("SE", "europe", "voted-against")
    assert section.stance_note == "Other laws"


def test_reimporting_sections_updates_by_name(norway):
    report = import_csv(kind="sections", data=b"name,country,stance\nAI Norway,NO,voted-for\n")

    assert (report.created, report.updated) == (0, 1)
    assert Section.objects.get().stance == "voted-for"


def test_section_country_taken_by_another_section(norway):
    assert problems_of("sections", "name,country\nAI Norge,Norway\n") == [
        "line 2: country: NO already has another section"
    ]


def test_member_problems_are_all_listed(db):
    problems = problems_of(
        "members",
        "name,country,region,kind,joined\n"
        "A,Narnia,europe,,\n"
        "B,NO,,ghost,2020-02-30\n"
        "a,NO,europe,,\n",
    )

    assert problems == [
        "line 2: country: 'Narnia' is not an ISO 3166 alpha-2 code or an English country name",
        "line 3: kind: 'ghost' is not one of: sex-worker-led, national-network, "
        "regional-network, ally",
        "line 3: joined: '2020-02-30' is not a date in the form YYYY-MM-DD",
        "line 4: name: repeats line 2",
    ]
    assert not MemberOrganisation.objects.exists()


# Contacts: the bad inputs of the acceptance criteria ----------------------------------------


def contact_row(**overrides) -> str:
    values = {
        "date": "2015-09-01",
        "section": "AI Norway",
        "member": "PION",
        "initiated_by": "section",
        "formality": "formal",
        "channel": "meeting",
        "strategy": "",
        "summary": "Met",
        "outcome": "",
        "follow_up": "",
        "follow_up_date": "",
        "participants": "",
        "hours": "",
        "hours_paid": "",
    }
    values.update(overrides)
    return ",".join(values.values())


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"section": "AI Atlantis"}, "line 3: section: no section named 'AI Atlantis'"),
        ({"date": "01/09/2015"}, "line 3: date: '01/09/2015' is not a date in the form YYYY-MM-DD"),
        (
            {"follow_up_date": "2015-08-01"},
            "line 3: follow_up_date: The follow-up date cannot be before the contact date.",
        ),
        ({"hours": "-2"}, "line 3: hours: hours cannot be negative"),
        ({"channel": "pigeon"}, "line 3: channel: 'pigeon' is not one of"),
        ({"member": "Nobody"}, "line 3: member: no member named 'Nobody'"),
        ({"participants": "18-15"}, "line 3: participants: the upper bound is below the lower"),
        ({"strategy": "7"}, "line 3: strategy: no strategy numbered 7 in the current campaign"),
        ({"summary": ""}, "line 3: summary: required"),
    ],
)
def test_bad_contact_row_is_named_and_nothing_is_imported(norway, pion, row, expected):
    text = f"{CONTACT_HEADER}\n{contact_row(summary='fine')}\n{contact_row(**row)}\n"

    problems = problems_of("contacts", text)

    assert len(problems) == 1
    assert problems[0].startswith(expected)
    assert not Contact.objects.exists()


def test_unknown_column(norway, pion):
    problems = problems_of("contacts", f"{CONTACT_HEADER},colour\n{contact_row()},red\n")

    assert len(problems) == 1
    assert problems[0].startswith("line 1: colour: unknown column")
    assert not Contact.objects.exists()


def test_duplicate_header(norway, pion):
    problems = problems_of("contacts", f"{CONTACT_HEADER},summary\n{contact_row()},again\n")

    assert problems == ["line 1: summary: appears twice in the header"]
    assert not Contact.objects.exists()


@pytest.mark.parametrize("data", [b"", b"\n\n", "\ufeff".encode()])
def test_empty_file(db, data):
    assert problems_of("contacts", data) == ["line 1: (file): the file is empty"]


def test_non_utf8_file_names_the_line(norway, pion):
    data = f"{CONTACT_HEADER}\n".encode() + contact_row(summary="Møte").encode("latin-1")

    problems = problems_of("contacts", data)

    assert problems == [
        "line 2: summary: holds bytes that are not UTF-8; save the file as “CSV UTF-8” and "
        "try again"
    ]
    assert not Contact.objects.exists()


def test_missing_required_column(db):
    assert problems_of("contacts", "date,section,member,channel\n2015-01-01,a,b,call\n") == [
        "line 1: summary: required column missing"
    ]


def test_every_bad_row_is_listed(norway, pion):
    text = (
        f"{CONTACT_HEADER}\n"
        f"{contact_row(hours='-1')}\n"
        f"{contact_row(summary='ok')}\n"
        f"{contact_row(date='2015-02-30', section='X')}\n"
    )

    problems = problems_of("contacts", text)

    assert problems == [
        "line 2: hours: hours cannot be negative",
        "line 4: date: '2015-02-30' is not a date in the form YYYY-MM-DD",
        "line 4: section: no section named 'X'",
    ]


def test_line_numbers_follow_multi_line_cells(norway, pion):
    multi_line = contact_row(summary='"two\nlines"')
    text = f"{CONTACT_HEADER}\n{multi_line}\n{contact_row(hours='x')}\n"

    assert problems_of("contacts", text) == ["line 4: hours: 'x' is not a number of hours"]


# Contacts: values and re-import ------------------------------------------------------------


def test_contact_values(norway, pion, staff_user):
    StrategyFactory(number=3)
    text = (
        f"{CONTACT_HEADER},notes,logged_by,people,id\n"
        "2015-09-01,ai norway,pion,Member organisation,,Workshop or training,3,"
        'Trained staff,Good,Send paper,2015-09-30,15–18,"2,5",YES,a note,staff,Pat,99\n'
    )

    report = import_csv(kind="contacts", data=text.encode())

    assert report.created == 1
    contact = Contact.objects.get()
    assert contact.section == norway
    assert contact.member == pion
    assert contact.initiated_by == "member"
    assert contact.formality == ""
    assert contact.channel == "workshop"
    assert contact.strategy.number == 3
    assert (contact.participants, contact.participants_max) == (15, 18)
    assert contact.hours == Decimal("2.5")
    assert contact.hours_paid is True
    assert contact.notes == "a note"
    assert contact.logged_by == staff_user
    assert contact.pk != 99
    assert contact.history.count() == 1


def test_reimporting_contacts_adds_nothing(norway, pion):
    data = f"{CONTACT_HEADER}\n{contact_row()}\n{contact_row(summary='Other')}\n".encode()
    import_csv(kind="contacts", data=data)

    report = import_csv(kind="contacts", data=data)

    assert (report.created, report.skipped) == (0, 2)
    assert Contact.objects.count() == 2


def test_deleted_contact_is_not_brought_back(norway, pion):
    ContactFactory(
        date=datetime.date(2015, 9, 1),
        section=norway,
        member=pion,
        channel="meeting",
        summary="Met",
        deleted_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )

    report = import_csv(kind="contacts", data=f"{CONTACT_HEADER}\n{contact_row()}\n".encode())

    assert report.skipped == 1
    assert Contact.objects.count() == 1


def test_dry_run_writes_nothing(norway, pion):
    report = import_csv(
        kind="contacts", data=f"{CONTACT_HEADER}\n{contact_row()}\n".encode(), dry_run=True
    )

    assert report.created == 1
    assert not Contact.objects.exists()


def test_neutralised_formula_reads_back_as_written(norway, pion):
    import_csv(
        kind="contacts",
        data=f"{CONTACT_HEADER}\n{contact_row(summary=chr(39) + '=1+1')}\n".encode(),
    )

    assert Contact.objects.get().summary == "=1+1"


@pytest.mark.parametrize("count", [10, 30])
def test_import_queries_do_not_grow_with_rows(norway, pion, count, django_assert_num_queries):
    rows = "\n".join(contact_row(summary=f"row {n}") for n in range(count))
    # sections, members, the current campaign (none here, so no strategies), the users (to
    # read logged_by), the stored contacts equal to the batch's rows; in a savepoint: the
    # contacts inserted, then their history. Lookups of stored contacts and bulk inserts go
    # by batches of 1000 rows: a larger file adds queries per batch, never one per row.
    with django_assert_num_queries(9):
        report = import_csv(kind="contacts", data=f"{CONTACT_HEADER}\n{rows}\n".encode())
    assert report.created == count
