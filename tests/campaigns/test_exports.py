"""The web exports: /contacts/export.csv and /contacts/export.xlsx."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditEvent
from accounts.roles import Role
from campaigns.exchange.contacts import CONTACTS
from tests.factories import (
    ContactFactory,
    MemberFactory,
    PersonFactory,
    SectionFactory,
    UserFactory,
)

# Sign-ins and role changes are audited too; these tests look at exports only.
EXPORTS = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT)

CSV_URL = reverse("campaigns:contact-export-csv")
XLSX_URL = reverse("campaigns:contact-export-xlsx")

BASE_HEADER = [
    "id",
    "date",
    "section",
    "section_country",
    "member",
    "member_country",
    "region",
    "initiated_by",
    "formality",
    "channel",
    "strategy",
    "summary",
    "outcome",
    "follow_up",
    "follow_up_date",
    "participants",
    "hours",
    "hours_paid",
    "logged_by",
    "created_at",
    "date_precision",
    "date_end",
    "section_id",
    "member_id",
]


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active


def label(name: str) -> str:
    """A column's XLSX header (its label in the active language)."""
    return str(CONTACTS.column(name).label)


def xlsx_cells(sheet, row: int) -> dict:
    """One row's cells by column name, read through the header's labels."""
    names = {label(c.name): c.name for c in CONTACTS.columns}
    header = [names[cell.value] for cell in sheet[1]]
    return dict(zip(header, sheet[row], strict=True))


@pytest.fixture
def section(db):
    return SectionFactory(name="AI Poland", country="PL")


@pytest.fixture
def contact_a(member_a, section, staff_user):
    contact = ContactFactory(
        date=datetime.date(2015, 9, 1),
        section=section,
        member=member_a,
        summary="Met the board",
        follow_up="Send the paper",
        follow_up_date=datetime.date(2015, 9, 15),
        participants=15,
        participants_max=18,
        hours=Decimal("2.5"),
        hours_paid=False,
        notes="private note",
        logged_by=staff_user,
    )
    contact.people.add(
        PersonFactory(name="Zoe", member=member_a), PersonFactory(name="Ana", member=member_a)
    )
    return contact


@pytest.fixture
def contact_b(member_b, section):
    return ContactFactory(
        date=datetime.date(2015, 10, 1), section=section, member=member_b, summary="Call"
    )


