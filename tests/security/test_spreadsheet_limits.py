"""Spreadsheets are checked before they are parsed (issue 16, point 6): a workbook that
unpacks to more than the limit (a "zip bomb": a few kilobytes of zeros unpacking to
megabytes) or that declares more rows than allowed is refused with a message, without
openpyxl loading it, and nothing is saved."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.enums import Role
from tests.factories.accounts import AreaFactory, user_with_role
from units.models import School

pytestmark = pytest.mark.django_db


def _bomb(unpacked_mb: int) -> bytes:
    """A small archive shaped like a workbook whose sheet unpacks to ``unpacked_mb`` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (unpacked_mb * 1024 * 1024))
    return out.getvalue()


def _rows(n: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "education_level", "tier", "area_code", "year"])
    for i in range(n):
        sheet.append([f"X-{i}", f"Trường {i}", "primary", "", "14-116", 2025])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def staff_client(client):
    AreaFactory(code="14-116", name="Thành phố Sơn La")
    client.force_login(user_with_role(Role.DEPARTMENT_STAFF))
    return client


def test_a_zip_bomb_school_import_is_refused_before_parsing(staff_client, settings):
    settings.SPREADSHEET_MAX_UNPACKED_MB = 2
    data = _bomb(5)
    assert len(data) < 50_000
    response = staff_client.post(
        "/units/schools/import/",
        {"file": SimpleUploadedFile("truong.xlsx", data), "dry_run": "on"},
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert not report.ok
    assert "khi giải nén có dung lượng 5 MB" in report.file_error
    assert "2 MB" in report.file_error
    assert School.objects.count() == 0


def test_a_school_import_with_too_many_rows_is_refused(staff_client, settings):
    settings.SPREADSHEET_MAX_ROWS = 100
    response = staff_client.post(
        "/units/schools/import/",
        {"file": SimpleUploadedFile("truong.xlsx", _rows(150)), "dry_run": ""},
    )
    report = response.context["report"]
    assert not report.ok
    assert "có 151 dòng, vượt mức 100 dòng" in report.file_error
    assert School.objects.count() == 0
    # Under the limit the same file is read as usual.
    settings.SPREADSHEET_MAX_ROWS = 1000
    response = staff_client.post(
        "/units/schools/import/",
        {"file": SimpleUploadedFile("truong.xlsx", _rows(150)), "dry_run": "on"},
    )
    assert response.context["report"].file_error == ""
    assert len(response.context["report"].rows) == 150


def test_a_zip_bomb_commune_return_upload_is_refused(settings):
    from learnsociety.uploads import check_spreadsheet
    from society import workbook

    settings.SPREADSHEET_MAX_UNPACKED_MB = 1
    parsed = workbook.read(_bomb(3), ret=None, commune=None, village_parts=None, villages=None)
    assert len(parsed.errors) == 1
    assert "1 MB" in parsed.errors[0][1]
    # The check reads the archive's directory only, and leaves the file where it was.
    stream = io.BytesIO(_rows(3))
    stream.seek(7)
    check_spreadsheet(stream)
    assert stream.tell() == 7
