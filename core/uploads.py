"""What an uploaded file is, read from its first bytes and never from its name.

A file is accepted only when its content is one of the kinds below and its name ends the way
that kind's files end, so a script renamed ``guide.pdf`` is refused: its content says plain
text (or nothing known) while its name says PDF. Office documents are zip containers; one is
told from another by the entries it must hold, read from the zip's directory without
unpacking anything.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

_SNIFF_BYTES = 8192
_TEXT_CONTROLS = {9, 10, 12, 13}
# Plain text that a browser or a shell would run rather than show.
_ACTIVE_TEXT = (b"#!", b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<?php")


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", "application/pdf", (".pdf",))
PNG = FileKind("PNG", "image/png", (".png",))
JPEG = FileKind("JPEG", "image/jpeg", (".jpg", ".jpeg"))
DOCX = FileKind(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileKind(
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
ODT = FileKind("ODT", "application/vnd.oasis.opendocument.text", (".odt",))
TEXT = FileKind("TXT", "text/plain; charset=utf-8", (".txt",))
KINDS = (PDF, DOCX, XLSX, ODT, PNG, JPEG, TEXT)


def _zip_kind(upload) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return XLSX
            # ODF puts an uncompressed "mimetype" entry first, holding the type itself.
            first = archive.infolist()[0] if archive.infolist() else None
            if (
                first is not None
                and first.filename == "mimetype"
                and first.file_size < 100
                and archive.read(first).strip() == ODT.content_type.encode()
            ):
                return ODT
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    return None


def _is_plain_text(upload) -> bool:
    upload.seek(0)
    data = upload.read()
    if data.lstrip().lower().startswith(_ACTIVE_TEXT):
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ord(c) >= 32 or ord(c) in _TEXT_CONTROLS for c in text)


def detect_kind(upload) -> FileKind | None:
    """The kind the content shows, or None for anything else."""
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return TEXT if _is_plain_text(upload) else None


def check_upload(upload, *, max_bytes: int) -> FileKind:
    """The kind of an accepted upload; a ValidationError saying why a file is refused."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    allowed = ", ".join(kind.label for kind in KINDS)
    kind = detect_kind(upload)
    upload.seek(0)
    extension = PurePath(upload.name or "").suffix.lower()
    if kind is None:
        raise ValidationError(
            _("The file's content is none of the accepted kinds (%(allowed)s).")
            % {"allowed": allowed},
            code="unknown_content",
        )
    if extension not in kind.extensions:
        raise ValidationError(
            _(
                "The file is named “%(extension)s” but its content is %(kind)s; rename it or "
                "upload another (accepted: %(allowed)s)."
            )
            % {
                "extension": extension or _("without an extension"),
                "kind": kind.label,
                "allowed": allowed,
            },
            code="name_mismatch",
        )
    return kind
