"""The discipline register and round configuration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import (
    DisciplineFlag,
    NominationRound,
    ReviewScore,
    RoundForm,
    RubricCriterion,
    normalise_name,
)
from .base import _require

# --- Discipline register -------------------------------------------------------------


@transaction.atomic
def discipline_flag_create(
    *,
    by: User,
    organisation,
    person_name: str,
    date_of_birth,
    reason: str,
    identity_number: str = "",
) -> DisciplineFlag:
    """Add a person (or a whole organisation) to the register. A person is matched later
    by identity number, or by name and date of birth, wherever they work then."""
    _require(by.has_perm("awards.manage_discipline"), _("You may not change the register."))
    _require(bool((reason or "").strip()), _("Give the reason."))
    identity = (identity_number or "").strip()
    _require(
        not identity or (identity.isdigit() and len(identity) == 12),
        _("An identity number has 12 digits."),
    )
    _require(
        not identity or bool((person_name or "").strip()),
        _("An identity number belongs to a person: give their name."),
    )
    return DisciplineFlag.objects.create(
        organisation=organisation,
        person_name=(person_name or "").strip(),
        normalised_name=normalise_name(person_name or ""),
        date_of_birth=date_of_birth,
        identity_number=identity,
        reason=reason.strip(),
        created_by=by,
    )


@transaction.atomic
def discipline_flag_lift(*, by: User, flag: DisciplineFlag) -> None:
    _require(by.has_perm("awards.manage_discipline"), _("You may not change the register."))
    flag.is_active = False
    flag.save(update_fields=["is_active"])


@dataclass(frozen=True)
class RoundRows:
    """One of a round's lists (the forms it offers, its rubric) as edited: the rows to
    save, new or changed, and the rows to delete."""

    save: Sequence[RoundForm] | Sequence[RubricCriterion]
    delete: Sequence[RoundForm] | Sequence[RubricCriterion] = ()


@transaction.atomic
def round_save(
    *, by: User, round_: NominationRound, offered: RoundRows, criteria: RoundRows | None
) -> NominationRound:
    """Save a round with the forms it offers (and their quotas) and its rubric, all at
    once. The rubric is frozen once a review has been scored."""
    _require(by.has_perm("awards.manage_rounds"), _("Only the Association may configure rounds."))
    round_.save()
    _save_rows(round_, offered)
    if criteria is not None:
        _require(
            not ReviewScore.objects.filter(assignment__nomination__round=round_).exists(),
            _("The rubric cannot change once reviews have been scored."),
        )
        _save_rows(round_, criteria)
    return round_


def _save_rows(round_: NominationRound, rows: RoundRows) -> None:
    for row in rows.delete:
        row.delete()
    for row in rows.save:
        row.round = round_
        row.save()
