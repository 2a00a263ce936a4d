"""Writes for the programme: every change goes through one of these functions, inside a
transaction, after a permission and state check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import update_change_reason

from accounts.enums import Role
from accounts.models import User
from accounts.roles import has_role
from learnsociety.concurrency import check_version
from learnsociety.workflow import Workflow
from notifications.services import notifications_after_commit

from .enums import (
    FINAL_YEAR,
    MID_TERM_YEAR,
    REPORT_EDITABLE,
    REPORT_TRANSITIONS,
    Party,
    PeriodKind,
    ReportStatus,
    Source,
    Unit,
)
from .models import (
    YEARS,
    Commitment,
    EvidenceFile,
    Indicator,
    IndicatorValue,
    LearningCityFeature,
    Milestone,
    Programme,
    ProgressReport,
    ReportTransition,
)
from .rules import editable_parties, parties_of

TARGET_FIELDS = [f"target_{year}" for year in YEARS] + ["target_mid_term", "target_final"]


class ProgrammeError(ValidationError):
    """A refused programme action, with a translated message (and field errors when the
    problem belongs to one field)."""


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise ProgrammeError(_("You may not do this."), code="permission")


# --- validation shared by forms and services --------------------------------------------


def value_range_error(unit: str, value: Decimal | None) -> str | None:
    """The message for a value outside the unit's range, or None."""
    if value is None:
        return None
    if value < 0:
        return _("The value cannot be negative.")
    if unit == Unit.PERCENTAGE and value > 100:
        return _("A percentage cannot be above 100.")
    if unit == Unit.YES_NO and value not in (0, 1):
        return _("Use 1 for yes and 0 for no.")
    if unit == Unit.NUMBER and value != value.to_integral_value():
        return _("A count must be a whole number.")
    return None


def indicator_errors(indicator: Indicator) -> dict[str, str]:
    errors = {}
    for name in [*TARGET_FIELDS, "baseline_value"]:
        message = value_range_error(indicator.unit, getattr(indicator, name))
        if message:
            errors[name] = message
    if indicator.source == Source.COMPUTED and not indicator.computed_source:
        errors["computed_source"] = _("Choose what the indicator is computed from.")
    if indicator.source == Source.MANUAL and indicator.computed_source:
        errors["computed_source"] = _("A manually reported indicator has no computed source.")
    programme = indicator.commitment.programme
    if indicator.baseline_year and not (
        programme.start_year - 10 <= indicator.baseline_year <= programme.end_year
    ):
        errors["baseline_year"] = _("The baseline year must be between %(start)s and %(end)s.") % {
            "start": programme.start_year - 10,
            "end": programme.end_year,
        }
    return errors


def milestone_errors(milestone: Milestone) -> dict[str, str]:
    errors = {}
    programme = milestone.commitment.programme
    period = {
        "start": programme.period_start.strftime("%d/%m/%Y"),
        "end": programme.period_end.strftime("%d/%m/%Y"),
    }
    if milestone.due_date and not (
        programme.period_start <= milestone.due_date <= programme.period_end
    ):
        errors["due_date"] = (
            _("The due date must fall within the programme period (%(start)s–%(end)s).") % period
        )
    if milestone.status == "done" and not milestone.done_on:
        errors["done_on"] = _("Give the date the milestone was done.")
    if milestone.done_on and milestone.status != "done":
        errors["done_on"] = _("Only a milestone that is done has a done date.")
    if milestone.done_on and milestone.done_on > timezone.localdate():
        errors["done_on"] = _("The done date cannot be in the future.")
    return errors


