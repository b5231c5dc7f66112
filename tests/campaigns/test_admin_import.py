"""The admin's CSV import: change list button → upload → preview → confirm → applied."""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from campaigns.exchange import admin_import, planning, services
from campaigns.models import Contact
from members.models import MemberOrganisation
from sections.models import Section
from tests.factories import ContactFactory, MemberFactory, SectionFactory

CONTACT_HEADER = "date,section,member,channel,summary,hours"
URL_NAMES = {
    "members": "members_memberorganisation",
    "sections": "sections_section",
    "contacts": "campaigns_contact",
}
FILES = {
    "members": "name;country;region\nPION;Norway;\nSisonke;ZA;\n",
    "sections": "name,country,stance\nAI Norway,NO,voted-for\nAI Sweden,Sweden,\n",
    "contacts": f"{CONTACT_HEADER}\n2015-09-01,AI Norge,PION,call,Met,1\n"
    "2015-09-02,AI Norge,PION,email,Wrote,\n",
}
MODELS = {"members": MemberOrganisation, "sections": Section, "contacts": Contact}


def url(kind: str, page: str = "import") -> str:
    return reverse(f"admin:{URL_NAMES[kind]}_{page}")


def upload(client, kind: str, text: str | bytes, name: str = "file.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(url(kind), {"import_file": SimpleUploadedFile(name, data, "text/csv")})


def confirm(client, kind: str, preview):
    return client.post(url(kind, "import_confirm"), {"token": preview.context["token"]})


@pytest.fixture(autouse=True)
def _kept_uploads_in_tmp_path(tmp_path, monkeypatch):
    """Uploads kept for the confirm step go to the test's own folder, not the machine's."""
    monkeypatch.setattr(admin_import, "_kept_folder", lambda: tmp_path)


@pytest.fixture
def admin_client(client_for, admin_user):
    return client_for(admin_user)


@pytest.fixture
def existing(db):
    """What the contacts file names; created for every kind, so counts compare like for like."""
    return {
        "section": SectionFactory(name="AI Norge", country="DK"),
        "member": MemberFactory(name="Other", country="DK"),
    }


@pytest.mark.parametrize("kind", list(URL_NAMES))
def test_change_list_has_the_import_button(admin_client, kind):
    page = admin_client.get(url(kind, "changelist")).content.decode()

    assert f'href="{url(kind)}"' in page
    assert "Import CSV" in page


@pytest.mark.parametrize("kind", list(URL_NAMES))
def test_upload_previews_then_confirm_applies(admin_client, admin_user, kind, existing):
    if kind == "contacts":
        MemberFactory(name="PION", country="NO")
    before = MODELS[kind].objects.count()

    preview = upload(admin_client, kind, FILES[kind])

    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Confirm import" in html
    assert "Importing this file adds 2 new" in html
    assert [row.line for row, _action in preview.context["preview"]] == [2, 3]
    assert MODELS[kind].objects.count() == before  # nothing written by the preview

    done = confirm(admin_client, kind, preview)

    assert done.status_code == 302
    assert done["Location"] == url(kind, "changelist")
    assert MODELS[kind].objects.count() == before + 2
    created = MODELS[kind].objects.order_by("-pk").first()
    assert created.history.get().history_user == admin_user
    message = admin_client.get(done["Location"]).content.decode()
    assert "Imported: 2 new, 0 updated, 0 already present." in message


def test_members_region_comes_from_the_country(admin_client):
    confirm(admin_client, "members", upload(admin_client, "members", FILES["members"]))

    pion = MemberOrganisation.objects.get(name="PION")
    assert (pion.country, pion.region) == ("NO", "europe")


def test_preview_shows_every_problem_and_no_confirm(admin_client, existing):
    preview = upload(
        admin_client,
        "contacts",
        f"{CONTACT_HEADER}\n"
        "2015-09-01,AI Norge,Nobody,call,Met,-1\n"
        "2015-13-01,AI Norge,Other,x,y,\n",
    )

    assert preview.status_code == 200
    html = preview.content.decode()
    assert "4 problems; nothing was imported" in html
    assert "line 2: member: no member named &#x27;Nobody&#x27;" in html
    assert "line 2: hours: hours cannot be negative" in html
    assert "line 3: date: &#x27;2015-13-01&#x27; is not a date" in html
    assert "line 3: channel: &#x27;x&#x27; is not one of" in html
    assert "Confirm import" not in html
    assert preview.context["token"] is None
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"name,colour\nAI Norway,red\n", "line 1: colour: unknown column"),
        ("name,country\nAI Bør,NO\n".encode("latin-1"), "line 2: name: holds bytes that are not"),
        (b"name,country\nAI\x00Norway,NO\n", "line 2: name: holds a NUL byte"),
        (b'name,country\n"AI Norway,NO\n', "line 2: (row): a quoted cell is never closed"),
        (b"name,country\nAI Norway,NO,extra\n", "line 2: (row): 3 cells where the header has 2"),
        (b"", "line 1: (file): the file is empty"),
    ],
)
def test_malformed_file_is_refused_with_the_line(admin_client, data, expected):
    preview = upload(admin_client, "sections", data)

    assert expected in preview.content.decode().replace("&quot;", '"')
    assert "Confirm import" not in preview.content.decode()
    assert not Section.objects.exists()


