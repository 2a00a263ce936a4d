"""Writes of the learning-society returns: each in a transaction, after a permission and
state check, raising :class:`SocietyError` (translated) when refused."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import update_change_reason

from accounts.models import AdministrativeArea, User
from learnsociety.concurrency import check_version
from learnsociety.workflow import Workflow

from . import checks, selectors
from .enums import EDITABLE, TRANSITIONS, FormStatus, FromVillages, ReturnStatus
from .models import (
    CollectionRound,
    CommuneReturn,
    ReturnField,
    ReturnForm,
    ReturnRule,
    ReturnTransition,
    ReturnValue,
    Village,
)


class SocietyError(ValidationError):
    """A refused action on a return, form or round, with a translated message."""


def _require(user: User, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise SocietyError(_("You may not do this."), code="permission")


RETURN_WORKFLOW = Workflow(
    transitions=TRANSITIONS,
    error=SocietyError,
    record=lambda ret, **row: ReturnTransition.objects.create(ret=ret, **row),
    refusals={
        ReturnStatus.SUBMITTED: gettext_lazy("Only a draft or returned return can be submitted."),
        ReturnStatus.RETURNED: gettext_lazy("Only a submitted return can be reviewed."),
        ReturnStatus.ACCEPTED: gettext_lazy("Only a submitted return can be reviewed."),
        ReturnStatus.DRAFT: gettext_lazy("Only an accepted return is corrected this way."),
    },
)


def return_transition(
    *,
    obj: CommuneReturn,
    to: str,
    by: User,
    comment: str = "",
    fields: tuple[str, ...] = (),
    correction: bool = False,
) -> CommuneReturn:
    """The one way a commune return changes state: locks it, refuses a move
    ``TRANSITIONS`` does not allow, saves the state and ``fields`` and records a
    :class:`ReturnTransition` (``correction`` when an accepted return is reopened)."""
    return RETURN_WORKFLOW.move(
        obj=obj, to=to, by=by, comment=comment, fields=fields, is_correction=correction
    )


def _locked(ret: CommuneReturn) -> CommuneReturn:
    return (
        CommuneReturn.objects.select_for_update(of=("self",))
        .select_related("round", "area__parent")
        .get(pk=ret.pk)
    )


# --- the secretary ----------------------------------------------------------------------


@transaction.atomic
def return_start(*, by: User, round_: CollectionRound, area: AdministrativeArea) -> CommuneReturn:
    """The commune's draft return for ``round_`` (the existing one if already started)."""
    existing = CommuneReturn.objects.filter(round=round_, area=area).first()
    if existing is not None:
        _require(by, "society.view_return", existing)
        return existing
    probe = CommuneReturn(round=round_, area=area)
    _require(by, "society.change_return", probe)
    if not area.is_valid_on(round_.map_date):
        raise SocietyError(
            _("%(area)s did not exist on %(day)s, the day of this round's map.")
            % {"area": area.name, "day": round_.map_date.strftime("%d/%m/%Y")}
        )
    return CommuneReturn.objects.create(round=round_, area=area, created_by=by)


def _write_values(ret: CommuneReturn, rows: Mapping[tuple[int, int | None], tuple]) -> None:
    """Write ``{(field id, village id): (value, note)}``: only rows that changed are written,
    so the audit trail shows real changes."""
    existing = {(v.field_id, v.village_id): v for v in ReturnValue.objects.filter(ret=ret)}
    for key, (value, note) in rows.items():
        current = existing.get(key)
        if current is None:
            if value is None and not note:
                continue
            ReturnValue.objects.create(
                ret=ret, field_id=key[0], village_id=key[1], value=value, note=note
            )
        elif current.value != value or current.note != note:
            current.value = value
            current.note = note
            current.save(update_fields=["value", "note"])


