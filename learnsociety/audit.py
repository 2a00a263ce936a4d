"""The audit trail as people read it: django-simple-history rows turned into entries of
who, when, what (added, changed, deleted) and each changed field's value before and after.

Every audited page reads its history through :func:`history_entries`, one query per
source whatever the number of changes: the newest ``limit`` records and, in the same query,
the record before each of them (so the oldest change shown still has its "before").
Related objects are joined (``Source.related``), never fetched row by row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import BooleanField, Case, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .i18n import format_number
from .uploads import display_name

ORDER = ("-history_date", "-history_id")

# Bookkeeping that changes with every save and says nothing to a reader.
NOISY = frozenset(
    {
        "updated",
        "updated_at",
        "modified",
        "search",
        "search_text",
        "search_vector",
    }
)

ACTIONS = {
    "+": ("added", gettext_lazy("added")),
    "~": ("changed", gettext_lazy("changed")),
    "-": ("deleted", gettext_lazy("deleted")),
}


@dataclass(frozen=True)
class Source:
    """Historical records of one model to show, e.g. ``Milestone.history.filter(
    commitment_id=pk)``.

    ``label`` names the object from its historical row without a query (shown when a page
    mixes several objects); ``related`` are foreign keys joined so that their values read
    as names; ``only`` restricts the fields shown, ``exclude`` hides some; ``actions``
    renames added / changed / deleted (e.g. "role granted").
    """

    records: QuerySet
    label: Callable[[Any], str] | None = None  # given a history row
    related: Sequence[str] = ()
    only: Sequence[str] | None = None
    exclude: Sequence[str] = ()
    # words for "added" / "changed" / "deleted" that fit the object, keyed by "+", "~", "-"
    actions: Mapping[str, str | Promise] | None = None


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    when: datetime
    who: str
    who_id: int | None
    action: str  # added / changed / deleted
    action_label: str
    kind: str
    label: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def history_entries(*sources: Source, limit: int = 20) -> list[Entry]:
    """The newest ``limit`` changes over all ``sources``, newest first, each with its
    field-by-field before and after. One query per source."""
    entries: list[Entry] = []
    for source in sources:
        entries.extend(_source_entries(source, limit))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _source_entries(source: Source, limit: int) -> list[Entry]:
    historical = source.records.model
    manager = historical._default_manager
    pk_name = historical.instance_type._meta.pk.attname
    window = source.records.order_by(*ORDER).values("history_id")[:limit]
    # The record just before each one, of the same object (whatever the source's filter).
    previous = (
        manager.filter(**{pk_name: OuterRef(pk_name)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by(*ORDER)
        .values("history_id")[:1]
    )
    before_window = manager.filter(history_id__in=window).annotate(p=Subquery(previous)).values("p")
    rows = list(
        manager.filter(Q(history_id__in=window) | Q(history_id__in=before_window))
        .annotate(
            previous_id=Subquery(previous),
            in_window=Case(
                When(history_id__in=window, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .select_related("history_user", *source.related)
        .order_by(*ORDER)
    )
    by_id = {row.history_id: row for row in rows}
    fields = _shown_fields(historical, source)
    kind = str(historical.instance_type._meta.verbose_name)
    entries = []
    for row in rows:
        if not row.in_window:
            continue
        before = by_id.get(row.previous_id)
        action, action_label = ACTIONS.get(row.history_type, ACTIONS["~"])
        if row.history_type == "+" or before is None:
            changes = [
                Change(_verbose(f), "", _display(row, f, source.related))
                for f in fields
                if not _empty(getattr(row, f.attname))
            ]
        elif row.history_type == "-":
            changes = []
        else:
            delta = row.diff_against(before, included_fields=[f.name for f in fields])
            changed = set(delta.changed_fields)
            changes = [
                Change(
                    _verbose(f),
                    _display(before, f, source.related),
                    _display(row, f, source.related),
                )
                for f in fields
                if f.name in changed
            ]
            if not changes and not row.history_change_reason:
                continue  # a save that changed nothing a reader cares about
        user = row.history_user
        entries.append(
            Entry(
                when=row.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "",
                who_id=row.history_user_id,
                action=action,
                action_label=str((source.actions or {}).get(row.history_type, action_label)),
                kind=kind,
                label=source.label(row) if source.label else "",
                reason=row.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _shown_fields(historical, source: Source) -> list[models.Field]:
    """The model's own editable fields (many-to-many left out: their history would cost a
    query per record), in declaration order."""
    excluded = NOISY | set(source.exclude)
    tracked = {f.name for f in historical.tracked_fields if f.editable}
    shown = [
        f
        for f in historical.instance_type._meta.concrete_fields
        if f.name in tracked and not f.primary_key and f.name not in excluded
    ]
    if source.only is not None:
        shown = [f for f in shown if f.name in source.only]
    return [historical._meta.get_field(f.name) for f in shown]


# The names Django gives audited fields declared without a verbose name ("assigned by"),
# translated here rather than by migrating every model. Their own context keeps them apart
# from declared names: an awards field "form" is an award form, the society app's declared
# "form" a return form.
AUTOMATIC_NAMES = {
    "assigned at": pgettext_lazy("automatic field name", "assigned at"),
    "assigned by": pgettext_lazy("automatic field name", "assigned by"),
    "created by": pgettext_lazy("automatic field name", "created by"),
    "form": pgettext_lazy("automatic field name", "form"),
    "reviewer": pgettext_lazy("automatic field name", "reviewer"),
    "weighted score": pgettext_lazy("automatic field name", "weighted score"),
    "from status": pgettext_lazy("automatic field name", "from status"),
    "to status": pgettext_lazy("automatic field name", "to status"),
    "is correction": pgettext_lazy("automatic field name", "is correction"),
    "target": pgettext_lazy("automatic field name", "target"),
}


def _verbose(f: models.Field) -> str:
    if isinstance(f.verbose_name, Promise):
        return str(f.verbose_name)  # declared with a translated name
    return str(AUTOMATIC_NAMES.get(str(f.verbose_name), f.verbose_name))


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _display(row, f: models.Field, related: Iterable[str]) -> str:
    value = getattr(row, f.attname)
    if _empty(value):
        return ""
    if f.is_relation:
        if f.name in related:
            obj = getattr(row, f.name, None)
            if obj is not None:
                return str(obj)
        return f"#{value}"
    if f.flatchoices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(f, models.FileField):
        return display_name(value)
    if isinstance(f, models.JSONField):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal | float) or (isinstance(value, int) and "year" not in f.name):
        # "185 → 190" and "11.000" in Vietnamese, as the pages print figures (a year stays 2025)
        return format_number(value, places=getattr(f, "decimal_places", None) or 2)
    return formats.localize(value)
