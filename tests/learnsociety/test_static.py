"""Static files reach slow lines compressed and are fetched once: hashed names, brotli or
gzip, a ten-year immutable cache, in development (`make run`, DEBUG on) as in production."""

import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "learnsociety.staticfiles.StaticStorage"},
}
IMMUTABLE = "max-age=315360000, public, immutable"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STORAGES=STORAGE, STATIC_ROOT=root):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.mark.parametrize("debug", [True, False], ids=["make-run", "production"])
@pytest.mark.django_db
def test_pages_link_hashed_static_files_served_compressed_and_immutable(collected, debug):
    with override_settings(
        STORAGES=STORAGE,
        STATIC_ROOT=collected,
        DEBUG=debug,
        WHITENOISE_USE_FINDERS=debug,
        WHITENOISE_AUTOREFRESH=debug,
        SECURE_SSL_REDIRECT=False,
    ):
        client = Client()
        page = client.get("/accounts/login/").content.decode()
        css = re.search(r'href="(/static/vendor/bootstrap-5\.3\.9\.min\.[0-9a-f]{12}\.css)"', page)
        js = re.search(r'src="(/static/vendor/htmx-2\.0\.11\.min\.[0-9a-f]{12}\.js)"', page)
        assert css
        assert js

        brotli = client.get(css.group(1), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        gzip = client.get(js.group(1), HTTP_ACCEPT_ENCODING="gzip")
        plain = client.get(css.group(1))

    assert (brotli.status_code, brotli["Content-Encoding"]) == (200, "br")
    assert brotli["Cache-Control"] == IMMUTABLE
    assert brotli["Vary"] == "Accept-Encoding"
    assert (gzip.status_code, gzip["Content-Encoding"]) == (200, "gzip")
    assert gzip["Cache-Control"] == IMMUTABLE
    assert "Content-Encoding" not in plain
    # Bootstrap's 228 KB stylesheet crosses the line in about a tenth of that.
    assert int(brotli["Content-Length"]) < int(plain["Content-Length"]) // 7