def test_staff_csv_has_every_column_in_order_with_stored_values(client_for, staff_user, contact_a):
    response = client_for(staff_user).get(CSV_URL, {"personal_data": "1"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    assert 'attachment; filename="contacts-' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    header = body.splitlines()[0].split(",")
    assert header == [*BASE_HEADER, "people", "notes"]
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["id"] == str(contact_a.pk)
    assert row["date"] == "2015-09-01"
    assert row["section"] == "AI Poland"
    assert row["section_country"] == "PL"
    assert row["member"] == "Member A"
    assert row["member_country"] == "PL"
    assert row["region"] == "europe"
    assert row["initiated_by"] == "section"
    assert row["formality"] == "formal"
    assert row["channel"] == "meeting"
    assert row["follow_up_date"] == "2015-09-15"
    assert row["participants"] == "15-18"
    assert row["hours"] == "2.5"
    assert row["hours_paid"] == "no"
    assert row["logged_by"] == "staff"
    assert row["created_at"].endswith("+00:00")
    assert row["date_precision"] == "day"
    assert row["date_end"] == ""
    assert row["section_id"] == str(contact_a.section_id)
    assert row["member_id"] == str(contact_a.member_id)
    assert row["people"] == "Ana; Zoe"
    assert row["notes"] == "private note"


def test_staff_export_leaves_personal_columns_out_unless_asked(client_for, staff_user, contact_a):
    response = client_for(staff_user).get(CSV_URL)

    assert list(read_csv(response)[0]) == BASE_HEADER
    assert EXPORTS.get().detail["personal_data"] is False


def test_unknown_hours_paid_is_empty(client_for, staff_user, contact_b):
    row = read_csv(client_for(staff_user).get(CSV_URL))[0]

    assert row["hours_paid"] == ""
    assert row["participants"] == ""
    assert row["hours"] == ""


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_viewer_gets_no_rows_at_all(url, client_for, viewer, contact_a):
    response = client_for(viewer).get(url)

    assert response.status_code == 403
    assert not EXPORTS.exists()


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_focal_point_never_gets_personal_columns(
    url, client_for, focal_point, contact_a, contact_b
):
    response = client_for(focal_point).get(url, {"personal_data": "1"})

    assert response.status_code == 200
    if url == CSV_URL:
        header = list(read_csv(response)[0])
        assert header == BASE_HEADER
    else:
        header = [cell.value for cell in read_xlsx(response)[1]]
        assert header == [label(name) for name in BASE_HEADER]
    assert EXPORTS.get().detail["personal_data"] is False


def test_focal_point_export_holds_only_its_own_organisation(
    client_for, focal_point, contact_a, contact_b, member_b
):
    rows = read_csv(client_for(focal_point).get(CSV_URL, {"member": member_b.pk}))
    assert rows == []

    rows = read_csv(client_for(focal_point).get(CSV_URL))
    assert [row["id"] for row in rows] == [str(contact_a.pk)]


def test_focal_point_of_a_withheld_member_reads_the_name_withheld(client_for, section):
    hidden = MemberFactory(name="Secret collective", country="NO", name_public=False)
    focal_point = UserFactory(username="focal-hidden", role=Role.FOCAL_POINT, member=hidden)
    ContactFactory(section=section, member=hidden)

    row = read_csv(client_for(focal_point).get(CSV_URL))[0]

    assert row["member"] == "Member organisation in Norway (name withheld)"
    assert "Secret" not in str(row)


def test_filters_select_exactly_the_rows(client_for, staff_user, contact_a, contact_b, member_b):
    rows = read_csv(client_for(staff_user).get(CSV_URL, {"member": member_b.pk}))
    assert [row["id"] for row in rows] == [str(contact_b.pk)]

    rows = read_csv(client_for(staff_user).get(CSV_URL, {"since": "2015-09-02"}))
    assert [row["id"] for row in rows] == [str(contact_b.pk)]


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"since": "yesterday"}, "since"),
        ({"channel": "pigeon"}, "channel"),
        ({"section": "999999"}, "section"),
        ({"personal_data": "maybe"}, "personal_data"),
        ({"since": "2016-01-01", "until": "2015-01-01"}, "until"),
    ],
)
def test_invalid_filter_is_400_naming_the_parameter(
    url, params, named, client_for, staff_user, contact_a
):
    response = client_for(staff_user).get(url, params)

    assert response.status_code == 400
    assert named in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert not EXPORTS.exists()


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_formula_in_summary_is_neutralised(url, client_for, staff_user, section, member_a):
    ContactFactory(
        section=section,
        member=member_a,
        summary='=HYPERLINK("http://evil.example","click")',
        outcome="+1 then",
        follow_up="@SUM(A1)",
        notes="-2+3",
    )

    response = client_for(staff_user).get(url, {"personal_data": "1"})

    if url == CSV_URL:
        row = read_csv(response)[0]
        values = {key: row[key] for key in ("summary", "outcome", "follow_up", "notes")}
    else:
        cells = xlsx_cells(read_xlsx(response), 2)
        values = {key: cells[key].value for key in ("summary", "outcome", "follow_up", "notes")}
        assert all(cells[key].data_type == "s" for key in values)
    assert values == {
        "summary": '\'=HYPERLINK("http://evil.example","click")',
        "outcome": "'+1 then",
        "follow_up": "'@SUM(A1)",
        "notes": "'-2+3",
    }


