"""The one way a workflow moves an object from one state to another (pretalx's
``set_submission_state``). Each app declares its allowed moves beside its state enum and
wraps :class:`Workflow` in one ``<entity>_transition`` function; its public services
(``assessment_submit``, ``nomination_approve``, …) check what is theirs to check and call it.

A move locks the row, reads the state under the lock (a stale instance cannot make an
illegal move), refuses an illegal move with a translated message, saves only the state,
the fields the caller changed and the row's ``auto_now`` stamps, records the transition row
and queues the notifications for after the commit: a rolled-back move tells nobody."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.transaction import TransactionManagementError
from django.utils.translation import gettext as _

# state → the states it may move to; the states are an app's TextChoices members
Transitions = Mapping[Any, Iterable[str]]
M = TypeVar("M", bound=models.Model)


def counts_by_state(
    rows: models.QuerySet, parent: str, parents: Iterable[int], state: str = "status"
) -> dict[int, dict[str, int]]:
    """``{parent id: {state: rows}}`` for each of ``parents`` (every one present, empty
    when it has no row): one grouped query over ``rows``, filtered to those parents, by
    their ``parent`` and ``state`` columns. The cycles list and the rounds list count
    their dossiers and nominations with it, over a (parent, state) index (issue 18)."""
    counts: dict[int, dict[str, int]] = {pk: {} for pk in parents}
    grouped = (
        rows.filter(**{f"{parent}__in": list(counts)})
        .order_by()
        .values_list(parent, state)
        .annotate(n=models.Count("*"))
    )
    for parent_id, value, n in grouped:
        counts[parent_id][value] = n
    return counts


def allowed_moves(transitions: Transitions, source: str) -> set[str]:
    """The states ``source`` may move to (none for an unknown or final state)."""
    return set(transitions.get(source, ()))


def may_move(transitions: Transitions, source: str, to: str) -> bool:
    return to in allowed_moves(transitions, source)


@dataclass(frozen=True)
class Workflow:
    """One workflow: its moves, its error, how it records a move and what a refusal says.

    ``record(obj, from_status=…, to_status=…, by=…, comment=…, **extra)`` writes the app's
    transition row. ``refusals`` maps a target state to the message an illegal move to it
    gives (the one the app's users already know), or to a function of the object giving
    it; other targets get a general message."""

    transitions: Transitions
    error: type[ValidationError]
    record: Callable[..., Any]
    state_field: str = "status"
    refusals: Mapping[str, Any] = field(default_factory=dict)

    def allowed(self, source: str) -> set[str]:
        return allowed_moves(self.transitions, source)

    def refusal(self, obj: models.Model, to: str) -> ValidationError:
        message = self.refusals.get(to)
        if callable(message):
            message = message(obj)
        if message is None:
            field_ = obj._meta.get_field(self.state_field)
            labels = dict(field_.flatchoices)  # type: ignore[union-attr]  # a state field, never a relation
            source = getattr(obj, self.state_field)
            message = _("This cannot move from “%(source)s” to “%(to)s”.") % {
                "source": labels.get(source, source),
                "to": labels.get(to, to),
            }
        return self.error(str(message), code="transition")

    def check(self, obj: models.Model, to: str) -> None:
        """Refuse (translated) unless ``obj``'s current state may move to ``to``. Services
        call it first when the state decides before their other checks."""
        if to not in self.allowed(getattr(obj, self.state_field)):
            raise self.refusal(obj, to)

    def move(
        self,
        *,
        obj: M,
        to: str,
        by: Any,
        comment: str = "",
        fields: Iterable[str] = (),
        notify: Callable[[], None] | None = None,
        **extra: Any,
    ) -> M:
        """Move ``obj`` to ``to`` inside the caller's transaction; see the module's doc.
        ``fields`` are the other fields the caller changed on ``obj``; ``extra`` goes to
        the transition row (e.g. ``is_correction``)."""
        if not transaction.get_connection().in_atomic_block:
            # The lock, the save, the record and the caller's other writes stand or fall
            # together; a refusal raised here leaves the caller's transaction usable.
            raise TransactionManagementError("A workflow move runs in the caller's transaction.")
        model = type(obj)
        current = (
            model._default_manager.select_for_update()
            .filter(pk=obj.pk)
            .values_list(self.state_field, flat=True)
            .get()
        )
        setattr(obj, self.state_field, current)
        self.check(obj, to)
        setattr(obj, self.state_field, to)
        stamps = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=list(dict.fromkeys([self.state_field, *fields, *stamps])))
        self.record(obj, from_status=current, to_status=to, by=by, comment=comment, **extra)
        if notify is not None:
            transaction.on_commit(notify)
        return obj
