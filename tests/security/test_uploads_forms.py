"""ASVS V5 (files): the real upload forms of each app refuse a renamed executable, an
oversized file, a path-traversal name and an HTML page with the translated message, and
save nothing; uploads live outside STATIC_ROOT and no URL serves MEDIA_ROOT directly."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import translation
from django.utils.translation import gettext

from .conftest import PDF_BYTES

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
ALLOWED = "doc, docx, gif, jpeg, jpg, odp, ods, odt, pdf, png, ppt, pptx, webp, xls, xlsx"


def _vi(msgid: str, **params) -> str:
    with translation.override("vi"):
        text = gettext(msgid) % params
    with translation.override("en"):
        assert text != gettext(msgid) % params, f"not translated: {msgid}"
    return text


def bad_files():
    """(upload, the translated message that must refuse it)."""
    return [
        (
            SimpleUploadedFile("bao-cao.pdf", EXE, "application/pdf"),
            _vi("The content of the file does not match its extension .%(ext)s.", ext="pdf"),
        ),
        (
            SimpleUploadedFile("lon.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 10)),
            _vi(
                "The file is too large (%(size)s MB); the limit is %(limit)s MB.",
                size="1.0",
                limit=1,
            ),
        ),
        (
            SimpleUploadedFile("../../../../learnsociety/settings.py", b"import os\n"),
            _vi("Files of this type are not accepted. Allowed types: %(types)s.", types=ALLOWED),
        ),
        (
            SimpleUploadedFile("trang.html", HTML, "text/html"),
            _vi("Files of this type are not accepted. Allowed types: %(types)s.", types=ALLOWED),
        ),
        (
            SimpleUploadedFile("trang.pdf", HTML, "application/pdf"),
            _vi("The content of the file does not match its extension .%(ext)s.", ext="pdf"),
        ),
    ]


def _files_in(root: Path) -> set[str]:
    return (
        {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
        if root.exists()
        else set()
    )


@pytest.fixture
def small_limit(settings):
    settings.UPLOAD_MAX_MB = 1


def _page_text(client: Client, response) -> str:
    if response.status_code == 302:
        response = client.get(response["Location"])
    return response.content.decode()


def test_units_evidence_form_refuses_bad_files(world, small_limit, media_root):
    from units.models import Evidence

    assessment = world["objects"]["assessment"]
    result = assessment.results.order_by("pk").first()
    client = world["clients"]["principal"]
    before_rows, before_files = Evidence.objects.count(), _files_in(media_root)
    for upload, message in bad_files():
        response = client.post(
            reverse("units:evidence-add", args=[assessment.pk]),
            {"title": "Minh chứng", "file": upload, "results": [str(result.pk)]},
        )
        assert response.status_code == 400, upload.name
        assert message in _page_text(client, response).replace("&#x27;", "'"), upload.name
    assert Evidence.objects.count() == before_rows
    assert _files_in(media_root) == before_files


def test_awards_dossier_form_refuses_bad_files(world, small_limit, media_root):
    from awards.models import Nomination, NominationDocument

    school = world["objects"]["school_org"]
    nomination = Nomination.objects.get(nominating_organisation=school, status="draft")
    client = world["clients"]["principal"]
    kind = NominationDocument._meta.get_field("kind").choices[0][0]
    before_rows, before_files = NominationDocument.objects.count(), _files_in(media_root)
    for upload, message in bad_files():
        response = client.post(
            reverse("awards:document-add", args=[nomination.pk]), {"kind": kind, "file": upload}
        )
        assert response.status_code == 302, upload.name
        assert message in _page_text(client, response).replace("&#x27;", "'"), upload.name
    assert NominationDocument.objects.count() == before_rows
    assert _files_in(media_root) == before_files


def test_programme_report_form_refuses_bad_files(world, small_limit, media_root):
    from programme.models import EvidenceFile, ProgressReport

    from .forms import form_data, rendered_form

    report = ProgressReport.objects.filter(status="draft").order_by("pk").first()
    client = world["clients"]["admin"]
    url = reverse("programme:report-edit", args=[report.pk])
    data = form_data(rendered_form(client.get(url)))
    before_rows, before_files = EvidenceFile.objects.count(), _files_in(media_root)
    for upload, message in bad_files():
        response = client.post(url, {**data, "files": upload})
        assert response.status_code == 200, upload.name
        assert message in response.content.decode().replace("&#x27;", "'"), upload.name
    assert EvidenceFile.objects.count() == before_rows
    assert _files_in(media_root) == before_files


def test_a_traversal_name_with_good_content_is_stored_inside_the_upload_folder(world, media_root):
    from units.models import Evidence

    assessment = world["objects"]["assessment"]
    result = assessment.results.order_by("pk").first()
    response = world["clients"]["principal"].post(
        reverse("units:evidence-add", args=[assessment.pk]),
        {
            "title": "Minh chứng",
            "file": SimpleUploadedFile("..\\..\\..\\static\\x.pdf", PDF_BYTES),
            "results": [str(result.pk)],
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.latest("pk")
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(Path(media_root).resolve())
    assert evidence.file.name.startswith("units/evidence/")
    assert stored.name == "x.pdf"
    assert stored.read_bytes() == PDF_BYTES


def test_media_root_is_not_under_static_root_and_has_no_url():
    media = Path(settings.MEDIA_ROOT).resolve()
    static = Path(settings.STATIC_ROOT).resolve()
    assert not media.is_relative_to(static)
    assert not static.is_relative_to(media)
    routes = [str(p.pattern) for p in get_resolver().url_patterns]
    assert not any(r.lstrip("^/").startswith(settings.MEDIA_URL.strip("/")) for r in routes)
    assert not any(r.lstrip("^/").startswith("media") for r in routes)


def test_a_stored_file_is_not_served_at_a_media_url(world):
    evidence = world["objects"]["unit_evidence"]
    for prefix in (settings.MEDIA_URL, "/media/"):
        response = world["clients"]["admin"].get(prefix + evidence.file.name)
        assert response.status_code == 404, prefix


def test_serving_views_check_permission(world):
    evidence = world["objects"]["unit_evidence"]
    url = reverse("units:evidence-download", args=[evidence.pk])
    own = world["clients"]["principal"].get(url)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PDF_BYTES
    assert own["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert world["clients"]["principal2"].get(url).status_code == 404
    assert world["clients"]["reviewer2"].get(url).status_code == 404
    assert world["clients"]["anonymous"].get(url).status_code == 302
