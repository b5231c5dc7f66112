"""The three daily jobs end to end, as a person does them in Chromium.

Staff log a contact with the search-as-you-type pickers, find it in the list, filter it, see
the dashboard move and export the filtered list as CSV and XLSX; a focal point cannot reach
another organisation's contact; the pages fit a phone.

Contracts with the pages these tests read (see also docs/filters.md and docs/exchange.md):
- the form's pickers are text inputs labelled "Section" and "Member organisation" whose
  suggestions have role="option"; the other fields keep their model field names;
- the dashboard shows its headline contacts count in an element marked
  ``data-kpi="contacts"``, and each engagement matrix cell is a link inside a table to the
  contact list filtered to that section and member, its text the number of contacts;
- the contact list links "Excel (XLSX)", "CSV (for tools)" and "CSV for Excel" carry the
  list's filters; the XLSX's headers are the columns' labels.
"""

import csv
import re

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import Contact
from core.regions import Region
from tests.e2e import field_label, has_horizontal_scroll, reachable_texts, shot
from tests.factories import ContactFactory, MemberFactory, PersonFactory, SectionFactory

SUMMARY = "Call about the section's consultation on sex work"
BACKGROUND_SUMMARY = "Formal meeting on the draft policy"


def pick(page, label: str, typed: str, choice: str) -> None:
    """Type a few letters into a picker and choose a suggestion, as a person would."""
    field = page.get_by_label(field_label(label)).filter(visible=True)
    field.click()
    field.press_sequentially(typed, delay=50)
    option = page.get_by_role("option", name=choice).filter(visible=True).first
    expect(option).to_be_visible()
    option.click()


def choose(page, name: str, value: str) -> None:
    """Set a choice field by its stored value, whether it is a select or radio buttons."""
    select = page.locator(f'select[name="{name}"]')
    if select.count():
        select.select_option(value)
    else:
        page.locator(f'input[name="{name}"][value="{value}"]').check()


def headline_contacts(page) -> int:
    text = page.locator('[data-kpi="contacts"]').first.inner_text()
    return int(re.search(r"\d[\d,]*", text).group().replace(",", ""))


def matrix_cell(page, section, member) -> int:
    """The count in the matrix cell for this pair; 0 when the cell is empty or hidden."""
    text = page.evaluate(
        """([section, member]) => {
            for (const link of document.querySelectorAll("table a[href]")) {
                const query = new URL(link.getAttribute("href"), "http://app/").searchParams;
                if (query.getAll("section").join() === section
                        && query.getAll("member").join() === member) {
                    return link.textContent;
                }
            }
            return null;
        }""",
        [str(section.pk), str(member.pk)],
    )
    found = re.search(r"\d+", text or "")
    return int(found.group()) if found else 0


def download(page, link_name: str, folder):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name, exact=True).click()
    file = info.value
    path = folder / file.suggested_filename
    file.save_as(path)
    return file.url, path


