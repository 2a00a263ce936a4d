"""Ship the two criteria frameworks of DOMAIN.md §2 as data.

The data are frozen here (not imported from app code) so that later edits of the app
cannot change what this migration created.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

ALL_TIERS = ["district", "provincial", "commune"]
PROVINCIAL_LEVELS = [
    "upper_secondary",
    "lower_upper_secondary",
    "multi_level",
    "ethnic_boarding",
    "continuing_education",
    "vocational",
]
DIGITAL_LEVELS = ["upper_secondary", "continuing_education"]

# Circular 24/2023: (group vi, group en, [(code, vi, en, kind, denominator, levels,
#                    required, {outcome: min_percent or None for "yes"})])
TT24 = [
    (
        "Điều kiện bảo đảm xây dựng đơn vị học tập",
        "Conditions for building a Learning Unit",
        [
            ("1.1", "Ban hành và thực hiện kế hoạch học tập hằng năm của đơn vị",
             "An annual learning plan issued and carried out", "yes_no", "", [], True,
             {"level1": None, "level2": None}),
            ("1.2", "Có chế độ đào tạo, bồi dưỡng và quy chế của đơn vị khuyến khích học tập",
             "A training regime and unit rules that encourage study", "yes_no", "", [], True,
             {"level1": None, "level2": None}),
            ("1.3", "Bố trí kinh phí cho đào tạo, bồi dưỡng",
             "Budget allocated for training", "yes_no", "", [], True,
             {"level1": None, "level2": None}),
            ("1.4", "Có phương tiện, học liệu số phục vụ học tập",
             "Digital learning tools and materials available", "yes_no", "", [], True,
             {"level1": None, "level2": None}),
            ("1.5", "Tham gia các hoạt động học tập suốt đời cho người dân địa phương",
             "Takes part in lifelong-learning activities for local residents", "yes_no", "",
             [], True, {"level1": None, "level2": None}),
        ],
    ),
    (
        "Kết quả học tập của thành viên",
        "Members' learning results",
        [
            ("2.1", "Tỷ lệ thành viên chấp hành tốt kỷ luật, hợp tác trong công việc",
             "Share of members who follow discipline and cooperate", "threshold", "staff", [],
             True, {"level1": Decimal("90"), "level2": Decimal("90")}),
            ("2.2", "Tỷ lệ thành viên hoàn thành chương trình bồi dưỡng bắt buộc",
             "Share of members who complete the required training", "threshold", "staff", [],
             True, {"level1": Decimal("90"), "level2": Decimal("90")}),
        ],
    ),
    (
        "Tác động của đơn vị học tập",
        "Effects of the Learning Unit",
        [
            ("3.1", "Tỷ lệ thành viên đạt danh hiệu “Công dân học tập”",
             "Share of members holding the Learning Citizen title", "threshold", "staff", [],
             True, {"level1": Decimal("90"), "level2": Decimal("95")}),
            ("3.2", "Tỷ lệ người học đạt danh hiệu “Công dân học tập” (cơ sở giáo dục cấp tỉnh)",
             "Share of learners holding the Learning Citizen title (provincial institutions)",
             "threshold", "learners", PROVINCIAL_LEVELS, True,
             {"level1": Decimal("95"), "level2": Decimal("97")}),
            ("3.3", "Chia sẻ kiến thức, kinh nghiệm với các đơn vị khác",
             "Shares knowledge and experience with other units", "yes_no", "", [], True,
             {"level1": None, "level2": None}),
            ("3.4", "Đạt danh hiệu “Tập thể lao động tiên tiến” trở lên",
             "Holds the 'Advanced Labour Collective' title or higher", "yes_no", "", [], True,
             {"level1": None, "level2": None}),
            ("3.5", "Đạt danh hiệu “Tập thể lao động xuất sắc” (Mức độ 2)",
             "Holds the 'Excellent Labour Collective' title (Level 2)", "yes_no", "", [],
             False, {"level2": None}),
            ("3.6", "Mức độ chuyển đổi số đạt mức “Cơ bản”",
             "Digital transformation at the 'basic' level", "yes_no", "", DIGITAL_LEVELS, True,
             {"level1": None, "level2": None}),
            ("3.7", "Mức độ chuyển đổi số đạt mức “Khá” (Mức độ 2)",
             "Digital transformation at the 'fairly good' level (Level 2)", "yes_no", "",
             DIGITAL_LEVELS, False, {"level2": None}),
        ],
    ),
]

# Circular 22/2020: (group vi, group en, [(code, vi, en, max points)])
TT22 = [
    (
        "Điều kiện xây dựng đơn vị học tập",
        "Conditions for building a Learning Unit",
        [
            ("1.1", "Kế hoạch học tập của đơn vị", "The unit's learning plan", 10),
            ("1.2", "Quy chế, quy định khuyến khích học tập", "Rules that encourage learning",
             10),
            ("1.3", "Nguồn lực cho học tập", "Resources for learning", 10),
        ],
    ),
    (
        "Kết quả học tập của thành viên",
        "Members' learning results",
        [
            ("2.1", "Thành viên có kế hoạch tự học", "Members with self-study plans", 10),
            ("2.2", "Chấp hành kỷ luật lao động", "Work discipline", 5),
            ("2.3", "Hoàn thành bồi dưỡng chuyên môn, nghiệp vụ",
             "Professional training completed", 10),
            ("2.4", "Thành viên đạt danh hiệu “Lao động tiên tiến”",
             "Members holding the 'Advanced Labourer' title", 5),
        ],
    ),
    (
        "Tác động của đơn vị học tập",
        "Effects of the Learning Unit",
        [
            ("3.1", "Thành viên đạt 8 năng lực của “Công dân học tập”",
             "Members meeting the 8 Learning Citizen competencies", 25),
            ("3.2", "Danh hiệu thi đua của tập thể đơn vị", "The unit's collective title", 10),
            ("3.3", "Chia sẻ kiến thức với đơn vị khác", "Knowledge sharing with other units", 5),
        ],
    ),
]


def create(apps, schema_editor):
    Framework = apps.get_model("units", "Framework")
    Outcome = apps.get_model("units", "FrameworkOutcome")
    Group = apps.get_model("units", "CriterionGroup")
    Criterion = apps.get_model("units", "Criterion")
    Requirement = apps.get_model("units", "CriterionRequirement")

    tt24 = Framework.objects.create(
        code="TT24-2023",
        version=1,
        kind="threshold",
        name_vi="Tiêu chí đơn vị học tập theo Thông tư 24/2023/TT-BGDĐT",
        name_en="Learning Unit criteria, Circular 24/2023/TT-BGDĐT",
        legal_basis="Thông tư 24/2023/TT-BGDĐT",
        valid_from=date(2024, 1, 1),
        tiers=ALL_TIERS,
    )
    outcomes = {
        "level1": Outcome.objects.create(
            framework=tt24, code="level1", rank=1, name_vi="Mức độ 1", name_en="Level 1"
        ),
        "level2": Outcome.objects.create(
            framework=tt24, code="level2", rank=2, name_vi="Mức độ 2", name_en="Level 2"
        ),
    }
    for number, (gvi, gen, criteria) in enumerate(TT24, start=1):
        group = Group.objects.create(framework=tt24, number=number, name_vi=gvi, name_en=gen)
        for order, (code, vi, en, kind, denom, levels, required, reqs) in enumerate(criteria):
            criterion = Criterion.objects.create(
                group=group, code=code, order=order, kind=kind, name_vi=vi, name_en=en,
                denominator_source=denom, applies_to_levels=levels, is_required=required,
            )
            for outcome_code, pct in reqs.items():
                Requirement.objects.create(
                    criterion=criterion, outcome=outcomes[outcome_code], min_percent=pct
                )

    tt22 = Framework.objects.create(
        code="TT22-2020",
        version=1,
        kind="points",
        name_vi="Tiêu chí đơn vị học tập theo Thông tư 22/2020/TT-BGDĐT",
        name_en="Learning Unit criteria, Circular 22/2020/TT-BGDĐT",
        legal_basis="Thông tư 22/2020/TT-BGDĐT",
        valid_from=date(2020, 10, 1),
        valid_to=date(2023, 12, 31),
        tiers=ALL_TIERS,
        max_points=Decimal("100"),
    )
    for rank, (code, vi, en, low) in enumerate(
        [("average", "Trung bình", "Average", 50), ("fair", "Khá", "Fair", 70),
         ("good", "Tốt", "Good", 85)],
        start=1,
    ):
        Outcome.objects.create(
            framework=tt22, code=code, rank=rank, name_vi=vi, name_en=en,
            min_points=Decimal(low),
        )
    for number, (gvi, gen, criteria) in enumerate(TT22, start=1):
        group = Group.objects.create(framework=tt22, number=number, name_vi=gvi, name_en=gen)
        for order, (code, vi, en, points) in enumerate(criteria):
            Criterion.objects.create(
                group=group, code=code, order=order, kind="points", name_vi=vi, name_en=en,
                max_points=Decimal(points),
            )


def remove(apps, schema_editor):
    Framework = apps.get_model("units", "Framework")
    Framework.objects.filter(code__in=["TT24-2023", "TT22-2020"], version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
