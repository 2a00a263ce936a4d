"""PDF rendering (WeasyPrint) and QR codes, shared by reports and certificates."""

from __future__ import annotations

import base64
import io

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string

from .siteurl import absolute_url as site_absolute_url


def qr_data_uri(text: str) -> str:
    """A QR code for ``text`` as an inline SVG data URI (for PDFs and pages)."""
    import qrcode  # noqa: PLC0415 (heavy library, loaded on first use)
    import qrcode.image.svg  # noqa: PLC0415 (heavy library, loaded on first use)

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def absolute_url(path: str) -> str:

    return site_absolute_url(path)


def _static_path(name: str) -> str | None:
    """The file behind a static name: the source file, or (pages link hashed names in
    production, which no finder knows) the collected copy in STATIC_ROOT."""

    name = name.split("?", 1)[0].split("#", 1)[0]
    found = finders.find(name)
    if found:
        return str(found)
    try:
        return staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None
    except NotImplementedError:  # Storage.path() of a remote storage: no file on this disk
        return None


def _static_fetcher():
    """A URL fetcher that lets templates refer to ``/static/...`` files and ``data:`` URIs
    without a web request, and refuses everything else (WeasyPrint 70's fetcher API)."""
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 (heavy library, loaded on first use)

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file://") and settings.STATIC_URL in url:
                url = settings.STATIC_URL + url.split(settings.STATIC_URL, 1)[1]
            if url.startswith(settings.STATIC_URL):
                path = _static_path(url[len(settings.STATIC_URL) :])
                if path:
                    return super().fetch("file://" + str(path), headers)
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"PDF may not fetch {url!r}")

    return StaticFetcher()


def render_pdf_bytes(template: str, context: dict, request=None) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 (heavy library, loaded on first use)

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url="/", url_fetcher=_static_fetcher()).write_pdf()


def pdf_response(
    template: str, context: dict, request, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(
        render_pdf_bytes(template, context, request), content_type="application/pdf"
    )
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