def test_staff_logs_a_contact_finds_it_sees_the_dashboard_move_and_exports_it(
    page, sign_in, staff_user, tmp_path
):
    norway = SectionFactory(name="AI Norway", country="NO", region=Region.EUROPE)
    SectionFactory(name="AI Nigeria", country="NG", region=Region.AFRICA)
    pion = MemberFactory(name="PION", country="NO", region=Region.EUROPE)
    pink = MemberFactory(name="Pink Space", country="CN", region=Region.ASIA_PACIFIC)
    ContactFactory(
        section=norway, member=pink, formality=Contact.Formality.FORMAL, summary=BACKGROUND_SUMMARY
    )

    sign_in(staff_user)
    page.goto("/")
    contacts_before = headline_contacts(page)
    cell_before = matrix_cell(page, norway, pion)
    shot(page, "dashboard-before")

    page.goto("/contacts/new/")
    pick(page, "Section", "Norw", "AI Norway")
    pick(page, "Member organisation", "PIO", "PION")
    choose(page, "initiated_by", "member")
    choose(page, "formality", "informal")
    choose(page, "channel", "call")
    page.locator('[name="summary"]').fill(SUMMARY)
    page.locator('[name="outcome"]').fill("They will share the draft with us")
    shot(page, "form-filled")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messages .message-success")).to_be_visible()
    shot(page, "saved")
    logged = Contact.objects.get(summary=SUMMARY)
    assert (logged.section, logged.member, logged.formality, logged.date) == (
        norway,
        pion,
        "informal",
        timezone.localdate(),
    )

    page.goto("/contacts/")
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.get_by_text(BACKGROUND_SUMMARY)).to_be_visible()
    shot(page, "list")

    page.goto(f"/contacts/?formality=formal&section={norway.pk}")
    expect(page.get_by_text(BACKGROUND_SUMMARY)).to_be_visible()
    expect(page.get_by_text(SUMMARY)).to_have_count(0)
    shot(page, "list-formal")

    filtered = f"/contacts/?formality=informal&section={norway.pk}"
    page.goto(filtered)
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.get_by_text(BACKGROUND_SUMMARY)).to_have_count(0)
    shot(page, "list-informal")

    csv_url, csv_path = download(page, "CSV (for tools)", tmp_path)
    assert "formality=informal" in csv_url
    assert not csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [
        (row["summary"], row["section"], row["member"], row["formality"], row["channel"])
        for row in rows
    ] == [(SUMMARY, "AI Norway", "PION", "informal", "call")]

    excel_url, excel_path = download(page, "CSV for Excel", tmp_path)
    assert "formality=informal" in excel_url
    assert excel_path.read_bytes().startswith(b"\xef\xbb\xbfid,date,")

    xlsx_url, xlsx_path = download(page, "Excel (XLSX)", tmp_path)
    assert "formality=informal" in xlsx_url
    sheet = openpyxl.load_workbook(xlsx_path, read_only=True).worksheets[0]
    header, *cells = list(sheet.iter_rows(values_only=True))
    rows = [dict(zip(header, row, strict=True)) for row in cells]
    assert [(row["Summary"], row["Section"], row["Member organisation"]) for row in rows] == [
        (SUMMARY, "AI Norway", "PION")
    ]

    page.goto("/")
    assert headline_contacts(page) == contacts_before + 1
    assert matrix_cell(page, norway, pion) == cell_before + 1
    shot(page, "dashboard-after")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    shot(page, "signed-out")


def test_focal_point_cannot_reach_another_organisations_contact(
    page, sign_in, browser_guard, focal_point, member_a
):
    """Member A's focal point gets 404 for member B's contact and never reads B's names.

    B's organisation name is withheld, so neither it nor the person involved, the summary or
    the private notes may appear on any page, JSON or export A can reach by following links.
    """
    section = SectionFactory(name="AI Nigeria", country="NG", region=Region.AFRICA)
    member_b = MemberFactory(
        name="Lagos Night Workers Collective", name_public=False, country="NG", region=Region.AFRICA
    )
    person_b = PersonFactory(name="Adaeze Okafor", member=member_b)
    contact_b = ContactFactory(
        section=section,
        member=member_b,
        summary="Meeting about police raids",
        notes="Safe house on the east side",
    )
    contact_b.people.add(person_b)
    ContactFactory(section=section, member=member_a, summary="Workshop with the section")

    sign_in(focal_point)
    browser_guard.allow_console_error(r"status of 404")
    for path in (f"/contacts/{contact_b.pk}/", f"/contacts/{contact_b.pk}/edit/"):
        response = page.goto(path)
        assert response.status == 404, path
    shot(page, "other-contact")

    texts = reachable_texts(
        page,
        [
            "/",
            "/contacts/",
            "/members/",
            "/sections/",
            "/follow-ups/",
            "/api/engagement/",
            "/contacts/export.csv",
            "/contacts/export.xlsx",
        ],
    )
    assert any("Workshop with the section" in text for text in texts.values())
    for secret in (member_b.name, person_b.name, contact_b.summary, contact_b.notes):
        assert [url for url, text in texts.items() if secret in text] == [], secret


def test_viewer_sees_withheld_label_where_staff_see_the_name(page, sign_in, staff_user, viewer):
    """The positive control for the viewer's privacy tests: the name is there to be hidden."""
    member = MemberFactory(
        name="Lagos Night Workers Collective", name_public=False, country="NG", region=Region.AFRICA
    )
    ContactFactory(member=member)

    sign_in(viewer)
    page.goto("/members/")
    expect(page.get_by_text(str(member.withheld_name)).first).to_be_visible()
    shot(page, "viewer")
    page.get_by_role("button", name="Sign out").click()

    sign_in(staff_user)
    page.goto("/members/")
    expect(page.get_by_text(member.name).first).to_be_visible()
    shot(page, "staff")


@pytest.mark.parametrize("path", ["/contacts/", "/contacts/new/", "/sections/", "/members/"])
def test_pages_have_no_horizontal_scroll_at_390px(page, sign_in, staff_user, path):
    ContactFactory()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(staff_user)
    page.goto(path)
    shot(page, "390")
    assert not has_horizontal_scroll(page)