def report_period_errors(
    *, commitment: Commitment, period: str, year: int, exclude_pk=None
) -> dict:
    errors = {}
    programme = commitment.programme
    if not programme.start_year <= year <= programme.end_year:
        errors["year"] = _("The year must be within the programme period (%(start)s–%(end)s).") % {
            "start": programme.start_year,
            "end": programme.end_year,
        }
    if period == PeriodKind.MID_TERM and year != MID_TERM_YEAR:
        errors["year"] = _("The mid-term review is in %(year)s.") % {"year": MID_TERM_YEAR}
    if period == PeriodKind.FINAL and year != FINAL_YEAR:
        errors["year"] = _("The final review is in %(year)s.") % {"year": FINAL_YEAR}
    existing = (
        ProgressReport.objects.filter(commitment=commitment, period=period, year=year)
        .exclude(pk=exclude_pk)
        .first()
    )
    if existing is not None:
        if existing.status == ReportStatus.ACCEPTED:
            errors["period"] = _(
                "The report for this period has already been accepted; ask for a correction instead."
            )
        else:
            errors["period"] = _("A report for this period already exists; edit that one.")
    return errors


def _raise_if(errors: dict) -> None:
    if errors:
        raise ProgrammeError(errors)


# --- commitments, indicators, milestones, features ---------------------------------------


@transaction.atomic
def commitment_save(
    *,
    by: User,
    commitment: Commitment,
    partners=None,
    responsible=None,
    version: str | None = None,
) -> Commitment:
    """Create or update a commitment; the user must be able to edit one led by its party.
    ``version`` (from the edit form) is checked again on the locked row."""
    if commitment.pk:
        before = Commitment.objects.select_for_update().get(pk=commitment.pk)
        _require(by, "programme.change_commitment", before)
        if version is not None:
            check_version(before, version, error=ProgrammeError)
    else:
        _require(by, "programme.add_commitment")
    if commitment.lead_party not in editable_parties(by):
        raise ProgrammeError(
            {"lead_party": _("You can only lead commitments for your own party or jointly.")}
        )
    # Moving a joint commitment to one party shuts the other out of it.
    moves_joint = (
        commitment.pk is not None
        and before.lead_party == Party.JOINT
        and commitment.lead_party != Party.JOINT
    )
    if moves_joint and not (
        has_role(by, Role.DEPARTMENT_STAFF) or has_role(by, Role.ADMINISTRATOR)
    ):
        raise ProgrammeError(
            {
                "lead_party": _(
                    "Only the Department's staff or an administrator can change who "
                    "leads a joint commitment."
                )
            }
        )
    commitment.full_clean(exclude=["partners", "responsible"])
    commitment.save()
    if partners is not None:
        commitment.partners.set(partners)
    if responsible is not None:
        commitment.responsible.set(responsible)
    return commitment


def _check_locked_version(obj, version: str | None) -> None:
    """The edit form's version, checked again on the row locked for the write (the form
    checked it when it was posted; this closes the window until the save)."""
    if version is None or not obj.pk:
        return
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    check_version(locked, version, error=ProgrammeError)


@transaction.atomic
def indicator_save(*, by: User, indicator: Indicator, version: str | None = None) -> Indicator:
    _require(by, "programme.change_commitment", indicator.commitment)
    _check_locked_version(indicator, version)
    if indicator.source == Source.MANUAL:
        indicator.computed_source = ""
    _raise_if(indicator_errors(indicator))
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def milestone_save(*, by: User, milestone: Milestone, version: str | None = None) -> Milestone:
    _require(by, "programme.change_commitment", milestone.commitment)
    _check_locked_version(milestone, version)
    _raise_if(milestone_errors(milestone))
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def feature_save(*, by: User, feature: LearningCityFeature) -> LearningCityFeature:
    _require(by, "programme.change_commitment", feature.commitment)
    feature.full_clean()
    feature.save()
    return feature


# --- progress reports -------------------------------------------------------------------


@dataclass
class ValueInput:
    """One manual indicator's reported value, with the evidence that supports it: files
    already attached to the report and new uploads (which join the report's evidence)."""

    indicator: Indicator
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    evidence: list = field(default_factory=list)
    new_files: list = field(default_factory=list)


def _author_party(by: User, commitment: Commitment) -> str:
    mine = parties_of(by)
    if commitment.lead_party in mine:
        return commitment.lead_party
    if len(mine) == 1:
        return next(iter(mine))
    # administrators and people of both parties write in the lead party's name
    return commitment.lead_party if commitment.lead_party != Party.JOINT else Party.DOET


