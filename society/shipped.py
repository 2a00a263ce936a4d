"""The return forms in use, shipped as data (loaded by migration 0002 and kept in step by
``load_demo``). Later versions are made in the app (copy, edit, publish), not here.

The fields follow the models of Decision 1373/QĐ-TTg and the Association's criteria
(Decision 448/QĐ-KHVN for learning communities; Decision 677/QĐ-TTg for Learning Citizens).
The labour groups of Learning Citizens and the 20% jump threshold are *unconfirmed*:
Association managers change them in a new version of the form.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

COMMUNE_CODE = "XHHT-XA"
VILLAGE_CODE = "XHHT-THON"
FIRST_YEAR = 2024
JUMP_PERCENT = 20

# code, label (vi), label (en), section, kind, required, from_villages, village_field
FieldRow = tuple[str, str, str, str, str, bool, str, str]
# field, kind, severity, other field, minimum, maximum, percent (numbers as text)
RuleRow = tuple[str, str, str, str | None, str | None, str | None, int | None]

COMMUNE_FIELDS: list[FieldRow] = [
    (
        "households",
        "Tổng số hộ gia đình",
        "Households",
        "Gia đình học tập",
        "count",
        True,
        "sum",
        "households",
    ),
    (
        "families_registered",
        "Số hộ đăng ký xây dựng gia đình học tập",
        "Households registered as learning families",
        "Gia đình học tập",
        "count",
        True,
        "sum",
        "families_registered",
    ),
    (
        "families_recognised",
        "Số hộ được công nhận gia đình học tập",
        "Households recognised as learning families",
        "Gia đình học tập",
        "count",
        True,
        "sum",
        "families_recognised",
    ),
    ("clans_total", "Tổng số dòng họ", "Clans", "Dòng họ học tập", "count", True, "", ""),
    (
        "clans_registered",
        "Số dòng họ đăng ký xây dựng dòng họ học tập",
        "Clans registered as learning clans",
        "Dòng họ học tập",
        "count",
        True,
        "",
        "",
    ),
    (
        "clans_recognised",
        "Số dòng họ được công nhận dòng họ học tập",
        "Clans recognised as learning clans",
        "Dòng họ học tập",
        "count",
        True,
        "",
        "",
    ),
    (
        "villages_total",
        "Tổng số thôn, bản, tiểu khu, tổ dân phố",
        "Villages and residential groups",
        "Cộng đồng học tập",
        "count",
        True,
        "count",
        "",
    ),
    (
        "villages_registered",
        "Số thôn, bản, tổ dân phố đăng ký xây dựng cộng đồng học tập",
        "Villages registered as learning communities",
        "Cộng đồng học tập",
        "count",
        True,
        "sum",
        "community_registered",
    ),
    (
        "villages_recognised",
        "Số thôn, bản, tổ dân phố được công nhận cộng đồng học tập",
        "Villages recognised as learning communities",
        "Cộng đồng học tập",
        "count",
        True,
        "sum",
        "community_recognised",
    ),
    (
        "commune_recognised",
        "Xã, phường được công nhận cộng đồng học tập cấp xã (1: có, 0: không)",
        "Commune recognised as a learning community (1: yes, 0: no)",
        "Cộng đồng học tập",
        "yes_no",
        True,
        "",
        "",
    ),
    (
        "citizens_registered",
        "Số người đăng ký công dân học tập",
        "Citizens registered as Learning Citizens",
        "Công dân học tập",
        "count",
        True,
        "sum",
        "citizens_registered",
    ),
    (
        "citizens_recognised",
        "Số người được công nhận công dân học tập",
        "Citizens recognised as Learning Citizens",
        "Công dân học tập",
        "count",
        True,
        "sum",
        "citizens_recognised",
    ),
    (
        "citizens_officials",
        "Trong đó: cán bộ, công chức, viên chức",
        "Of whom: officials and public employees",
        "Công dân học tập",
        "count",
        False,
        "",
        "",
    ),
    (
        "citizens_enterprise",
        "Trong đó: người lao động trong doanh nghiệp",
        "Of whom: employees of enterprises",
        "Công dân học tập",
        "count",
        False,
        "",
        "",
    ),
    (
        "citizens_other",
        "Trong đó: người lao động khác",
        "Of whom: other working people",
        "Công dân học tập",
        "count",
        False,
        "",
        "",
    ),
    (
        "citizens_digital_share",
        "Tỷ lệ công dân học tập có kỹ năng số (%)",
        "Learning Citizens with digital skills (%)",
        "Công dân học tập",
        "percent",
        False,
        "",
        "",
    ),
    (
        "units_total",
        "Tổng số cơ quan, đơn vị, doanh nghiệp",
        "Agencies, organisations and enterprises",
        "Đơn vị học tập",
        "count",
        True,
        "",
        "",
    ),
    (
        "units_registered",
        "Số đơn vị đăng ký xây dựng đơn vị học tập",
        "Units registered as Learning Units",
        "Đơn vị học tập",
        "count",
        True,
        "",
        "",
    ),
    (
        "units_recognised",
        "Số đơn vị được công nhận đơn vị học tập",
        "Units recognised as Learning Units",
        "Đơn vị học tập",
        "count",
        True,
        "",
        "",
    ),
]

# (field, kind, severity, other, minimum, maximum, percent)
COMMUNE_RULES: list[RuleRow] = [
    ("families_registered", "not_above", "error", "households", None, None, None),
    ("families_recognised", "not_above", "error", "families_registered", None, None, None),
    ("clans_registered", "not_above", "error", "clans_total", None, None, None),
    ("clans_recognised", "not_above", "error", "clans_registered", None, None, None),
    ("villages_registered", "not_above", "error", "villages_total", None, None, None),
    ("villages_recognised", "not_above", "error", "villages_registered", None, None, None),
    ("citizens_recognised", "not_above", "error", "citizens_registered", None, None, None),
    ("citizens_officials", "not_above", "error", "citizens_recognised", None, None, None),
    ("citizens_enterprise", "not_above", "error", "citizens_recognised", None, None, None),
    ("citizens_other", "not_above", "error", "citizens_recognised", None, None, None),
    ("units_registered", "not_above", "error", "units_total", None, None, None),
    ("units_recognised", "not_above", "error", "units_registered", None, None, None),
    ("citizens_digital_share", "range", "error", None, "0", "100", None),
    ("households", "jump", "warning", None, None, None, JUMP_PERCENT),
    ("families_recognised", "jump", "warning", None, None, None, JUMP_PERCENT),
    ("clans_recognised", "jump", "warning", None, None, None, JUMP_PERCENT),
    ("villages_recognised", "jump", "warning", None, None, None, JUMP_PERCENT),
    ("citizens_recognised", "jump", "warning", None, None, None, JUMP_PERCENT),
]

VILLAGE_FIELDS: list[FieldRow] = [
    ("households", "Số hộ gia đình", "Households", "", "count", True, "", ""),
    (
        "families_registered",
        "Hộ đăng ký gia đình học tập",
        "Registered learning families",
        "",
        "count",
        True,
        "",
        "",
    ),
    (
        "families_recognised",
        "Hộ được công nhận gia đình học tập",
        "Recognised learning families",
        "",
        "count",
        True,
        "",
        "",
    ),
    (
        "citizens_registered",
        "Người đăng ký công dân học tập",
        "Registered Learning Citizens",
        "",
        "count",
        True,
        "",
        "",
    ),
    (
        "citizens_recognised",
        "Người được công nhận công dân học tập",
        "Recognised Learning Citizens",
        "",
        "count",
        True,
        "",
        "",
    ),
    (
        "community_registered",
        "Đăng ký cộng đồng học tập (1/0)",
        "Registered as a learning community (1/0)",
        "",
        "yes_no",
        True,
        "",
        "",
    ),
    (
        "community_recognised",
        "Được công nhận cộng đồng học tập (1/0)",
        "Recognised as a learning community (1/0)",
        "",
        "yes_no",
        True,
        "",
        "",
    ),
]

VILLAGE_RULES: list[RuleRow] = [
    ("families_registered", "not_above", "error", "households", None, None, None),
    ("families_recognised", "not_above", "error", "families_registered", None, None, None),
    ("citizens_recognised", "not_above", "error", "citizens_registered", None, None, None),
    ("community_recognised", "not_above", "error", "community_registered", None, None, None),
]


class FormSpec(TypedDict):
    code: str
    name: str
    level: str
    fields: list[FieldRow]
    rules: list[RuleRow]


FORMS: list[FormSpec] = [
    {
        "code": COMMUNE_CODE,
        "name": "Phiếu thống kê mô hình học tập cấp xã",
        "level": "commune",
        "fields": COMMUNE_FIELDS,
        "rules": COMMUNE_RULES,
    },
    {
        "code": VILLAGE_CODE,
        "name": "Phiếu thống kê mô hình học tập cấp thôn, bản, tổ dân phố",
        "level": "village",
        "fields": VILLAGE_FIELDS,
        "rules": VILLAGE_RULES,
    },
]


def install(ReturnForm, ReturnField, ReturnRule) -> dict:  # noqa: N803 - model classes
    """Create version 1 of each shipped form (published) if it is missing. Takes the model
    classes so that a migration can pass its historical ones."""

    made = {}
    for spec in FORMS:
        form, created = ReturnForm.objects.get_or_create(
            code=spec["code"],
            version=1,
            defaults={
                "name": spec["name"],
                "level": spec["level"],
                "year_from": FIRST_YEAR,
                "status": "published",
            },
        )
        made[spec["level"]] = form
        if not created:
            continue
        fields = {}
        for order, row in enumerate(spec["fields"], start=1):
            code, label, label_en, section, kind, required, from_villages, village_field = row
            fields[code] = ReturnField.objects.create(
                form=form,
                code=code,
                label=label,
                label_en=label_en,
                section=section,
                kind=kind,
                order=order * 10,
                required=required,
                from_villages=from_villages,
                village_field=village_field,
            )
        for field, kind, severity, other, minimum, maximum, percent in spec["rules"]:
            ReturnRule.objects.create(
                form=form,
                kind=kind,
                severity=severity,
                field=fields[field],
                other=fields[other] if other else None,
                minimum=Decimal(minimum) if minimum is not None else None,
                maximum=Decimal(maximum) if maximum is not None else None,
                percent=Decimal(percent) if percent is not None else None,
            )
    return made
