"""Criteria frameworks edited in the app by department staff: create, copy, edit a draft
version (settings, levels or grades, groups, criteria with their requirements), check it,
preview it and publish it. A published framework is locked: changes need a new version.

Every write is keyword-only, atomic, and checks the permission and the draft state first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from learnsociety.concurrency import check_version

from .enums import CriterionKind, EducationLevel, FrameworkKind, FrameworkStatus
from .models import Criterion, CriterionGroup, CriterionRequirement, Framework, FrameworkOutcome
from .selectors import framework_with_structure
from .services import UnitsError

# The framework's fields its editor writes from FrameworkData (the code is given apart).
FRAMEWORK_FIELDS = (
    "name_vi",
    "name_en",
    "kind",
    "legal_basis",
    "valid_from",
    "valid_to",
    "tiers",
    "education_levels",
    "max_points",
)

# --- Checks -----------------------------------------------------------------------------


def _check_manager(by: User) -> None:
    if not by.has_perm("units.manage"):
        raise UnitsError(_("Only department staff can manage criteria frameworks."))


def _locked_draft(framework: Framework, by: User) -> Framework:
    """The framework row, locked, if it is still a draft the user may edit."""
    _check_manager(by)
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.status != FrameworkStatus.DRAFT:
        raise UnitsError(
            _("This framework is published and locked. Copy it to a new version to make changes.")
        )
    return framework


def framework_points_total(framework: Framework) -> Decimal:
    return sum(
        (c.max_points or Decimal(0) for g in framework.groups.all() for c in g.criteria.all()),
        Decimal(0),
    )


def _number(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def framework_problems(framework: Framework) -> list[str]:
    """What stops a draft from being published, one translated sentence each (empty when it
    can be published). ``framework`` comes from ``framework_with_structure``."""
    problems: list[str] = []
    outcomes = sorted(framework.outcomes.all(), key=lambda o: o.rank)
    groups = list(framework.groups.all())
    # a stable order (code breaks ties) so the messages read the same on every database
    criteria = [
        c for g in groups for c in sorted(g.criteria.all(), key=lambda c: (c.order, c.code))
    ]
    if not framework.education_levels:
        problems.append(_("Choose the kinds of institution these criteria assess."))
    if not framework.tiers:
        problems.append(_("Choose the tiers that use these criteria."))
    if not outcomes:
        problems.append(_("Add at least one level or grade."))
    ranks = [o.rank for o in outcomes]
    if len(set(ranks)) != len(ranks):
        problems.append(_("Two levels or grades have the same rank: each needs its own."))
    if not criteria:
        problems.append(_("Add at least one criterion."))
    for group in groups:
        if not list(group.criteria.all()):
            problems.append(
                _("Group %(number)s has no criteria: add some or delete it.")
                % {"number": group.number}
            )
    codes = [c.code for c in criteria]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        problems.append(
            _("Criterion codes must be unique: %(codes)s.") % {"codes": ", ".join(duplicates)}
        )
    if framework.kind == FrameworkKind.POINTS:
        problems += _points_problems(framework, outcomes, criteria)
    else:
        problems += _threshold_problems(outcomes, criteria)
    return problems


def _points_problems(framework, outcomes, criteria) -> list[str]:
    problems = []
    wrong = [c.code for c in criteria if c.kind != CriterionKind.POINTS]
    if wrong:
        problems.append(
            _(
                "A points framework grades from the total of points: these criteria must be "
                "points criteria: %(codes)s."
            )
            % {"codes": ", ".join(wrong)}
        )
    no_max = [c.code for c in criteria if c.kind == CriterionKind.POINTS and not c.max_points]
    if no_max:
        problems.append(
            _("These criteria need a maximum of points: %(codes)s.") % {"codes": ", ".join(no_max)}
        )
    total = framework_points_total(framework)
    if framework.max_points is None:
        problems.append(_("Give the framework's maximum points."))
    elif total != framework.max_points:
        problems.append(
            _(
                "The criteria's points add up to %(total)s, not to the framework's maximum "
                "of %(max)s."
            )
            % {"total": _number(total), "max": _number(framework.max_points)}
        )
    previous = None
    for outcome in outcomes:
        if outcome.min_points is None:
            problems.append(
                _("Grade %(name)s needs its lowest number of points.") % {"name": outcome.name}
            )
            continue
        if outcome.min_points < 0 or (
            framework.max_points is not None and outcome.min_points > framework.max_points
        ):
            problems.append(
                _("Grade %(name)s starts at %(points)s points, outside 0–%(max)s.")
                % {
                    "name": outcome.name,
                    "points": _number(outcome.min_points),
                    "max": _number(framework.max_points),
                }
            )
        if (
            previous is not None
            and previous.min_points is not None
            and outcome.min_points <= previous.min_points
        ):
            problems.append(
                _(
                    "Grades must need more points as they rise: %(higher)s starts at "
                    "%(hp)s points, %(lower)s at %(lp)s."
                )
                % {
                    "higher": outcome.name,
                    "hp": _number(outcome.min_points),
                    "lower": previous.name,
                    "lp": _number(previous.min_points),
                }
            )
        previous = outcome
    return problems


def _stricter_below(criterion, below, requirement) -> bool:
    """Whether a percentage criterion asks less of a higher level than of the one below."""
    return (
        criterion.kind == CriterionKind.THRESHOLD
        and below.min_percent is not None
        and requirement.min_percent is not None
        and requirement.min_percent < below.min_percent
    )


def _cumulative_problems(criterion, requirements: dict, outcomes) -> list[str]:
    """Levels are cumulative: what a level requires, every higher level requires too, at
    least as strictly."""
    problems = []
    below = None
    for outcome in outcomes:
        requirement = requirements.get(outcome.id)
        if below is not None and requirement is None:
            problems.append(
                _(
                    "Levels are cumulative: criterion %(code)s is required for %(lower)s, "
                    "so it must be required for %(higher)s too."
                )
                % {"code": criterion.code, "lower": below.outcome.name, "higher": outcome.name}
            )
            continue
        if (
            below is not None
            and requirement is not None
            and _stricter_below(criterion, below, requirement)
        ):
            problems.append(
                _(
                    "Levels are cumulative: criterion %(code)s asks %(higher_pct)s%% for "
                    "%(higher)s, less than the %(lower_pct)s%% of %(lower)s."
                )
                % {
                    "code": criterion.code,
                    "higher": outcome.name,
                    "higher_pct": _number(requirement.min_percent),
                    "lower": below.outcome.name,
                    "lower_pct": _number(below.min_percent),
                }
            )
        if requirement is not None:
            below = requirement
    return problems


def _threshold_problems(outcomes, criteria) -> list[str]:
    problems = []
    wrong = [c.code for c in criteria if c.kind == CriterionKind.POINTS]
    if wrong:
        problems.append(
            _(
                "A levels framework checks targets, not points: these criteria must be "
                "percentage or yes/no criteria: %(codes)s."
            )
            % {"codes": ", ".join(wrong)}
        )
    by_outcome = defaultdict(list)
    for criterion in criteria:
        requirements = {r.outcome_id: r for r in criterion.requirements.all()}
        for requirement in requirements.values():
            by_outcome[requirement.outcome_id].append(criterion)
            if criterion.kind == CriterionKind.THRESHOLD and (
                requirement.min_percent is None
                or not Decimal(0) <= requirement.min_percent <= Decimal(100)
            ):
                problems.append(
                    _("Criterion %(code)s needs a percentage from 0 to 100 for %(level)s.")
                    % {"code": criterion.code, "level": requirement.outcome.name}
                )
        problems.extend(_cumulative_problems(criterion, requirements, outcomes))
    if outcomes and not by_outcome.get(outcomes[0].id):
        problems.append(
            _("The lowest level, %(name)s, requires no criterion: every school would reach it.")
            % {"name": outcomes[0].name}
        )
    return problems


# --- Writes -----------------------------------------------------------------------------


@dataclass
class FrameworkData:
    name_vi: str
    name_en: str = ""
    kind: str = FrameworkKind.THRESHOLD
    legal_basis: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    tiers: list[str] = field(default_factory=list)
    education_levels: list[str] = field(default_factory=list)
    max_points: Decimal | None = None


def _apply(framework: Framework, data: FrameworkData) -> None:
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        raise UnitsError(_("The end of validity cannot come before its start."))
    unknown = set(data.education_levels) - set(EducationLevel.values)
    if unknown:
        raise UnitsError(_("Unknown kind of institution: %(k)s.") % {"k": ", ".join(unknown)})
    for name in FRAMEWORK_FIELDS:
        setattr(framework, name, getattr(data, name))
    if framework.kind != FrameworkKind.POINTS:
        framework.max_points = None


@transaction.atomic
def framework_create(*, by: User, code: str, data: FrameworkData) -> Framework:
    """A new framework, version 1, as a draft."""
    _check_manager(by)
    code = code.strip()
    if Framework.objects.filter(code__iexact=code).exists():
        raise UnitsError(
            _("A framework with the code %(code)s exists already: copy it to make a new version.")
            % {"code": code}
        )
    framework = Framework(code=code, version=1, status=FrameworkStatus.DRAFT)
    _apply(framework, data)
    framework.save()
    return framework


@transaction.atomic
def framework_update(
    *, framework: Framework, by: User, data: FrameworkData, version: str | None = None
) -> Framework:

    framework = _locked_draft(framework, by)
    if version is not None:
        check_version(framework, version, error=UnitsError)
    _apply(framework, data)
    framework.save()
    return framework


@transaction.atomic
def framework_copy(*, framework: Framework, by: User) -> Framework:
    """A new draft version of a framework with the same structure (published frameworks
    cannot change)."""
    _check_manager(by)
    source = framework_with_structure(framework.pk)
    last = Framework.objects.filter(code=source.code).order_by("-version").first()
    copy = Framework.objects.create(
        code=source.code,
        version=(last.version if last is not None else 0) + 1,  # last: at least the source
        kind=source.kind,
        name_vi=source.name_vi,
        name_en=source.name_en,
        legal_basis=source.legal_basis,
        valid_from=source.valid_from,
        valid_to=source.valid_to,
        tiers=source.tiers,
        education_levels=source.education_levels,
        max_points=source.max_points,
        status=FrameworkStatus.DRAFT,
    )
    outcome_map = {}
    for outcome in source.outcomes.all():
        outcome_map[outcome.pk] = FrameworkOutcome.objects.create(
            framework=copy,
            code=outcome.code,
            rank=outcome.rank,
            name_vi=outcome.name_vi,
            name_en=outcome.name_en,
            min_points=outcome.min_points,
        )
    for group in source.groups.all():
        new_group = CriterionGroup.objects.create(
            framework=copy, number=group.number, name_vi=group.name_vi, name_en=group.name_en
        )
        for criterion in group.criteria.all():
            new_criterion = Criterion.objects.create(
                group=new_group,
                code=criterion.code,
                order=criterion.order,
                kind=criterion.kind,
                name_vi=criterion.name_vi,
                name_en=criterion.name_en,
                max_points=criterion.max_points,
                denominator_source=criterion.denominator_source,
                applies_to_levels=criterion.applies_to_levels,
                is_required=criterion.is_required,
            )
            for requirement in criterion.requirements.all():
                CriterionRequirement.objects.create(
                    criterion=new_criterion,
                    outcome=outcome_map[requirement.outcome_id],
                    min_percent=requirement.min_percent,
                )
    return copy


@transaction.atomic
def framework_delete(*, framework: Framework, by: User) -> None:
    """Discard a draft nobody has used."""
    framework = _locked_draft(framework, by)
    if framework.cycles.exists():
        raise UnitsError(_("A cycle uses this framework: it cannot be deleted."))
    framework.delete()


@dataclass
class OutcomeRow:
    id: int | None
    code: str
    name_vi: str
    name_en: str
    rank: int
    min_points: Decimal | None = None
    delete: bool = False


@transaction.atomic
def framework_save_outcomes(*, framework: Framework, by: User, rows: list[OutcomeRow]) -> None:
    """Add, change and delete the levels (or grades) of a draft in one step."""
    framework = _locked_draft(framework, by)
    existing = {o.pk: o for o in framework.outcomes.all()}
    if any(row.id is not None and row.id not in existing for row in rows):
        raise UnitsError(_("A level of another framework cannot be changed here."))
    kept = [row for row in rows if not row.delete]
    codes = [row.code.strip() for row in kept]
    if len(set(codes)) != len(codes):
        raise UnitsError(_("Each level or grade needs its own code."))
    ranks = [row.rank for row in kept]
    if len(set(ranks)) != len(ranks):
        raise UnitsError(_("Each level or grade needs its own rank."))
    for row in rows:
        if row.delete and row.id is not None:
            existing[row.id].delete()
    # Codes are unique per framework: clear the kept rows' codes first so that two levels
    # can swap codes in one step.
    for row in kept:
        if row.id is not None:
            FrameworkOutcome.objects.filter(pk=row.id).update(code=f"~{row.id}")
    for row in kept:
        outcome = existing.get(row.id) if row.id is not None else None
        outcome = outcome or FrameworkOutcome(framework=framework)
        outcome.code = row.code.strip()
        outcome.name_vi = row.name_vi
        outcome.name_en = row.name_en
        outcome.rank = row.rank
        outcome.min_points = row.min_points if framework.kind == FrameworkKind.POINTS else None
        outcome.save()


@dataclass
class GroupRow:
    id: int | None
    number: int
    name_vi: str
    name_en: str
    delete: bool = False


@transaction.atomic
def framework_save_groups(*, framework: Framework, by: User, rows: list[GroupRow]) -> None:
    """Add, change and delete the criterion groups of a draft in one step. A group that
    still has criteria is not deleted."""
    framework = _locked_draft(framework, by)
    existing = {g.pk: g for g in framework.groups.all()}
    if any(row.id is not None and row.id not in existing for row in rows):
        raise UnitsError(_("A group of another framework cannot be changed here."))
    numbers = [row.number for row in rows if not row.delete]
    if len(set(numbers)) != len(numbers):
        raise UnitsError(_("Each group needs its own number."))
    for row in rows:
        group = existing.get(row.id) if row.id is not None else None
        if row.delete:
            if group is not None and group.criteria.exists():
                raise UnitsError(
                    _("Group %(number)s still has criteria: delete or move them first.")
                    % {"number": group.number}
                )
            if group is not None:
                group.delete()
            continue
        group = group or CriterionGroup(framework=framework)
        group.number = row.number
        group.name_vi = row.name_vi
        group.name_en = row.name_en
        group.save()


@dataclass
class CriterionData:
    group_id: int
    code: str
    name_vi: str
    name_en: str = ""
    kind: str = CriterionKind.YES_NO
    order: int = 0
    max_points: Decimal | None = None
    denominator_source: str = ""
    applies_to_levels: list[str] = field(default_factory=list)
    is_required: bool = True
    # outcome id -> required percentage (threshold) or None (yes/no: "yes" needed); an
    # outcome left out does not require this criterion
    requirements: dict[int, Decimal | None] = field(default_factory=dict)


def _check_criterion(framework, data: CriterionData, criterion, code: str) -> None:
    """Refuse a criterion that is not this framework's, in another framework's group, with
    a code already taken, or whose points or percentages cannot work."""
    if criterion is not None and criterion.group.framework_id != framework.pk:
        raise UnitsError(_("This criterion belongs to another framework."))
    if not CriterionGroup.objects.filter(pk=data.group_id, framework=framework).exists():
        raise UnitsError(_("Choose a group of this framework."))
    clash = Criterion.objects.filter(group__framework=framework, code=code)
    if criterion is not None:
        clash = clash.exclude(pk=criterion.pk)
    if clash.exists():
        raise UnitsError(_("Another criterion already has the code %(code)s.") % {"code": code})
    outcomes = {o.pk: o for o in framework.outcomes.all()}
    if set(data.requirements) - set(outcomes):
        raise UnitsError(_("Choose levels of this framework."))
    problems = []
    if data.kind == CriterionKind.POINTS and (data.max_points is None or data.max_points <= 0):
        problems.append(_("A points criterion needs a maximum of points above zero."))
    if data.kind == CriterionKind.THRESHOLD:
        problems.extend(
            _("The percentage for %(level)s must be from 0 to 100.")
            % {"level": outcomes[outcome_id].name}
            for outcome_id, pct in data.requirements.items()
            if pct is None or not Decimal(0) <= pct <= Decimal(100)
        )
    if problems:
        raise UnitsError(problems)


@transaction.atomic
def criterion_save(
    *, framework: Framework, by: User, data: CriterionData, criterion: Criterion | None = None
) -> Criterion:
    """Create or change one criterion of a draft, with what each level requires of it."""
    framework = _locked_draft(framework, by)
    code = data.code.strip()
    _check_criterion(framework, data, criterion, code)
    criterion = criterion or Criterion()
    criterion.group_id = data.group_id
    criterion.code = code
    criterion.order = data.order
    criterion.name_vi = data.name_vi
    criterion.name_en = data.name_en
    criterion.kind = data.kind
    criterion.max_points = data.max_points if data.kind == CriterionKind.POINTS else None
    criterion.denominator_source = (
        data.denominator_source if data.kind == CriterionKind.THRESHOLD else ""
    )
    criterion.applies_to_levels = list(data.applies_to_levels)
    criterion.is_required = data.is_required
    criterion.save()
    criterion.requirements.all().delete()
    if framework.kind == FrameworkKind.THRESHOLD:
        CriterionRequirement.objects.bulk_create(
            CriterionRequirement(
                criterion=criterion,
                outcome_id=outcome_id,
                min_percent=pct if data.kind == CriterionKind.THRESHOLD else None,
            )
            for outcome_id, pct in data.requirements.items()
        )
    return criterion


@transaction.atomic
def criterion_delete(*, framework: Framework, by: User, criterion: Criterion) -> None:
    framework = _locked_draft(framework, by)
    if criterion.group.framework_id != framework.pk:
        raise UnitsError(_("This criterion belongs to another framework."))
    criterion.delete()


@transaction.atomic
def framework_publish(*, framework: Framework, by: User) -> Framework:
    """Check a draft and publish it: from now on cycles can use it and nobody can change
    it."""
    locked = _locked_draft(framework, by)
    problems = framework_problems(framework_with_structure(locked.pk))
    if problems:
        raise UnitsError(problems)
    locked.status = FrameworkStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = by
    locked.save(update_fields=["status", "published_at", "published_by"])
    return locked