@transaction.atomic
def return_save(
    *,
    by: User,
    ret: CommuneReturn,
    values: Mapping[str, Decimal | None],
    notes: Mapping[str, str] | None = None,
    village_values: Mapping[tuple[int, str], Decimal | None] | None = None,
    version: str | None = None,
) -> list[checks.Issue]:
    """Save the figures as a draft, whatever rule they break, and return the broken rules.

    With ``village_values`` (``{(village id, village field code): value}``) the return is
    filled by village: the commune fields marked so are computed from the villages."""
    ret = _locked(ret)
    _require(by, "society.change_return", ret)
    if version is not None:
        check_version(ret, version, error=SocietyError)
    if ret.status not in EDITABLE:
        raise SocietyError(
            _("This return is “%(status)s” and cannot be changed.")
            % {"status": ret.get_status_display()}
        )
    notes = dict(notes or {})
    commune = selectors.form_parts(ret.round.commune_form)
    values = dict(values)
    rows: dict = {}
    if village_values is not None:
        village_form = selectors.form_parts(ret.round.village_form)
        if village_form is None:
            raise SocietyError(_("This round has no village form."))
        villages = list(selectors.villages_of(ret.area_id))
        ids = {v.pk for v in villages}
        for (village_id, code), value in village_values.items():
            field = village_form.by_code.get(code)
            if field is None or village_id not in ids:
                raise SocietyError(_("Unknown village or field."))
            rows[(field.pk, village_id)] = (value, "")
        values.update(computed_from_villages(commune.fields, village_values, len(villages)))
    for field in commune.fields:
        rows[(field.pk, None)] = (values.get(field.code), notes.get(field.code, "").strip())
    _write_values(ret, rows)
    if ret.by_village != (village_values is not None):
        ret.by_village = village_values is not None
    ret.save(update_fields=["by_village", "updated"])
    return issues_of(ret)


def computed_from_villages(fields, village_values: Mapping, n_villages: int) -> dict:
    """The commune fields computed from the villages: sums and the number of villages."""
    computed: dict = {}
    for field in fields:
        if field.from_villages == FromVillages.SUM:
            found = [v for (_vid, code), v in village_values.items() if code == field.village_field]
            present = [v for v in found if v is not None]
            computed[field.code] = sum(present, Decimal(0)) if present else None
        elif field.from_villages == FromVillages.COUNT:
            computed[field.code] = Decimal(n_villages)
    return computed


def issues_of(ret: CommuneReturn) -> list[checks.Issue]:
    """The broken rules of a return as saved (the commune's and, when filled by village,
    each village's)."""
    commune = selectors.form_parts(ret.round.commune_form)
    stored = selectors.values_of(ret)
    issues = checks.check(
        commune.fields,
        commune.rules,
        stored.values,
        notes=stored.notes,
        previous=selectors.previous_values(ret),
    )
    if ret.by_village and ret.round.village_form is not None:
        village_form = selectors.form_parts(ret.round.village_form)
        per_village: dict = {}
        for (village_id, code), value in stored.villages.items():
            per_village.setdefault(village_id, {})[code] = value
        for village in selectors.villages_of(ret.area_id):
            issues.extend(
                checks.check(
                    village_form.fields,
                    village_form.rules,
                    per_village.get(village.pk, {}),
                    village_id=village.pk,
                    with_jumps=False,
                )
            )
    return issues


@transaction.atomic
def return_submit(*, by: User, ret: CommuneReturn) -> CommuneReturn:
    ret = _locked(ret)
    _require(by, "society.change_return", ret)
    RETURN_WORKFLOW.check(ret, ReturnStatus.SUBMITTED)
    problems = checks.blocking(issues_of(ret))
    if problems:
        raise SocietyError(
            _(
                "The return cannot be submitted: fix the errors and explain the warnings "
                "(%(count)s left), then submit again."
            )
            % {"count": len(problems)},
            code="invalid",
        )
    ret.submitted_at = timezone.now()
    return return_transition(obj=ret, to=ReturnStatus.SUBMITTED, by=by, fields=("submitted_at",))


@transaction.atomic
def return_reopen(*, by: User, ret: CommuneReturn, reason: str) -> CommuneReturn:
    """Open an accepted return for a correction: a written reason is required and the
    return must be submitted and accepted again (it leaves the roll-up meanwhile)."""
    ret = _locked(ret)
    if not (by.has_perm("society.change_return", ret) or by.has_perm("society.review_return", ret)):
        raise SocietyError(_("You may not do this."), code="permission")
    RETURN_WORKFLOW.check(ret, ReturnStatus.DRAFT)
    if not reason.strip():
        raise SocietyError({"reason": _("Explain why the accepted return is being corrected.")})
    return_transition(
        obj=ret, to=ReturnStatus.DRAFT, by=by, comment=reason.strip(), correction=True
    )
    update_change_reason(ret, reason.strip()[:100])
    return ret


# --- the officer ------------------------------------------------------------------------


