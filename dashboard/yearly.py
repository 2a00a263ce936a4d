"""The yearly summary report (Báo cáo tổng kết) in the Decree-30 format: sections filled
from the app's data (Learning Units by tier and area, commendations, programme indicators
against targets) and the narrative that staff write, rendered by the shared renderer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import roles
from accounts.enums import OrganisationKind
from accounts.models import Organisation, User
from accounts.selectors import letterhead_for
from learnsociety.documents import (
    Annex,
    DocumentError,
    OfficialDocument,
    Section,
    missing_letterhead,
)
from programme.enums import PeriodKind
from programme.selectors import format_number, target_vs_actual

from . import figures
from .models import YearlyReport

NARRATIVE = ("results", "shortcomings", "directions")


def reporting_organisation(user) -> Organisation | None:
    """The programme party (the DOET or the Association) the user reports for."""
    for membership in roles.memberships(user):
        if membership.organisation_kind in (
            OrganisationKind.DEPARTMENT,
            OrganisationKind.ASSOCIATION,
        ):
            return Organisation.objects.get(pk=membership.organisation_id)
    return None


def yearly_report_save(
    *, organisation: Organisation, year: int, by: User, number: str, results: str, shortcomings: str,
    directions: str,
) -> YearlyReport:  # fmt: skip
    """Save the narrative of the organisation's report for ``year``."""
    if reporting_organisation(by) != organisation:
        raise ValidationError(_("You may only write your own organisation's report."))
    with transaction.atomic():
        report, _created = YearlyReport.objects.select_for_update().get_or_create(
            organisation=organisation, year=year
        )
        report.number = number.strip()
        report.results, report.shortcomings = results.strip(), shortcomings.strip()
        report.directions = directions.strip()
        report.updated_by = by
        report.save()
    return report


def _pct(value: Decimal | None) -> str:
    return "" if value is None else f"{value}".replace(".", ",")


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def yearly_report_document(
    *, organisation: Organisation, year: int, report: YearlyReport | None, day: date | None = None
) -> OfficialDocument:
    """Build the report. Refuses (DocumentError) without a template or without the
    narrative, so that no half-written report looks final."""

    letterhead = letterhead_for(organisation)
    if letterhead is None:
        raise missing_letterhead(organisation.name)
    if report is None or not all(getattr(report, name).strip() for name in NARRATIVE):
        raise DocumentError(
            _(
                "Write the main results, the shortcomings and the directions for next year "
                "before generating the report."
            )
        )
    with translation.override("vi"):
        province = organisation.province_id
        data = figures.compute(year, provinces=(province,) if province else None)
        units, awards = data["units"], data["awards"]
        tiers = tuple(
            (
                figures.tier_label(code),
                str(row["schools"]),
                str(row["now"]),
                _pct(figures.pct(row["now"], row["schools"])),
            )
            for code, row in sorted(units["tiers"].items())
        )
        areas = tuple(
            (row["area"], str(row["schools"]), str(row["recognised"]), _pct(row["share"]))
            for row in units["by_area"]
        )
        forms = tuple(
            (row["name_vi"], str(row["quota"]), str(row["used"])) for row in awards["quota"]
        )
        indicators = tuple(
            (
                row.commitment.code,
                f"{row.indicator.code} {row.indicator.name}",
                str(row.indicator.get_unit_display()),
                format_number(row.target),
                format_number(row.actual),
                "" if row.percent is None else str(row.percent),
            )
            for row in target_vs_actual(PeriodKind.YEAR, year)
        )
    results_year = units.get("results_year", year)
    sections = (
        Section(
            heading="I. KẾT QUẢ XÂY DỰNG “ĐƠN VỊ HỌC TẬP”",
            paragraphs=(
                f"Năm {results_year}, có {units['recognised']}/{units['schools']} đơn vị được "
                f"công nhận “Đơn vị học tập”, đạt tỷ lệ {_pct(units['share']) or '0'}%.",
            ),
            tables=(
                Annex(
                    title="Bảng 1. Đơn vị học tập theo cấp",
                    columns=("Cấp", "Số đơn vị", "Được công nhận", "Tỷ lệ (%)"),
                    rows=tiers,
                ),
                Annex(
                    title="Bảng 2. Đơn vị học tập theo địa bàn",
                    columns=("Địa bàn", "Số đơn vị", "Được công nhận", "Tỷ lệ (%)"),
                    rows=areas,
                ),
            ),
        ),
        Section(
            heading="II. CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
            paragraphs=(f"Năm {year} có {awards['commended']} tập thể, cá nhân được khen thưởng.",),
            tables=(
                Annex(
                    title="Bảng 3. Khen thưởng theo hình thức",
                    columns=("Hình thức", "Chỉ tiêu", "Đã khen thưởng"),
                    rows=forms,
                ),
            ),
        ),
        Section(
            heading="III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA CHƯƠNG TRÌNH",
            tables=(
                Annex(
                    title="Bảng 4. Chỉ tiêu so với kế hoạch",
                    columns=("Nhiệm vụ", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "%"),
                    rows=indicators,
                ),
            ),
        ),
        Section(heading="IV. KẾT QUẢ NỔI BẬT", paragraphs=_lines(report.results)),
        Section(
            heading="V. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", paragraphs=_lines(report.shortcomings)
        ),
        Section(
            heading=f"VI. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}",
            paragraphs=_lines(report.directions),
        ),
    )
    return OfficialDocument(
        letterhead=letterhead,
        number=report.number,
        day=day or timezone.localdate(),
        subject=(f"Tổng kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập năm {year}"),
        kind_title="BÁO CÁO",
        type_code="BC",
        sections=sections,
        filename=f"bao-cao-tong-ket-{year}",
    )
