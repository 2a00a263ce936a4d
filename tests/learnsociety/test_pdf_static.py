"""The PDF renderer finds the stylesheets pages link in production: hashed names of the
collected static files (DEBUG off, manifest storage), which no static finder knows."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command

from learnsociety.pdf import _static_fetcher


@pytest.fixture
def collected(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "learnsociety.staticfiles.StaticStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    return


def test_pdf_fetcher_reads_a_hashed_static_name(collected):
    url = staticfiles_storage.url("css/app.css")
    assert url != "/static/css/app.css"  # a hashed name, as pages link it
    result = _static_fetcher().fetch(url)
    body = result.read() if hasattr(result, "read") else result["string"]
    with open(staticfiles_storage.path("css/app.css"), "rb") as handle:
        assert body == handle.read()


def test_pdf_fetcher_refuses_other_urls(collected):
    with pytest.raises(ValueError, match="PDF may not fetch"):
        _static_fetcher().fetch("https://example.org/x.css")