def _store_values(
    *, report: ProgressReport, by: User, values: list[ValueInput], files: list
) -> None:
    for upload in files:
        EvidenceFile.objects.create(
            report=report, file=upload, title=upload.name[:200], uploaded_by=by
        )
    for item in values:
        if item.value is None:
            IndicatorValue.objects.filter(report=report, indicator=item.indicator).delete()
            continue
        row, _created = IndicatorValue.objects.update_or_create(
            report=report,
            indicator=item.indicator,
            defaults={
                "value": item.value,
                "numerator": item.numerator,
                "denominator": item.denominator,
            },
        )
        evidence = [e for e in item.evidence if e.report_id == report.pk]
        for upload in item.new_files:
            evidence.append(
                EvidenceFile.objects.create(
                    report=report, file=upload, title=upload.name[:200], uploaded_by=by
                )
            )
        row.evidence.set(evidence)


def _check_values(values: list[ValueInput], commitment: Commitment) -> None:
    errors = {}
    for item in values:
        if item.indicator.commitment_id != commitment.pk or item.indicator.is_computed:
            raise ProgrammeError(
                _("Only this commitment's manual indicators take reported values.")
            )
        message = value_range_error(item.indicator.unit, item.value)
        if message:
            errors[f"value_{item.indicator.pk}"] = message
    _raise_if(errors)


REPORT_WORKFLOW = Workflow(
    transitions=REPORT_TRANSITIONS,
    error=ProgrammeError,
    record=lambda report, **row: ReportTransition.objects.create(report=report, **row),
    refusals={
        ReportStatus.SUBMITTED: gettext_lazy("Only a draft or returned report can be submitted."),
        ReportStatus.RETURNED: gettext_lazy("Only a submitted report can be reviewed."),
        ReportStatus.ACCEPTED: gettext_lazy("Only a submitted report can be reviewed."),
    },
)


def report_transition(
    *,
    obj: ProgressReport,
    to: str,
    by: User,
    comment: str = "",
    fields: tuple[str, ...] = (),
    notify=None,
    correction: bool = False,
) -> ProgressReport:
    """The one way a progress report changes state: locks it, refuses a move
    ``REPORT_TRANSITIONS`` does not allow, saves the state and ``fields``, records a
    :class:`ReportTransition` (``correction`` when an accepted report is corrected) and
    sends ``notify`` after the commit."""
    return REPORT_WORKFLOW.move(
        obj=obj,
        to=to,
        by=by,
        comment=comment,
        fields=fields,
        notify=notify,
        is_correction=correction,
    )


@transaction.atomic
def report_create(
    *,
    by: User,
    commitment: Commitment,
    period: str,
    year: int,
    narrative: str,
    values: Sequence[ValueInput] = (),
    files: Sequence = (),
) -> ProgressReport:
    """A draft progress report for one commitment and period, with its values and files."""
    _require(by, "programme.change_report", commitment)
    _raise_if(report_period_errors(commitment=commitment, period=period, year=year))
    _check_values(list(values), commitment)
    report = ProgressReport.objects.create(
        commitment=commitment,
        period=period,
        year=year,
        narrative=narrative,
        author_party=_author_party(by, commitment),
        created_by=by,
    )
    report.editors.add(by)
    _store_values(report=report, by=by, values=list(values), files=list(files))
    return report


