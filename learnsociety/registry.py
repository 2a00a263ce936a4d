"""What each app offers the project's shared pages, declared by the app itself.

The home page shows a panel per app, the public verification page asks each app that
issues certificates about a code, and the programme's computed indicators read figures
that other apps publish. An app declares these in its ``home``, ``certificates`` and
``indicators`` modules with the decorators below; ``LearnSocietyConfig.ready`` imports
those modules of every installed app (``autodiscover_modules``), so nothing here names an
app and no app code looks modules up by string.

The floor's own modules ask the apps above them through hooks of the same kind, set by
the app that answers (imported by its ``AppConfig.ready``): ``learnsociety.documents``
signs the PDFs it issues with the signer ``accounts.signing`` registers
(``@registry.pdf_signer``), and a finished background export is announced to the
listeners ``notifications.services`` registers (``@registry.export_listener``).
"""

from __future__ import annotations

from collections.abc import Callable

_home_panels: dict[str, tuple[int, Callable]] = {}
_certificate_lookups: dict[str, tuple[int, Callable]] = {}
_indicator_sources: dict[str, tuple[Callable, dict]] = {}
_pdf_signers: dict[str, Callable] = {}
_export_listeners: dict[str, Callable] = {}


def _key(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def home_panel(order: int) -> Callable[[Callable], Callable]:
    """Register ``panel(request) -> dict | None`` for the home page, shown by ``order``."""

    def register(panel: Callable) -> Callable:
        _home_panels[_key(panel)] = (order, panel)
        return panel

    return register


def certificate_lookup(order: int) -> Callable[[Callable], Callable]:
    """Register ``lookup(code) -> dict | None``, asked in ``order`` until one knows it."""

    def register(lookup: Callable) -> Callable:
        _certificate_lookups[_key(lookup)] = (order, lookup)
        return lookup

    return register


def home_panels() -> list[Callable]:
    return [panel for _order, panel in sorted(_home_panels.values(), key=lambda p: p[0])]


def certificate_lookups() -> list[Callable]:
    return [f for _order, f in sorted(_certificate_lookups.values(), key=lambda p: p[0])]


def indicator_source(source: str, **extra) -> Callable[[Callable], Callable]:
    """Register ``figure(year, provinces=None, **extra) -> number | None`` as the computed
    source ``source`` of programme indicators (``programme.enums.ComputedSource`` values).
    ``provinces`` is the programme's provinces (a tuple of area ids), or None for every
    province of the deployment."""

    def register(figure: Callable) -> Callable:
        _indicator_sources[source] = (figure, extra)
        return figure

    return register


def indicator_figure(source: str):
    """The registered ``(figure, extra)`` for ``source``, or None."""
    return _indicator_sources.get(source)


def pdf_signer(sign: Callable) -> Callable:
    """Register ``sign(pdf, *, issuer_id) -> bytes``, which signs an issued PDF for the
    organisation ``issuer_id`` (or gives it back as it is)."""
    _pdf_signers[_key(sign)] = sign
    return sign


def signed_pdf(pdf: bytes, *, issuer_id: int | None) -> bytes:
    """``pdf`` signed by the registered signer; as it is without one."""
    for sign in _pdf_signers.values():
        pdf = sign(pdf, issuer_id=issuer_id)
    return pdf


def export_listener(listener: Callable) -> Callable:
    """Register ``listener(job)``, told when a background export's file is ready
    (``learnsociety.models.ExportJob``)."""
    _export_listeners[_key(listener)] = listener
    return listener


def export_ready(job) -> None:
    for listener in _export_listeners.values():
        listener(job)