@transaction.atomic
def return_review(
    *,
    by: User,
    ret: CommuneReturn,
    accept: bool,
    comment: str = "",
    field_comments: Mapping[str, str] | None = None,
) -> CommuneReturn:
    """Accept a submitted return (it is then locked) or return it with a comment per field
    and/or an overall comment (at least one is required)."""
    ret = _locked(ret)
    _require(by, "society.review_return", ret)
    RETURN_WORKFLOW.check(ret, ReturnStatus.ACCEPTED)
    field_comments = {k: v.strip() for k, v in (field_comments or {}).items()}
    if not accept and not comment.strip() and not any(field_comments.values()):
        raise SocietyError(
            {"comment": _("Say what needs to be corrected (overall or at a field).")}
        )
    rows = {v.field_id: v for v in ReturnValue.objects.filter(ret=ret, village__isnull=True)}
    for field in ReturnField.objects.filter(form_id=ret.round.commune_form_id):
        wanted = "" if accept else field_comments.get(field.code, "")
        row = rows.get(field.pk)
        if row is None:
            if wanted:
                ReturnValue.objects.create(ret=ret, field=field, review_comment=wanted)
        elif row.review_comment != wanted:
            row.review_comment = wanted
            row.save(update_fields=["review_comment"])
    ret.reviewed_by = by
    ret.reviewed_at = timezone.now()
    ret.review_comment = comment.strip()
    return return_transition(
        obj=ret,
        to=ReturnStatus.ACCEPTED if accept else ReturnStatus.RETURNED,
        by=by,
        comment=comment.strip(),
        fields=("reviewed_by", "reviewed_at", "review_comment"),
    )


# --- villages, forms and rounds -----------------------------------------------------------


@transaction.atomic
def village_add(*, by: User, area: AdministrativeArea, name: str, kind: str) -> Village:
    probe = CommuneReturn(area=area)
    _require(by, "society.change_return", probe)
    name = " ".join(name.split())
    if not name:
        raise SocietyError({"name": _("Enter the village's name.")})
    if Village.objects.filter(commune=area, name__iexact=name).exists():
        raise SocietyError({"name": _("This commune already has a village of that name.")})
    return Village.objects.create(commune=area, name=name, kind=kind)


@transaction.atomic
def form_copy(*, by: User, form: ReturnForm, year_from: int) -> ReturnForm:
    """A new draft version of ``form`` for ``year_from``, with its fields and rules."""
    _require(by, "society.manage_forms")
    latest = ReturnForm.objects.filter(code=form.code).latest("version")
    copy = ReturnForm.objects.create(
        code=form.code,
        version=latest.version + 1,
        name=form.name,
        level=form.level,
        year_from=year_from,
        notes=form.notes,
    )
    mapping = {}
    for field in form.fields.order_by("order", "id"):
        old = field.pk
        field.pk = None
        field.id = None
        field.form = copy
        field.save()
        mapping[old] = field
    for rule in form.rules.order_by("id"):
        rule.pk = None
        rule.id = None
        rule.form = copy
        rule.field = mapping[rule.field_id]
        rule.other = mapping.get(rule.other_id) if rule.other_id else None
        rule.save()
    return copy


@transaction.atomic
def form_publish(*, by: User, form: ReturnForm) -> ReturnForm:
    _require(by, "society.manage_forms")
    form = ReturnForm.objects.select_for_update().get(pk=form.pk)
    if form.status == FormStatus.PUBLISHED:
        raise SocietyError(_("This version is already in use."))
    if not form.fields.exists():
        raise SocietyError(_("A form needs at least one field."))
    form.status = FormStatus.PUBLISHED
    form.save(update_fields=["status"])
    return form


def form_check_editable(form: ReturnForm) -> None:
    if form.is_locked:
        raise SocietyError(_("This version is in use and locked: make a new version to change it."))


@transaction.atomic
def field_save(*, by: User, field: ReturnField) -> ReturnField:
    _require(by, "society.manage_forms")
    form_check_editable(field.form)
    field.full_clean()
    field.save()
    return field


@transaction.atomic
def rule_save(*, by: User, rule: ReturnRule) -> ReturnRule:
    _require(by, "society.manage_forms")
    form_check_editable(rule.form)
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def round_save(*, by: User, round_: CollectionRound) -> CollectionRound:
    _require(by, "society.manage_forms")
    for form in (round_.commune_form, round_.village_form):
        if form is not None and form.status != FormStatus.PUBLISHED:
            raise SocietyError(_("A round uses only forms in use (published)."))
    round_.full_clean()
    round_.save()
    return round_
