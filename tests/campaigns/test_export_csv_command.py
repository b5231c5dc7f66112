"""``manage.py export_csv {members,sections,contacts}``: the import's own format, audited."""

import csv
import io

import pytest
from django.core.management import call_command

from accounts.models import AuditEvent
from tests.factories import ContactFactory, MemberFactory, SectionFactory


def export(tmp_path, kind: str, *args) -> list[dict]:
    out = tmp_path / f"{kind}.csv"
    call_command("export_csv", kind, "--output", str(out), *args, stdout=io.StringIO())
    return list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))


@pytest.fixture
def members(db):
    MemberFactory(name="PION", acronym="PN", country="NO", city="Oslo", website="https://p.no")
    MemberFactory(
        name="Quiet",
        acronym="QT",
        country="SE",
        city="Malmö",
        website="https://q.se",
        name_public=False,
    )


def test_members_without_personal_data_hide_what_names_a_withheld_member(tmp_path, members):
    rows = {row["country"]: row for row in export(tmp_path, "members")}

    assert list(rows["NO"]) == [
        "id",
        "name",
        "acronym",
        "country",
        "region",
        "city",
        "website",
        "kind",
        "size",
        "status",
        "joined",
        "name_public",
    ]
    assert (rows["NO"]["name"], rows["NO"]["acronym"], rows["NO"]["city"]) == ("PION", "PN", "Oslo")
    quiet = rows["SE"]
    assert quiet["name"] == "Member organisation in Sweden (name withheld)"
    assert (quiet["acronym"], quiet["city"], quiet["website"]) == ("", "", "")
    assert quiet["name_public"] == "no"


def test_members_with_personal_data_have_every_name(tmp_path, members):
    rows = {row["country"]: row for row in export(tmp_path, "members", "--personal-data")}

    assert (rows["SE"]["name"], rows["SE"]["city"]) == ("Quiet", "Malmö")


def test_sections_and_the_audit_record(tmp_path, db):
    SectionFactory(name="AI Norway", country="NO", stance="voted-for")

    (row,) = export(tmp_path, "sections")

    assert {k: row[k] for k in ("name", "country", "region", "stance")} == {
        "name": "AI Norway",
        "country": "NO",
        "region": "europe",
        "stance": "voted-for",
    }
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert event.detail == {
        "kind": "sections",
        "format": "csv",
        "filters": {},
        "personal_data": False,
        "via": "cli",
        "completed": True,
        "rows": 1,
    }


def test_contacts_are_every_live_contact_as_export_contacts_writes_them(tmp_path, members):
    ContactFactory(summary="Live")
    ContactFactory(summary="Gone", deleted_at="2020-01-01T00:00:00Z")

    rows = export(tmp_path, "contacts")

    assert [row["summary"] for row in rows] == ["Live"]
    assert "people" not in rows[0]
