"""Work a web process does once, done before it takes its first request.

A new gunicorn worker's first request cost 300-500 ms more than the next (the bench's
request trace, bench/trace.py): every view module imported by the URL resolver, both
translation catalogues read, the templates of the page compiled, the static files' manifest
read. ``warm()`` does that at start-up (``learnsociety/wsgi.py`` calls it when the worker
loads the application), so that nobody's click pays for it. It touches neither the database
nor the cache: a worker still starts with either down."""

import logging
import time
from pathlib import Path
from typing import cast

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)

# Templates of our own and of the packages whose templates our pages include
PACKAGES = ("crispy_bootstrap5", "django_filters")


def _template_names(directory: Path) -> list[str]:
    return sorted(
        str(path.relative_to(directory))
        for path in directory.rglob("*")
        if path.suffix in {".html", ".txt"} and path.is_file()
    )


def _directories() -> list[Path]:
    dirs = cast(list, settings.TEMPLATES[0]["DIRS"])
    found = [Path(d) for d in dirs]
    for config in apps.get_app_configs():
        path = Path(config.path) / "templates"
        if path.is_dir() and (
            str(path).startswith(str(settings.BASE_DIR)) or any(p in str(path) for p in PACKAGES)
        ):
            found.append(path)
    return found


def _fill(resolver) -> None:
    """The resolver's and each namespace's reverse lookups, for the active language (each is
    filled on its first use in a language)."""
    resolver.reverse_dict  # noqa: B018
    for _prefix, child in resolver.namespace_dict.values():
        _fill(child)


def warm() -> dict[str, float]:
    """Import, read and compile what every request needs; returns the milliseconds each
    step took."""
    took: dict[str, float] = {}
    started = time.perf_counter()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            _fill(get_resolver())
            translation.gettext("Home")
    took["urls and catalogues"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    engine = engines["django"]
    compiled = 0
    for directory in _directories():
        for name in _template_names(directory):
            try:
                engine.get_template(name)
                compiled += 1
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue  # a template of another engine, or one only used through include
    took[f"{compiled} templates"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    try:
        staticfiles_storage.url("css/app.css")
    except ValueError as error:  # no manifest yet (before collectstatic): the page will say
        logger.warning("static files: %s", error)
    took["static manifest"] = (time.perf_counter() - started) * 1000
    logger.info("warmed up: %s", ", ".join(f"{k} {v:.0f} ms" for k, v in took.items()))
    return took
