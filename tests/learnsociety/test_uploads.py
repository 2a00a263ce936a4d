import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from learnsociety.uploads import UploadTo, safe_filename, validate_upload

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _error_code(upload) -> str:
    with pytest.raises(ValidationError) as info:
        validate_upload(upload)
    return info.value.code


@pytest.mark.parametrize(
    ("name", "content"),
    [("bao-cao.pdf", PDF), ("anh.png", PNG), ("ke-hoach.docx", _docx()), ("ANH.PNG", PNG)],
)
def test_allowed_files_pass(name, content):
    assert validate_upload(SimpleUploadedFile(name, content)) is None


def test_renamed_executable_is_refused_by_content():
    assert _error_code(SimpleUploadedFile("minh-chung.pdf", EXE)) == "file_content"


def test_html_file_is_refused_by_type_and_when_renamed():
    html = b"<html><script>alert(1)</script></html>"
    assert _error_code(SimpleUploadedFile("page.html", html)) == "file_type"
    assert _error_code(SimpleUploadedFile("page.pdf", html)) == "file_content"


def test_zip_that_is_not_an_office_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", EXE)
    assert _error_code(SimpleUploadedFile("report.docx", buffer.getvalue())) == "file_content"


def test_oversized_file_is_refused_with_the_limit_in_the_message(settings):
    settings.UPLOAD_MAX_MB = 1
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as info:
        validate_upload(upload)
    assert info.value.code == "file_too_large"
    assert "1 MB" in str(info.value.messages[0])


def test_empty_file_is_refused():
    assert _error_code(SimpleUploadedFile("empty.pdf", b"")) == "file_empty"


def test_validation_leaves_the_file_position_alone():
    upload = SimpleUploadedFile("a.pdf", PDF)
    upload.seek(3)
    validate_upload(upload)
    assert upload.tell() == 3


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("Báo cáo thành tích đợt 1.pdf", "Bao_cao_thanh_tich_dot_1.pdf"),
        ("...", "file"),
        ("/abs/path/.hidden.pdf", "hidden.pdf"),
    ],
)
def test_safe_filename_strips_paths_and_odd_characters(given, expected):
    assert safe_filename(given) == expected


def test_upload_to_files_under_a_random_folder_with_a_safe_name():
    path = UploadTo("evidence")(None, "../../../Minh chứng.pdf")
    parts = path.split("/")
    assert parts[0] == "evidence"
    assert len(parts) == 4
    assert len(parts[2]) == 32
    assert parts[3] == "Minh_chung.pdf"
    assert ".." not in path