def test_xlsx_has_typed_cells_frozen_header_and_autofilter(client_for, staff_user, contact_a):
    response = client_for(staff_user).get(XLSX_URL, {"personal_data": "1"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "contacts-" in response["Content-Disposition"]
    sheet = read_xlsx(response)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:Z2"
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["ID", "Date", "Section"]
    assert "Created at (UTC)" in header
    assert all(cell.font.b for cell in sheet[1])
    cells = xlsx_cells(sheet, 2)
    assert cells["date"].is_date
    assert cells["date"].value == datetime.datetime(2015, 9, 1)
    assert cells["follow_up_date"].is_date
    assert cells["created_at"].is_date
    assert cells["hours"].data_type == "n"
    assert cells["hours"].value == 2.5
    assert cells["id"].data_type == "n"
    assert cells["participants"].value == "15-18"
    assert cells["hours_paid"].value == "no"
    assert cells["section_id"].value == contact_a.section_id
    assert cells["date_precision"].value == "day"
    assert cells["date_end"].value is None
    assert cells["people"].value == "Ana; Zoe"


def test_every_export_is_recorded_with_its_row_count(
    client_for, staff_user, contact_a, contact_b, member_a
):
    read_csv(client_for(staff_user).get(CSV_URL, {"member": member_a.pk, "personal_data": "1"}))
    read_xlsx(client_for(staff_user).get(XLSX_URL))

    csv_event, xlsx_event = EXPORTS.order_by("at", "pk")
    assert csv_event.kind == AuditEvent.Kind.EXPORT
    assert csv_event.user == staff_user
    assert csv_event.detail == {
        "kind": "contacts",
        "format": "csv",
        "filters": {"member": str(member_a.pk)},
        "rows": 1,
        "personal_data": True,
        "via": "web",
        "completed": True,
    }
    assert xlsx_event.detail["format"] == "xlsx"
    assert xlsx_event.detail["rows"] == 2
    assert xlsx_event.detail["completed"] is True


@override_settings(EXPORTS_PER_HOUR=2)
def test_past_the_hourly_limit_is_429(client_for, staff_user, focal_point, contact_a):
    client = client_for(staff_user)
    assert client.get(CSV_URL).status_code == 200
    assert client.get(XLSX_URL).status_code == 200

    refused = client.get(CSV_URL)

    assert refused.status_code == 429
    assert "Too many exports" in refused.content.decode()
    assert EXPORTS.filter(user=staff_user).count() == 2
    # The limit is per user.
    assert client_for(focal_point).get(CSV_URL).status_code == 200


@override_settings(EXPORTS_PER_HOUR=1)
def test_exports_older_than_an_hour_do_not_count(client_for, staff_user, contact_a):
    client = client_for(staff_user)
    assert client.get(CSV_URL).status_code == 200
    EXPORTS.update(at=EXPORTS.get().at - datetime.timedelta(minutes=61))

    assert client.get(CSV_URL).status_code == 200


def test_anonymous_and_role_less_users_get_no_export(client_for, no_role_user, contact_a):
    assert client_for(None).get(CSV_URL).status_code == 302
    assert client_for(no_role_user).get(XLSX_URL).status_code == 302
    assert not EXPORTS.exists()


def test_export_is_get_only(client_for, staff_user):
    assert client_for(staff_user).post(CSV_URL).status_code == 405


def _contacts(count, section, member_a, member_b):
    for n in range(count):
        contact = ContactFactory(section=section, member=member_a if n % 2 else member_b)
        contact.people.add(PersonFactory(member=contact.member))


@pytest.mark.parametrize("count", [3, 30])
def test_csv_query_count_does_not_grow_with_rows(
    count, client_for, staff_user, section, member_a, member_b, django_assert_num_queries
):
    _contacts(count, section, member_a, member_b)
    client = client_for(staff_user)
    # session, user, user's groups (role); in one savepoint (3 with it): lock the user's row
    # (rate limit), count exports in the last hour, check the user exists (the audit event's
    # validation), record the export as started; then the rows, and (SQLite) the people of
    # the rows' one chunk, or (PostgreSQL) one COPY with the people joined in; at the end, in
    # a savepoint (3), the export marked completed.
    with django_assert_num_queries(13 if connection.vendor == "postgresql" else 14):
        rows = read_csv(client.get(CSV_URL, {"personal_data": "1"}))
    assert len(rows) == count


@pytest.mark.parametrize("count", [3, 30])
def test_xlsx_query_count_does_not_grow_with_rows(
    count, client_for, staff_user, section, member_a, member_b, django_assert_num_queries
):
    _contacts(count, section, member_a, member_b)
    client = client_for(staff_user)
    # As the CSV on SQLite: the same queries, only the formatter differs.
    with django_assert_num_queries(14):
        sheet = read_xlsx(client.get(XLSX_URL, {"personal_data": "1"}))
    assert sheet.max_row == count + 1


def test_export_links_carry_the_filters_but_not_the_page(rf, staff_user):
    from django.template.loader import render_to_string

    request = rf.get("/contacts/", {"member": ["3", "5"], "page": "2", "channel": "email"})
    request.user = staff_user
    html = render_to_string(
        "campaigns/includes/export_links.html", {"personal_data": True}, request=request
    )

    assert f'href="{CSV_URL}?member=3&amp;member=5&amp;channel=email"' in html
    assert f'href="{CSV_URL}?member=3&amp;member=5&amp;channel=email&amp;bom=1"' in html
    assert f'href="{XLSX_URL}?member=3&amp;member=5&amp;channel=email"' in html
    assert "personal_data=1" in html
    for name in ("Excel (XLSX)", "CSV (for tools)", "CSV for Excel"):
        assert f">{name}</a>" in html


def test_column_definition_matches_the_contract():
    assert [c.name for c in CONTACTS.columns] == [*BASE_HEADER, "people", "notes"]
    assert [c.name for c in CONTACTS.columns if c.personal] == ["people", "notes"]


# Who logged a contact ties accounts to organisations: never for viewers. --------------------


@pytest.mark.parametrize("persona", ["focal_point", "staff"])
def test_logged_by_is_there_for_those_who_may_export_rows(persona, personas, client_for, contact_a):
    row = read_csv(client_for(personas[persona]).get(CSV_URL))[0]
    cells = xlsx_cells(read_xlsx(client_for(personas[persona]).get(XLSX_URL)), 2)

    assert row["logged_by"] == "staff"
    assert cells["logged_by"].value == "staff"


# The CSV for Excel and the XLSX in the reader's language -----------------------------------


def test_bom_starts_the_csv_only_when_asked(client_for, staff_user, contact_a):
    client = client_for(staff_user)

    plain = b"".join(client.get(CSV_URL).streaming_content)
    for_excel = b"".join(client.get(CSV_URL, {"bom": "1"}).streaming_content)

    assert plain.startswith(b"id,date,")
    assert for_excel == b"\xef\xbb\xbf" + plain
    assert client.get(CSV_URL, {"bom": "yes"}).status_code == 400


def test_xlsx_headers_are_labels_in_the_readers_language(client_for, staff_user, contact_a):
    from django.conf import settings

    client = client_for(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    sheet = read_xlsx(client.get(XLSX_URL))

    header = [cell.value for cell in sheet[1]]
    assert "Résumé" in header  # "Summary" in French
    assert "summary" not in header


# The audit record says whether the export completed ----------------------------------------


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_export_cut_short_is_not_recorded_as_completed(url, rf, staff_user, contact_a):
    """The view called as a WSGI server calls it: the server closes the response when the
    client goes away, here after the first chunk."""
    from django.urls import resolve

    request = rf.get(url)
    request.user = staff_user
    response = resolve(url).func(request)
    started = EXPORTS.get()
    assert started.detail["completed"] is False
    assert started.detail["rows"] is None

    next(iter(response.streaming_content))
    # request_finished would close the test's database connection; keep it for the asserts.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)

    assert EXPORTS.get().detail["completed"] is False


def test_export_whose_rows_fail_is_not_recorded_as_completed(
    client_for, staff_user, contact_a, monkeypatch
):
    """A database error mid-way: the ORM path's rows fail after the response has started."""
    from campaigns.views import exports as views

    def failing(*args, **kwargs):
        yield b"id\n"
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views, "contacts_csv_chunks", failing)
    response = client_for(staff_user).get(CSV_URL)

    with pytest.raises(RuntimeError):
        b"".join(response.streaming_content)

    assert EXPORTS.get().detail["completed"] is False


def test_export_read_to_the_end_is_completed_with_its_rows(
    client_for, staff_user, contact_a, contact_b
):
    read_csv(client_for(staff_user).get(CSV_URL))

    assert (EXPORTS.get().detail["completed"], EXPORTS.get().detail["rows"]) == (True, 2)