def test_reimported_contacts_show_as_already_present(admin_client, existing):
    ContactFactory(
        date=datetime.date(2015, 9, 1),
        section=existing["section"],
        member=existing["member"],
        channel="call",
        summary="Met",
    )

    preview = upload(
        admin_client, "contacts", f"{CONTACT_HEADER}\n2015-09-01,AI Norge,Other,call,Met,\n"
    )

    assert preview.context["plan"].count("skip") == 1
    assert [str(action) for _row, action in preview.context["preview"]] == ["Already present"]


def test_update_preview_names_the_changed_columns(admin_client):
    MemberFactory(name="PION", country="NO", region="europe", city="Oslo")

    preview = upload(admin_client, "members", "name,country,city\npion,NO,Bergen\n")

    ((row, action),) = preview.context["preview"]
    assert str(action) == "Update"
    assert row.changes == ["city"]


def test_preview_shows_the_first_rows_and_counts_them_all(admin_client, monkeypatch):
    monkeypatch.setattr(planning, "PREVIEW_ROWS", 3)
    rows = "".join(f"Member {n},NO\n" for n in range(7))

    preview = upload(admin_client, "members", "name,country\n" + rows)

    assert len(preview.context["preview"]) == 3
    assert preview.context["plan"].count("create") == 7
    assert "The first" in preview.content.decode()
    confirm(admin_client, "members", preview)
    assert MemberOrganisation.objects.count() == 7


def test_confirm_plans_again_and_refuses_what_changed_meanwhile(admin_client, existing):
    text = f"{CONTACT_HEADER}\n2015-09-01,AI Norge,Other,call,Met,\n"
    preview = upload(admin_client, "contacts", text)
    existing["member"].delete()

    refused = confirm(admin_client, "contacts", preview)

    assert refused.status_code == 200
    assert "line 2: member: no member named" in refused.content.decode()
    assert not Contact.objects.exists()


def test_confirm_needs_a_token_of_this_user_and_kind(admin_client, client_for, existing):
    preview = upload(admin_client, "members", FILES["members"])
    token = preview.context["token"]

    other_kind = admin_client.post(url("sections", "import_confirm"), {"token": token})
    forged = admin_client.post(url("members", "import_confirm"), {"token": token + "x"})

    for response in (other_kind, forged):
        assert "The upload has expired" in response.content.decode()
    assert MemberOrganisation.objects.count() == 1  # only the fixture's


def test_too_large_by_content_length_is_refused_before_the_body_is_read(admin_client, settings):
    """The declared length alone refuses it: the body is never read (reading it fails)."""

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    settings.IMPORT_MAX_BYTES = 5 * 1024 * 1024
    started = time.monotonic()
    response = admin_client.generic(
        "POST",
        url("members"),
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(60 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )

    assert time.monotonic() - started < 1
    assert response.status_code == 413
    assert "The file is larger than 5.0\xa0MB" in response.content.decode()


def test_sixty_megabytes_are_refused_in_under_a_second(admin_client):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    data = b"name,country\n" + b"x" * (60 * 1024 * 1024)
    body = encode_multipart(BOUNDARY, {"import_file": SimpleUploadedFile("big.csv", data)})
    started = time.monotonic()

    response = admin_client.generic("POST", url("members"), body, content_type=MULTIPART_CONTENT)

    assert time.monotonic() - started < 1
    assert response.status_code == 413
    assert not MemberOrganisation.objects.exists()


def test_upload_without_a_length_stops_at_the_limit(admin_client, settings, monkeypatch):
    """A body within the allowance but a file over the limit: the upload handler stops it."""
    settings.IMPORT_MAX_BYTES = 1000
    monkeypatch.setattr(admin_import, "MULTIPART_ALLOWANCE", 10_000)
    rows = "".join(f"Member {n},NO\n" for n in range(200))

    response = upload(admin_client, "members", "name,country\n" + rows)

    assert response.status_code == 413
    assert "The file is larger than 1000" in response.content.decode()
    assert not MemberOrganisation.objects.exists()


# Committed for real (no test transaction around it), so the role groups are made again first.
@pytest.mark.django_db(transaction=True)
def test_only_the_writing_holds_a_transaction(role_groups, client_for, admin_user, monkeypatch):
    seen = {"planning": [], "writing": []}
    plan_file, create = admin_import.plan_file, services.bulk_create_with_history

    def watched_plan(*args, **kwargs):
        seen["planning"].append(connection.in_atomic_block)
        return plan_file(*args, **kwargs)

    def watched_create(*args, **kwargs):
        seen["writing"].append(connection.in_atomic_block)
        return create(*args, **kwargs)

    monkeypatch.setattr(admin_import, "plan_file", watched_plan)
    monkeypatch.setattr(services, "bulk_create_with_history", watched_create)
    client = client_for(admin_user)

    confirm(client, "members", upload(client, "members", FILES["members"]))

    assert seen == {"planning": [False, False], "writing": [True]}
    assert MemberOrganisation.objects.count() == 2


def test_confirmed_upload_is_not_kept(admin_client, tmp_path):
    preview = upload(admin_client, "members", FILES["members"])
    assert len(list(tmp_path.iterdir())) == 1

    confirm(admin_client, "members", preview)

    assert list(tmp_path.iterdir()) == []