@transaction.atomic
def report_update(
    *,
    by: User,
    report: ProgressReport,
    narrative: str,
    values: Sequence[ValueInput] = (),
    files: Sequence = (),
    reason: str = "",
    version: str | None = None,
) -> ProgressReport:
    """Edit a draft or returned report. An accepted report can only be corrected with a
    written reason, which is kept in its history, and the correction sends it back for
    acceptance."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _require(by, "programme.change_report", report.commitment)
    if version is not None:
        check_version(report, version, error=ProgrammeError)
    correction = report.status == ReportStatus.ACCEPTED
    if report.status == ReportStatus.SUBMITTED:
        raise ProgrammeError(_("A submitted report is waiting for review and cannot be edited."))
    if correction and not reason.strip():
        raise ProgrammeError({"reason": _("Explain why an accepted report is being corrected.")})
    _check_values(list(values), report.commitment)
    report.narrative = narrative
    report.save(update_fields=["narrative"])
    report.editors.add(by)
    _store_values(report=report, by=by, values=list(values), files=list(files))
    if correction:
        # A corrected report is no longer the one that was accepted: it goes back to the
        # reviewing party, and its figures count again only once accepted anew.
        report.submitted_at = timezone.now()
        report_transition(
            obj=report,
            to=ReportStatus.SUBMITTED,
            by=by,
            comment=reason.strip(),
            correction=True,
            fields=("submitted_at",),
            notify=_notification(
                _reviewers_for(report),
                gettext_lazy("A corrected progress report is waiting for your review"),
                reverse("programme:report-detail", args=[report.pk]),
            ),
        )
        update_change_reason(report, reason.strip()[:100])
    return report


def _notification(recipients, title, url: str):
    """What a move sends after its commit (``notifications_after_commit``)."""
    return notifications_after_commit(recipients, kind="programme_report", title=title, url=url)


def _reviewers_for(report: ProgressReport):
    role = Role.ASSOCIATION_OFFICER if report.author_party == Party.DOET else Role.DEPARTMENT_STAFF
    return User.objects.filter(
        memberships__role=role, memberships__is_active=True, is_active=True
    ).distinct()


@transaction.atomic
def report_submit(*, by: User, report: ProgressReport) -> ProgressReport:
    report = (
        ProgressReport.objects.select_for_update().select_related("commitment").get(pk=report.pk)
    )
    _require(by, "programme.change_report", report.commitment)
    if report.status not in REPORT_EDITABLE:
        # An accepted report goes back to submitted only as a correction (report_update).
        raise ProgrammeError(_("Only a draft or returned report can be submitted."))
    if not report.narrative.strip():
        raise ProgrammeError({"narrative": _("Write the narrative before submitting.")})
    report.submitted_at = timezone.now()
    return report_transition(
        obj=report,
        to=ReportStatus.SUBMITTED,
        by=by,
        fields=("submitted_at",),
        notify=_notification(
            _reviewers_for(report),
            gettext_lazy("A progress report is waiting for your review"),
            reverse("programme:report-detail", args=[report.pk]),
        ),
    )


def _review(*, by: User, report: ProgressReport, to: str, comment: str) -> ProgressReport:
    report = (
        ProgressReport.objects.select_for_update().select_related("commitment").get(pk=report.pk)
    )
    _require(by, "programme.review_report", report)
    REPORT_WORKFLOW.check(report, to)
    if report.created_by_id == by.pk or report.editors.filter(pk=by.pk).exists():
        # Separation of duties binds administrators too (has_perm lets superusers through).
        raise ProgrammeError(
            _("You wrote or edited this report: someone else must review it."),
            code="permission",
        )
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    title = (
        gettext_lazy("Your progress report was accepted")
        if to == ReportStatus.ACCEPTED
        else gettext_lazy("Your progress report was returned for corrections")
    )
    return report_transition(
        obj=report,
        to=to,
        by=by,
        comment=comment,
        fields=("reviewed_by", "reviewed_at", "review_comment"),
        notify=_notification(
            [report.created_by], title, reverse("programme:report-detail", args=[report.pk])
        ),
    )


@transaction.atomic
def report_return(*, by: User, report: ProgressReport, comment: str) -> ProgressReport:
    """Send a submitted report back to its authors with a comment (required)."""
    if not comment.strip():
        raise ProgrammeError({"comment": _("Say what needs to be corrected.")})
    return _review(by=by, report=report, to=ReportStatus.RETURNED, comment=comment.strip())


@transaction.atomic
def report_accept(*, by: User, report: ProgressReport, comment: str = "") -> ProgressReport:
    """Accept a submitted report; it is locked from then on."""
    return _review(by=by, report=report, to=ReportStatus.ACCEPTED, comment=comment.strip())


@transaction.atomic
def programme_save(*, by: User, programme: Programme) -> Programme:
    _require(by, "programme.manage_programme")
    programme.full_clean()
    programme.save()
    return programme
