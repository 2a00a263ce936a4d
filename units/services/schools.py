"""Moving schools between areas, with the history that keeps earlier figures where they were."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User

from ..enums import (
    AssessmentStatus,
)
from ..models import (
    School,
    SchoolAreaHistory,
    SelfAssessment,
)
from ..selectors import (
    dossier_place,
)
from .base import UnitsError

# Schools without an area history were where their organisation says since records began.
RECORDS_BEGIN = date(2000, 1, 1)


def move_problem(*, area, effective: date, last_move: date | None) -> str | None:
    """Why a school cannot move to ``area`` on ``effective`` (None when it can)."""
    if not area.is_valid_on(effective):
        return _("%(area)s does not exist on %(date)s (it exists %(span)s).") % {
            "area": area.name,
            "date": date_format(effective, "SHORT_DATE_FORMAT"),
            "span": area_span(area),
        }
    if last_move is not None and effective <= last_move:
        return _(
            "The move is dated %(date)s, but the school's last move was on %(last)s: a move "
            "must come after it."
        ) % {
            "date": date_format(effective, "SHORT_DATE_FORMAT"),
            "last": date_format(last_move, "SHORT_DATE_FORMAT"),
        }
    return None


def area_span(area) -> str:
    start = date_format(area.valid_from, "SHORT_DATE_FORMAT") if area.valid_from else "…"
    end = date_format(area.valid_to, "SHORT_DATE_FORMAT") if area.valid_to else "…"
    return f"{start}–{end}"


def school_move(*, school: School, area, effective: date) -> bool:
    """Move a school to ``area`` from ``effective`` on: its area history closes the day
    before, so every figure and dossier of earlier days keeps the old area. Dossiers not
    yet decided whose cycle's reference date (31 December) falls on or after the move follow
    the school to its new area and authority. Returns False when the school is already
    there. Runs inside the caller's transaction (imports move many schools at once)."""
    rows = list(school.area_history.select_for_update().order_by("valid_from"))
    current = rows[-1] if rows else None
    current_area_id = current.area_id if current else school.organisation.area_id
    if current_area_id == area.pk:
        return False
    problem = move_problem(
        area=area, effective=effective, last_move=current.valid_from if current else None
    )
    if problem:
        raise UnitsError(problem)
    if current is not None:
        current.valid_to = effective - timedelta(days=1)
        current.save(update_fields=["valid_to"])
    elif school.organisation.area_id is not None:
        SchoolAreaHistory.objects.create(
            school=school,
            area_id=school.organisation.area_id,
            valid_from=min(RECORDS_BEGIN, effective - timedelta(days=1)),
            valid_to=effective - timedelta(days=1),
        )
    SchoolAreaHistory.objects.create(school=school, area=area, valid_from=effective)
    if effective <= timezone.localdate():
        school.organisation.area = area
        school.organisation.save(update_fields=["area"])
    undecided = (
        SelfAssessment.objects.filter(school=school, cycle__year__gte=effective.year)
        .exclude(status__in=[AssessmentStatus.RECOGNISED, AssessmentStatus.NOT_RECOGNISED])
        .select_related("cycle")
    )
    for assessment in undecided:
        area_id, authority = dossier_place(school=school, cycle=assessment.cycle)
        assessment.area_id, assessment.authority = area_id, authority
        assessment.save(update_fields=["area", "authority", "updated"])
    return True


@transaction.atomic
def school_move_by(*, school: School, area, effective: date, by: User) -> bool:
    """A manager moves one school (the form on the school's page)."""
    if not by.has_perm("units.manage_school", school):
        raise UnitsError(_("Only department staff can move a school."))
    if not roles.in_province_scope(by, area.province_id):
        raise UnitsError(_("A school can be moved only to an area of your own province."))
    return school_move(school=school, area=area, effective=effective)
