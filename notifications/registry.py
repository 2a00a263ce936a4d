"""Reminder rules and where they come from.

Each domain app declares its rules in ``<app>/reminders.py``::

    KINDS = [(NotificationKind.PROGRAMME, {Role.DEPARTMENT_STAFF})]
    RULES = [Rule(name="programme.milestone_due", kind=NotificationKind.PROGRAMME,
                  label=_("Milestone due or overdue"), collect=..., message=...)]

Kinds are ``notifications.enums.NotificationKind`` (the one list, which labels them);
``KINDS`` says which roles receive each kind of the app.

``collect(now)`` yields :class:`Due` items, one per (object, recipient, occasion) that
should be reminded at ``now``; it must query in bulk (a few queries per rule, never one
per object). ``message(context)`` returns ``(title, body)`` and is called with the
recipient's language active. A missing module simply means the app has no rules.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.urls import reverse

if TYPE_CHECKING:
    from .models import Reminder


@dataclass(frozen=True)
class Due:
    """One reminder a rule wants to send: about ``obj`` (a model instance; for tens of
    thousands of rows pass ``model`` and ``object_id`` instead, with a ``label``), to the
    recipient's user id, for the occasion that makes it unique (``due-7``, ``overdue-3``,
    ``returned-42``...)."""

    obj: models.Model | None
    recipient_id: int
    occasion: str
    context: dict = field(default_factory=dict)
    url: str = ""
    label: str = ""
    model: type[models.Model] | None = None
    object_id: int | None = None

    @property
    def model_class(self) -> type[models.Model]:
        if self.model is not None:
            return self.model
        return type(self._obj())

    @property
    def pk(self) -> int:
        return self.object_id if self.object_id is not None else self._obj().pk

    def _obj(self) -> models.Model:
        if self.obj is None:
            raise ValueError("A Due names its object, or its model and object id.")
        return self.obj


_SENTINEL = 987654321


@lru_cache(maxsize=64)
def _url_pattern(name: str) -> str:
    return reverse(name, args=[_SENTINEL]).replace(str(_SENTINEL), "{pk}")


def url_for(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])`` for one-pk URLs, without resolving every time (a rule
    may build 50,000 links in one scan)."""
    return _url_pattern(name).format(pk=pk)


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    label: object
    collect: Callable[[datetime], Iterable[Due]]
    message: Callable[[dict], tuple[str, str]]
    # Optional re-check at send time: False cancels the reminder (e.g. the milestone was
    # done in the meantime). Called with the target object (of the rule's own model, which
    # a registry of every app's rules cannot name: Any) and the reminder row.
    still_applies: Callable[[Any, Reminder], bool] | None = None
    # False when the app already notifies in the app at the moment of the event (awards
    # does when it assigns a reviewer or decides): the rule then only adds the e-mail.
    in_app: bool = True


_registered: list[Rule] = []


def register(rule: Rule) -> Rule:
    """Add a rule from code (besides ``<app>/reminders.py``); tests use it too."""
    if rule.name not in {r.name for r in _registered}:
        _registered.append(rule)
    return rule


def unregister(name: str) -> None:
    _registered[:] = [r for r in _registered if r.name != name]


def _modules():
    """Each installed app's ``reminders`` module, imported when the project is ready
    (``NotificationsConfig.ready``: ``autodiscover_modules("reminders")``)."""
    for config in apps.get_app_configs():
        module = sys.modules.get(f"{config.name}.reminders")
        if module is not None:
            yield module


def all_rules() -> list[Rule]:
    rules: list[Rule] = []
    for module in _modules():
        rules.extend(getattr(module, "RULES", []))
    return rules + list(_registered)


def rules_by_name() -> dict[str, Rule]:
    return {rule.name: rule for rule in all_rules()}


def all_kinds(user_roles: set[str] | None = None) -> list[tuple[str, object]]:
    """Every kind of reminder as ``(code, label)``. ``KINDS`` items are ``(kind, roles)``:
    with ``user_roles`` given only the kinds of those roles are listed (administrators see
    all)."""
    kinds: list[tuple[str, object]] = []
    seen = set()
    for module in _modules():
        for kind, for_roles in getattr(module, "KINDS", []):
            if kind in seen:
                continue
            hidden = (
                user_roles is not None
                and "admin" not in user_roles
                and not set(for_roles) & user_roles
            )
            if hidden:
                continue
            seen.add(kind)
            kinds.append((kind.value, kind.label))
    return kinds


# --- Helpers for rules ---------------------------------------------------------------


def offset_occasion(days_left: int, offsets: Iterable[int], prefix: str = "due") -> str | None:
    """The reminder bucket for something due in ``days_left`` days: the smallest offset
    that is at least ``days_left``. With offsets 14, 7, 1 a milestone due in 9 days is
    in the ``due-14`` bucket, in 3 days ``due-7``, today or tomorrow ``due-1``. A scan
    that missed a day still sends the current bucket (once), never an older one."""
    if days_left < 0:
        return None
    for offset in sorted(offsets):
        if days_left <= offset:
            return f"{prefix}-{offset}"
    return None


def overdue_occasion(days_over: int, every_days: int) -> str | None:
    """``overdue-1`` during the first ``every_days`` days after the due date,
    ``overdue-2`` the next period, and so on: one reminder per period until done."""
    if days_over < 1:
        return None
    return f"overdue-{(days_over - 1) // every_days + 1}"


def due_or_overdue_occasion(days_left: int, offsets: Iterable[int], every_days: int) -> str | None:
    """The bucket of something due in ``days_left`` days (negative once it is late):
    :func:`offset_occasion` until the due date, :func:`overdue_occasion` after it."""
    if days_left >= 0:
        return offset_occasion(days_left, offsets)
    return overdue_occasion(-days_left, every_days)


def iso(day: date | datetime | None) -> str:
    return day.isoformat() if day else ""
