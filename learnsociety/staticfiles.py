"""Static files: compressed (gzip and brotli) and cached for a year in every mode.

Django's manifest storage gives hashed names only when DEBUG is off, so under `make run`
(DEBUG on) pages linked the plain names, which whitenoise must serve uncompressed-from-source
with ``max-age=0``: about 370 KB on every first visit. Here the hashed name is used whenever
``collectstatic`` has recorded it (``make run`` collects before serving), and whitenoise
then serves the pre-compressed ``.br``/``.gz`` copy as immutable.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    # A file missing from the manifest is a programming error in production; in development
    # (a file added since the last collectstatic) the plain name still works.
    manifest_strict = False

    def url(self, name: str | None, force: bool = False) -> str:
        try:
            return super().url(name, force=True)
        except ValueError:
            return super().url(name, force=False)
