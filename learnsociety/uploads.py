"""Uploaded files: checked by content, size-limited, safely named, served only by views.

Every app's FileField uses ``UploadTo`` for its path and ``validate_upload`` as a
validator; views serve files with ``serve_upload`` after their own permission check.
Files go through Django's storage API only, so an S3-compatible storage can replace the
local folder.
"""

from __future__ import annotations

import posixpath
import unicodedata
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

# extension -> (content kind, content type)
ALLOWED_TYPES: dict[str, tuple[str, str]] = {
    "pdf": ("pdf", "application/pdf"),
    "png": ("png", "image/png"),
    "jpg": ("jpeg", "image/jpeg"),
    "jpeg": ("jpeg", "image/jpeg"),
    "gif": ("gif", "image/gif"),
    "webp": ("webp", "image/webp"),
    "docx": ("ooxml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("ooxml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("ooxml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "doc": ("ole", "application/msword"),
    "xls": ("ole", "application/vnd.ms-excel"),
    "ppt": ("ole", "application/vnd.ms-powerpoint"),
    "odt": ("odf", "application/vnd.oasis.opendocument.text"),
    "ods": ("odf", "application/vnd.oasis.opendocument.spreadsheet"),
    "odp": ("odf", "application/vnd.oasis.opendocument.presentation"),
}
INLINE_KINDS = {"pdf", "png", "jpeg", "gif", "webp"}


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


def _sniff(head: bytes, file) -> str | None:
    """The kind of content the first bytes show, or None if not an allowed kind."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
                if "[Content_Types].xml" in names:
                    return "ooxml"
                if "mimetype" in names:
                    mimetype = archive.read("mimetype")[:100]
                    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                        return "odf"
        except (zipfile.BadZipFile, OSError, RuntimeError):
            return None
    return None


def extension_of(name: str) -> str:
    base = posixpath.basename(name.replace("\\", "/"))
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def validate_upload(file) -> None:
    """Refuse a file that is too large, of a type not on the list, or whose content
    does not match its extension (a renamed executable, an HTML page)."""
    size = getattr(file, "size", None)
    if size is not None and size > max_upload_bytes():
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": settings.UPLOAD_MAX_MB},
            code="file_too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    ext = extension_of(getattr(file, "name", "") or "")
    allowed = ", ".join(sorted(ALLOWED_TYPES))
    if ext not in ALLOWED_TYPES:
        raise ValidationError(
            _("Files of this type are not accepted. Allowed types: %(types)s.")
            % {"types": allowed},
            code="file_type",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(16)
        kind = _sniff(head, file)
    finally:
        file.seek(position)
    if kind != ALLOWED_TYPES[ext][0]:
        raise ValidationError(
            _("The content of the file does not match its extension .%(ext)s.") % {"ext": ext},
            code="file_content",
        )


def safe_filename(name: str) -> str:
    """The base name only, ASCII letters, digits, dot, dash and underscore."""
    base = posixpath.basename((name or "").replace("\\", "/"))
    base = base.replace("đ", "d").replace("Đ", "D")
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = get_valid_filename(base).lstrip(".") if base.strip(". ") else ""
    stem, _dot, ext = base.rpartition(".")
    if not stem:
        stem, ext = base, ""
    stem = stem[:80] or "file"
    return f"{stem}.{ext[:10]}" if ext else stem


@deconstructible
class UploadTo:
    """``upload_to`` that files each upload under ``<prefix>/<yyyy>/<random>/<safe name>``."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        from django.utils import timezone

        year = timezone.now().year
        return f"{self.prefix}/{year}/{uuid.uuid4().hex}/{safe_filename(filename)}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadTo) and other.prefix == self.prefix


def display_name(fieldfile) -> str:
    return posixpath.basename(fieldfile.name) if fieldfile else ""


def serve_upload(fieldfile, *, download_name: str | None = None) -> FileResponse:
    """Stream a stored file. The caller has already checked the user may see it."""
    if not fieldfile:
        raise Http404
    ext = extension_of(fieldfile.name)
    kind, content_type = ALLOWED_TYPES.get(ext, ("", "application/octet-stream"))
    try:
        handle = fieldfile.storage.open(fieldfile.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=kind not in INLINE_KINDS,
        filename=download_name or display_name(fieldfile),
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0, no-store"
    return response
