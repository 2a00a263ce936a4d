"""Uploaded files: checked by content, size-limited, safely named, served only by views.

Every app's FileField uses ``UploadTo`` for its path and ``validate_upload`` as a
validator; views serve files with ``serve_upload`` after their own permission check.
Files go through Django's storage API only, so an S3-compatible storage can replace the
local folder.

Files follow the transaction of their row: ``delete_on_commit`` removes a file only once
the deletion of its row is committed, and the storage (``TransactionalStorageMixin``, in
``STORAGES["default"]``) removes a file written inside a transaction that then rolls back,
at the end of the request or task. ``cleanup_files`` finds what a killed process leaves.
"""

from __future__ import annotations

import logging
import posixpath
import re
import threading
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage
from django.db import connection, models, transaction
from django.http import FileResponse, Http404
from django.utils import timezone
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


def check_spreadsheet(file) -> None:
    """Refuse an .xlsx before parsing it when it unpacks to more than
    SPREADSHEET_MAX_UNPACKED_MB or a sheet declares more than SPREADSHEET_MAX_ROWS rows:
    only the archive's directory and each sheet's first bytes are read."""
    start = file.tell() if hasattr(file, "tell") else 0
    try:
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError):
            raise ValidationError(_("This file is not an Excel workbook (.xlsx).")) from None
        with archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            limit = settings.SPREADSHEET_MAX_UNPACKED_MB
            if unpacked > limit * 1024 * 1024:
                raise ValidationError(
                    _(
                        "This workbook unpacks to %(size)s MB, more than the %(limit)s MB "
                        "allowed: split it into smaller files."
                    )
                    % {"size": unpacked // (1024 * 1024), "limit": limit}
                )
            for info in archive.infolist():
                if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                    continue
                with archive.open(info) as sheet:
                    head = sheet.read(4096).decode("utf-8", "replace")
                found = re.search(r'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"', head)
                rows = int(found.group(1)) if found and found.group(1) else 0
                if rows > settings.SPREADSHEET_MAX_ROWS:
                    raise ValidationError(
                        _(
                            "This workbook has %(rows)s rows, more than the %(limit)s allowed "
                            "in one file: split it into smaller files."
                        )
                        % {"rows": rows, "limit": settings.SPREADSHEET_MAX_ROWS}
                    )
    finally:
        if hasattr(file, "seek"):
            file.seek(start)


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


def upload_input_attrs() -> dict[str, str]:
    """Attributes for a file input, so that the browser checks what ``validate_upload``
    checks (type by extension, size) before sending a file over a slow line, with the
    same translated messages. ``accept`` lists images too: phones then offer the camera."""
    allowed = ", ".join(sorted(ALLOWED_TYPES))
    return {
        "accept": ",".join(["image/*", *(f".{ext}" for ext in ALLOWED_TYPES)]),
        "data-upload-check": "",
        "data-max-bytes": str(max_upload_bytes()),
        "data-allowed": " ".join(ALLOWED_TYPES),
        "data-msg-too-big": _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
        % {"size": "{size}", "limit": settings.UPLOAD_MAX_MB},
        "data-msg-type": _("Files of this type are not accepted. Allowed types: %(types)s.")
        % {"types": allowed},
        "data-msg-empty": _("The file is empty."),
    }


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


# --- files follow the transaction ------------------------------------------------------

logger = logging.getLogger(__name__)
_written = threading.local()


def _pending() -> dict:
    if not hasattr(_written, "files"):
        _written.files = {}
    return _written.files


def delete_on_commit(fieldfile) -> None:
    """Delete ``fieldfile``'s stored file once the current transaction commits: a
    rollback (or a process killed before the commit) keeps the row, which still needs it."""
    if not fieldfile:
        return
    storage, name = fieldfile.storage, fieldfile.name

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:  # the row is gone; cleanup_files reports a leftover file
            logger.exception("could not delete %s after commit", name)

    transaction.on_commit(delete)


# The mixin extends whatever storage it is mixed into; the type checker sees it as one.
if TYPE_CHECKING:
    _StorageBase = Storage
else:
    _StorageBase = object


class TransactionalStorageMixin(_StorageBase):
    """Remember each file saved inside a transaction until that transaction commits; a
    file whose transaction (or savepoint) rolled back is deleted by
    ``discard_rolled_back_files`` at the end of the request or task."""

    def save(self, name, content, max_length=None):
        name = super().save(name, content, max_length=max_length)
        if connection.in_atomic_block:
            key = (self, name)

            def committed() -> None:
                _pending().pop(key, None)

            _pending()[key] = committed
            transaction.on_commit(committed)
        return name


class TransactionalFileSystemStorage(TransactionalStorageMixin, FileSystemStorage):
    """The local uploads folder, with files following their transaction."""


def discard_rolled_back_files(**kwargs) -> int:
    """Delete every file saved by this thread in a transaction that did not commit.

    A file whose commit hook is still queued belongs to a transaction that is still open
    (a test's outer transaction): it is kept."""
    pending = _pending()
    if not pending:
        return 0
    queued = {id(entry[1]) for entry in connection.run_on_commit}  # (savepoints, hook, robust)
    removed = 0
    for key, hook in list(pending.items()):
        if id(hook) in queued:
            continue
        storage, name = key
        del pending[key]
        try:
            storage.delete(name)
            removed += 1
            logger.info("removed %s: its transaction rolled back", name)
        except OSError:
            logger.exception("could not remove %s after a rollback", name)
    return removed


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def referenced_files(using: str = "default") -> Iterator[tuple[str, str, int]]:
    """(stored name, "app.Model.field", row pk) of every file a row refers to."""
    for model, field in file_fields():
        rows = (
            model._base_manager.using(using)
            .exclude(**{field.name: ""})
            .exclude(**{f"{field.name}__isnull": True})
            .values_list(field.name, "pk")
            .iterator()
        )
        for name, pk in rows:
            yield name, f"{model._meta.label}.{field.name}", pk
