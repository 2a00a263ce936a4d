"""Demo data: the Son La 2024–2030 coordination programme with its seven commitments
(DOMAIN.md §1), milestones, indicators with yearly targets, progress reports in several
states and the learning-city checklist.

Idempotent: rows are found by natural keys (programme code, commitment code, indicator
code, milestone title, report period) and updated in place. Dates are fixed within
2024–2030; statuses that depend on today (overdue) are derived, never stored.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Organisation
from programme.enums import (
    Area,
    ComputedSource,
    Direction,
    FeatureStatus,
    FeatureTheme,
    MilestoneStatus,
    Party,
    PeriodKind,
    ReportStatus,
    Source,
    Unit,
)
from programme.models import (
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

PROGRAMME_CODE = "SL-CTPH-2024-2030"


def minimal_pdf(text: str) -> bytes:
    """A small valid one-page PDF (for demo evidence; real files are uploaded)."""
    safe = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 50 780 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def T(*values):  # noqa: N802 - targets 2024..2030, then mid-term and final
    names = [f"target_{y}" for y in range(2024, 2031)] + ["target_mid_term", "target_final"]
    return {n: (None if v is None else Decimal(str(v))) for n, v in zip(names, values, strict=True)}


# code, title, description, area, lead, partner codes
COMMITMENTS = [
    (
        "1",
        "Tuyên truyền về khuyến học, khuyến tài, xây dựng xã hội học tập, học tập suốt đời",
        "Tuyên truyền, phổ biến thông tin về công tác khuyến học, khuyến tài, xây dựng xã hội "
        "học tập, học tập suốt đời và định hướng đổi mới, nâng cao chất lượng các hoạt động "
        "giáo dục của hai bên.",
        Area.COMMUNICATION,
        Party.JOINT,
        ["UBND-116"],
    ),
    (
        "2",
        "Xây dựng diễn đàn trên các phương tiện thông tin đại chúng do mỗi bên quản lý",
        "Chuyên trang, chuyên mục khuyến học trên cổng thông tin điện tử của Sở và bản tin, "
        "trang mạng của Hội Khuyến học tỉnh.",
        Area.COMMUNICATION,
        Party.ASSOCIATION,
        [],
    ),
    (
        "3",
        "Đổi mới, nâng cao chất lượng các hoạt động giáo dục; xây dựng chính sách phát triển "
        "giáo dục thường xuyên",
        "Nâng cao chất lượng giáo dục thường xuyên, trung tâm học tập cộng đồng; tham mưu "
        "chính sách phát triển giáo dục thường xuyên.",
        Area.EDUCATION,
        Party.DOET,
        [],
    ),
    (
        "4",
        "Xây dựng các chương trình khuyến học, khuyến tài trong các cơ sở giáo dục mầm non, "
        "phổ thông, giáo dục thường xuyên và giáo dục nghề nghiệp",
        "Thành lập và duy trì chi hội, ban khuyến học và quỹ khuyến học trong nhà trường.",
        Area.EDUCATION,
        Party.ASSOCIATION,
        [],
    ),
    (
        "5",
        "Xây dựng trường học thành “Đơn vị học tập” cấp huyện, cấp tỉnh",
        "Hướng dẫn, đánh giá, công nhận “Đơn vị học tập” theo Thông tư 24/2023/TT-BGDĐT.",
        Area.LEARNING_UNITS,
        Party.DOET,
        [],
    ),
    (
        "6",
        "Lựa chọn, biểu dương, tôn vinh, khen thưởng kịp thời các tập thể, cá nhân có thành "
        "tích xuất sắc",
        "Khen thưởng tập thể, cá nhân có thành tích xuất sắc trong học tập, giảng dạy, quản lý "
        "và trong công tác khuyến học, khuyến tài, xây dựng xã hội học tập.",
        Area.RECOGNITION,
        Party.JOINT,
        [],
    ),
    (
        "7",
        "Phối hợp với UBND thành phố Sơn La xây dựng thành phố học tập",
        "Thành phố Sơn La là thành viên Mạng lưới thành phố học tập toàn cầu của UNESCO từ "
        "tháng 2/2024; xây dựng kế hoạch với các sở, ngành để xây dựng thành phố học tập "
        "thiết thực, hiệu quả, hướng tới Giải thưởng Thành phố học tập UNESCO vào năm 2030.",
        Area.LEARNING_CITY,
        Party.JOINT,
        ["UBND-116"],
    ),
]

# commitment -> [(code, name, unit, numerator, denominator, direction, baseline (year, value),
#                 targets, means of verification, computed source)]
INDICATORS: dict[str, list[tuple[Any, ...]]] = {
    "1": [
        (
            "1.1",
            "Số tin, bài tuyên truyền trên báo, đài, cổng thông tin",
            Unit.NUMBER,
            "",
            "",
            Direction.INCREASE,
            (2023, 110),
            T(120, 150, 180, 210, 240, 270, 300, 210, 300),
            "Thống kê của Văn phòng Sở và Hội; đường dẫn bài viết",
            "",
        ),
        (
            "1.2",
            "Tỷ lệ cơ sở giáo dục tổ chức Tuần lễ hưởng ứng học tập suốt đời",
            Unit.PERCENTAGE,
            "Cơ sở giáo dục tổ chức Tuần lễ",
            "Tổng số cơ sở giáo dục",
            Direction.INCREASE,
            (2023, 85),
            T(88, 92, 95, 97, 98, 99, 100, 97, 100),
            "Báo cáo tổng kết Tuần lễ của các phòng GD&ĐT và trường",
            "",
        ),
    ],
    "2": [
        (
            "2.1",
            "Số chuyên mục khuyến học định kỳ trên phương tiện thông tin của hai bên",
            Unit.NUMBER,
            "",
            "",
            Direction.INCREASE,
            (2023, 2),
            T(3, 4, 4, 5, 5, 6, 6, 5, 6),
            "Danh sách chuyên mục, số phát hành",
            "",
        ),
    ],
    "3": [
        (
            "3.1",
            "Tỷ lệ trung tâm GDNN–GDTX đạt chuẩn chất lượng",
            Unit.PERCENTAGE,
            "Trung tâm đạt chuẩn",
            "Tổng số trung tâm GDNN–GDTX",
            Direction.INCREASE,
            (2023, 58.33),
            T(70, 92, 92, 95, 95, 100, 100, 95, 100),
            "Kết quả kiểm định chất lượng của Sở GD&ĐT",
            "",
        ),
        (
            "3.2",
            "Số học viên theo học các chương trình giáo dục thường xuyên",
            Unit.NUMBER,
            "",
            "",
            Direction.INCREASE,
            (2023, 9800),
            T(10000, 10500, 11000, 11500, 12000, 12500, 13000, 11500, 13000),
            "Thống kê của các trung tâm GDNN–GDTX",
            "",
        ),
    ],
    "4": [
        (
            "4.1",
            "Số quỹ khuyến học, khuyến tài trong các cơ sở giáo dục",
            Unit.NUMBER,
            "",
            "",
            Direction.INCREASE,
            (2023, 480),
            T(500, 530, 560, 580, 600, 610, 610, 580, 610),
            "Báo cáo của Hội Khuyến học tỉnh",
            "",
        ),
        (
            "4.2",
            "Tỷ lệ hộ gia đình được công nhận “Gia đình học tập”",
            Unit.PERCENTAGE,
            "Hộ được công nhận",
            "Tổng số hộ gia đình",
            Direction.INCREASE,
            None,
            T(None, 70, None, None, None, None, None, None, None),
            "Phiếu thống kê mô hình học tập của các xã, phường (Hội Khuyến học)",
            ComputedSource.SOCIETY_FAMILIES,
        ),
        (
            "4.3",
            "Tỷ lệ dòng họ được công nhận “Dòng họ học tập”",
            Unit.PERCENTAGE,
            "Dòng họ được công nhận",
            "Tổng số dòng họ",
            Direction.INCREASE,
            None,
            T(None, 65, None, None, None, None, None, None, None),
            "Phiếu thống kê mô hình học tập của các xã, phường (Hội Khuyến học)",
            ComputedSource.SOCIETY_CLANS,
        ),
        (
            "4.4",
            "Tỷ lệ xã, phường được công nhận “Cộng đồng học tập”",
            Unit.PERCENTAGE,
            "Xã, phường được công nhận",
            "Xã, phường có phiếu được duyệt",
            Direction.INCREASE,
            None,
            T(None, 65, None, None, None, None, None, None, None),
            "Phiếu thống kê mô hình học tập của các xã, phường (Hội Khuyến học)",
            ComputedSource.SOCIETY_COMMUNITIES,
        ),
        (
            "4.5",
            "Tỷ lệ thôn, bản, tổ dân phố được công nhận “Cộng đồng học tập”",
            Unit.PERCENTAGE,
            "Thôn, bản, tổ dân phố được công nhận",
            "Tổng số thôn, bản, tổ dân phố",
            Direction.INCREASE,
            None,
            T(None, None, None, None, None, None, None, None, None),
            "Phiếu thống kê mô hình học tập của các xã, phường (Hội Khuyến học)",
            ComputedSource.SOCIETY_VILLAGES,
        ),
        (
            "4.6",
            "Số người được công nhận “Công dân học tập”",
            Unit.NUMBER,
            "",
            "",
            Direction.INCREASE,
            None,
            T(None, None, None, None, None, None, None, None, None),
            "Phiếu thống kê mô hình học tập của các xã, phường (Hội Khuyến học)",
            ComputedSource.SOCIETY_CITIZENS,
        ),
    ],
    "5": [
        (
            "5.1",
            "Tỷ lệ trường học được công nhận “Đơn vị học tập”",
            Unit.PERCENTAGE,
            "Trường được công nhận",
            "Tổng số trường",
            Direction.INCREASE,
            (2023, 98.2),
            # Never below the 98.2% the province already reached (national floor 80%).
            T(98.2, 98.2, 98.5, 98.5, 99, 99, 99, 98.5, 99),
            "Quyết định công nhận của UBND các cấp",
            ComputedSource.RECOGNISED_SHARE,
        ),
        (
            "5.2",
            "Tỷ lệ đơn vị cấp huyện/xã được công nhận “Đơn vị học tập”",
            Unit.PERCENTAGE,
            "Trường được công nhận",
            "Trường cấp huyện/xã",
            Direction.INCREASE,
            None,
            T(98.2, 98.2, 98.5, 98.5, 99, 99, 99, 98.5, 99),
            "Quyết định công nhận của UBND cấp huyện/xã",
            ComputedSource.RECOGNISED_SHARE_DISTRICT,
        ),
        (
            "5.3",
            "Tỷ lệ đơn vị cấp tỉnh được công nhận “Đơn vị học tập”",
            Unit.PERCENTAGE,
            "Trường được công nhận",
            "Trường cấp tỉnh",
            Direction.INCREASE,
            None,
            T(98.2, 98.2, 98.5, 98.5, 99, 99, 99, 98.5, 99),
            "Quyết định công nhận của UBND tỉnh",
            ComputedSource.RECOGNISED_SHARE_PROVINCIAL,
        ),
        (
            "5.4",
            "Số trường nộp hồ sơ tự đánh giá trong chu kỳ",
            Unit.NUMBER,
            "",
            "",
            Direction.INCREASE,
            None,
            # The demo province's 60 schools (Sơn La has about 700 units).
            T(55, 58, 60, 60, 60, 60, 60, 58, 60),
            "Hồ sơ tự đánh giá trên LearnSociety",
            ComputedSource.ASSESSMENTS_SUBMITTED,
        ),
    ],
    "6": [
        (
            "6.1",
            "Số khen thưởng được trao",
            Unit.NUMBER,
            "",
            "",
            Direction.INCREASE,
            None,
            # In proportion to the demo's rounds: a few collectives and people a year.
            T(4, 5, 6, 6, 7, 8, 8, 6, 8),
            "Quyết định khen thưởng trên LearnSociety",
            ComputedSource.COMMENDATIONS_GRANTED,
        ),
        (
            "6.2",
            "Số suất học bổng, giải thưởng khuyến học cho học sinh",
            Unit.NUMBER,
            "",
            "",
            Direction.INCREASE,
            (2023, 21500),
            T(22000, 22500, 23000, 23500, 24000, 24500, 25000, 23500, 25000),
            "Báo cáo của Hội Khuyến học tỉnh",
            "",
        ),
    ],
    "7": [
        (
            "7.1",
            "Tỷ lệ đặc trưng chính của thành phố học tập đã đạt",
            Unit.PERCENTAGE,
            "Đặc trưng đã đạt",
            "Tổng số đặc trưng theo dõi",
            Direction.INCREASE,
            None,
            T(10, 25, 40, 50, 65, 80, 90, 50, 90),
            "Bảng kiểm đặc trưng thành phố học tập UNESCO",
            ComputedSource.LEARNING_CITY_SHARE,
        ),
        (
            "7.2",
            "Số trung tâm học tập cộng đồng hoạt động hiệu quả ở thành phố Sơn La",
            Unit.NUMBER,
            "",
            "",
            Direction.INCREASE,
            (2023, 8),
            T(9, 10, 11, 12, 12, 12, 12, 12, 12),
            "Báo cáo của UBND thành phố Sơn La",
            "",
        ),
        (
            "7.3",
            "Thành phố Sơn La nộp hồ sơ Giải thưởng Thành phố học tập UNESCO",
            Unit.YES_NO,
            "",
            "",
            Direction.INCREASE,
            (2023, 0),
            T(0, 0, 0, 0, 0, 0, 1, 0, 1),
            "Hồ sơ gửi UNESCO",
            "",
        ),
    ],
}

# commitment -> [(title, due, status, done on, owner username)]
MILESTONES = {
    "1": [
        (
            "Ban hành kế hoạch tuyên truyền năm 2024",
            date(2024, 3, 31),
            "done",
            date(2024, 3, 20),
            "staff",
        ),
        (
            "Tổ chức Tuần lễ hưởng ứng học tập suốt đời 2024",
            date(2024, 10, 7),
            "done",
            date(2024, 10, 7),
            "officer",
        ),
        (
            "Tổ chức Tuần lễ hưởng ứng học tập suốt đời 2025",
            date(2025, 10, 6),
            "done",
            date(2025, 10, 6),
            "officer",
        ),
        (
            "Tổ chức Tuần lễ hưởng ứng học tập suốt đời 2026",
            date(2026, 10, 5),
            "done",
            date(2026, 10, 9),
            "officer",
        ),
        ("Sơ kết giữa kỳ công tác tuyên truyền", date(2027, 7, 31), "planned", None, "staff"),
        (
            "Tổng kết công tác tuyên truyền giai đoạn 2024–2030",
            date(2030, 11, 30),
            "planned",
            None,
            "staff",
        ),
    ],
    "2": [
        (
            "Mở chuyên mục “Khuyến học” trên cổng thông tin của Sở",
            date(2024, 6, 30),
            "done",
            date(2024, 6, 15),
            "staff",
        ),
        (
            "Phát hành bản tin khuyến học hằng quý",
            date(2025, 12, 31),
            "done",
            date(2025, 12, 20),
            "officer",
        ),
        (
            "Ra mắt trang mạng xã hội của Hội Khuyến học tỉnh",
            date(2026, 6, 30),
            "in_progress",
            None,
            "officer",
        ),
        ("Đánh giá hiệu quả các diễn đàn", date(2027, 9, 30), "planned", None, "officer"),
    ],
    "3": [
        (
            "Khảo sát chất lượng các trung tâm GDNN–GDTX",
            date(2024, 9, 30),
            "done",
            date(2024, 9, 25),
            "staff",
        ),
        (
            "Tham mưu Đề án phát triển giáo dục thường xuyên",
            date(2025, 6, 30),
            "done",
            date(2025, 7, 10),
            "staff",
        ),
        (
            "Tập huấn cán bộ quản lý trung tâm học tập cộng đồng",
            date(2026, 8, 31),
            "done",
            date(2026, 8, 28),
            "staff",
        ),
        (
            "Kiểm định chất lượng toàn bộ trung tâm GDNN–GDTX",
            date(2028, 12, 31),
            "planned",
            None,
            "staff",
        ),
    ],
    "4": [
        (
            "Hướng dẫn thành lập chi hội khuyến học trong trường học",
            date(2024, 5, 31),
            "done",
            date(2024, 5, 28),
            "officer",
        ),
        (
            "Quỹ khuyến học ở 100% trường THPT",
            date(2025, 12, 31),
            "done",
            date(2025, 12, 15),
            "officer",
        ),
        (
            "Quỹ khuyến học ở 100% cơ sở giáo dục",
            date(2028, 12, 31),
            "in_progress",
            None,
            "officer",
        ),
    ],
    "5": [
        (
            "Hướng dẫn đánh giá theo Thông tư 24/2023/TT-BGDĐT",
            date(2024, 4, 30),
            "done",
            date(2024, 4, 22),
            "staff",
        ),
        (
            "Công nhận “Đơn vị học tập” năm 2024",
            date(2025, 3, 31),
            "done",
            date(2025, 3, 28),
            "staff",
        ),
        (
            "Chuyển giao thẩm quyền công nhận sang cấp xã sau sắp xếp",
            date(2025, 9, 30),
            "done",
            date(2025, 9, 30),
            "staff",
        ),
        ("Công nhận “Đơn vị học tập” năm 2025", date(2026, 3, 31), "in_progress", None, "staff"),
        ("Công nhận “Đơn vị học tập” năm 2026", date(2027, 3, 31), "planned", None, "staff"),
    ],
    "6": [
        (
            "Lễ biểu dương khuyến học, khuyến tài năm 2024",
            date(2024, 12, 20),
            "done",
            date(2024, 12, 18),
            "officer",
        ),
        (
            "Lễ biểu dương khuyến học, khuyến tài năm 2025",
            date(2025, 12, 20),
            "done",
            date(2025, 12, 19),
            "officer",
        ),
        (
            "Lễ biểu dương khuyến học, khuyến tài năm 2026",
            date(2026, 12, 20),
            "planned",
            None,
            "officer",
        ),
    ],
    "7": [
        (
            "Kế hoạch xây dựng thành phố học tập giai đoạn 2024–2030",
            date(2024, 6, 30),
            "done",
            date(2024, 6, 28),
            "staff",
        ),
        (
            "Hội thảo chia sẻ kinh nghiệm thành phố học tập UNESCO",
            date(2025, 11, 30),
            "done",
            date(2025, 11, 25),
            "officer",
        ),
        ("Tự đánh giá theo bộ đặc trưng UNESCO", date(2026, 10, 31), "planned", None, "staff"),
        (
            "Nộp hồ sơ Giải thưởng Thành phố học tập UNESCO",
            date(2030, 6, 30),
            "planned",
            None,
            "staff",
        ),
    ],
}

# (commitment, period, year, status, author, narrative, {indicator: value or (num, den)})
REPORTS = [
    (
        "1",
        PeriodKind.YEAR,
        2024,
        ReportStatus.ACCEPTED,
        "staff",
        "Năm 2024 hai bên đăng 132 tin, bài; 540/610 cơ sở giáo dục tổ chức Tuần lễ hưởng ứng học tập suốt đời.",
        {"1.1": 132, "1.2": (540, 610)},
    ),
    (
        "1",
        PeriodKind.HALF_YEAR,
        2025,
        ReportStatus.ACCEPTED,
        "officer",
        "Sáu tháng đầu năm 2025: 70 tin, bài; chuẩn bị Tuần lễ học tập suốt đời.",
        {"1.1": 70},
    ),
    (
        "1",
        PeriodKind.YEAR,
        2025,
        ReportStatus.ACCEPTED,
        "staff",
        "Năm 2025: 161 tin, bài; 590/610 cơ sở giáo dục tổ chức Tuần lễ.",
        {"1.1": 161, "1.2": (590, 610)},
    ),
    (
        "1",
        PeriodKind.HALF_YEAR,
        2026,
        ReportStatus.SUBMITTED,
        "officer",
        "Sáu tháng đầu năm 2026: 85 tin, bài trên báo Sơn La và cổng thông tin.",
        {"1.1": 85},
    ),
    (
        "2",
        PeriodKind.YEAR,
        2025,
        ReportStatus.RETURNED,
        "officer",
        "Duy trì 4 chuyên mục khuyến học định kỳ.",
        {"2.1": 4},
    ),
    (
        "3",
        PeriodKind.YEAR,
        2024,
        ReportStatus.ACCEPTED,
        "staff",
        "8/12 trung tâm GDNN–GDTX đạt chuẩn; 10.120 học viên.",
        {"3.1": (8, 12), "3.2": 10120},
    ),
    (
        "3",
        PeriodKind.YEAR,
        2025,
        ReportStatus.ACCEPTED,
        "staff",
        "9/12 trung tâm đạt chuẩn, chưa đạt chỉ tiêu 92%; 10.350 học viên.",
        {"3.1": (9, 12), "3.2": 10350},
    ),
    (
        "3",
        PeriodKind.HALF_YEAR,
        2026,
        ReportStatus.DRAFT,
        "staff",
        "Đang tổng hợp số liệu sáu tháng đầu năm 2026.",
        {},
    ),
    (
        "4",
        PeriodKind.YEAR,
        2024,
        ReportStatus.ACCEPTED,
        "officer",
        "512 quỹ khuyến học trong các cơ sở giáo dục.",
        {"4.1": 512},
    ),
    (
        "6",
        PeriodKind.YEAR,
        2024,
        ReportStatus.ACCEPTED,
        "officer",
        "Trao 22.150 suất học bổng, giải thưởng, tổng trị giá trên 3,9 tỷ đồng.",
        {"6.2": 22150},
    ),
    (
        "6",
        PeriodKind.YEAR,
        2025,
        ReportStatus.SUBMITTED,
        "officer",
        "Trao 22.600 suất học bổng, giải thưởng.",
        {"6.2": 22600},
    ),
    (
        "7",
        PeriodKind.YEAR,
        2025,
        ReportStatus.ACCEPTED,
        "staff",
        "10 trung tâm học tập cộng đồng hoạt động hiệu quả; đã tự đánh giá sơ bộ theo bộ đặc trưng.",
        {"7.2": 10, "7.3": 0},
    ),
]

# theme -> [(title, status, evidence)]
FEATURES = {
    FeatureTheme.EMPOWERMENT: [
        (
            "Người dân được tiếp cận cơ hội học tập, kể cả người dân tộc thiểu số và người yếu thế",
            FeatureStatus.IN_PROGRESS,
            "",
        ),
        (
            "Người dân tham gia các hoạt động cộng đồng, tình nguyện",
            FeatureStatus.IN_PLACE,
            "Báo cáo của Mặt trận Tổ quốc thành phố",
        ),
        ("Bình đẳng giới trong học tập", FeatureStatus.IN_PROGRESS, ""),
    ],
    FeatureTheme.ECONOMY: [
        (
            "Người dân được đào tạo kỹ năng nghề phù hợp thị trường lao động",
            FeatureStatus.IN_PROGRESS,
            "",
        ),
        (
            "Hoạt động văn hóa, thư viện, bảo tàng mở cho mọi người",
            FeatureStatus.IN_PLACE,
            "Thư viện tỉnh mở cửa cuối tuần",
        ),
        ("Doanh nghiệp hỗ trợ học tập của người lao động", FeatureStatus.NOT_STARTED, ""),
    ],
    FeatureTheme.SUSTAINABILITY: [
        ("Giáo dục vì sự phát triển bền vững trong trường học", FeatureStatus.IN_PROGRESS, ""),
        (
            "Hoạt động học tập về bảo vệ môi trường ở cộng đồng",
            FeatureStatus.IN_PLACE,
            "Chương trình “Sơn La xanh”",
        ),
    ],
    FeatureTheme.EDUCATION_SYSTEM: [
        (
            "Mở rộng tiếp cận giáo dục mầm non",
            FeatureStatus.IN_PLACE,
            "Tỷ lệ huy động trẻ 5 tuổi 99,8%",
        ),
        ("Tiếp cận giáo dục phổ thông và giáo dục thường xuyên", FeatureStatus.IN_PLACE, ""),
        ("Hỗ trợ người học khuyết tật và yếu thế", FeatureStatus.IN_PROGRESS, ""),
    ],
    FeatureTheme.FAMILIES: [
        (
            "Trung tâm học tập cộng đồng hoạt động hiệu quả",
            FeatureStatus.IN_PLACE,
            "10 trung tâm được đánh giá tốt năm 2025",
        ),
        ("Danh hiệu “Gia đình học tập”, “Dòng họ học tập”", FeatureStatus.IN_PLACE, ""),
        ("Chương trình học tập cho người cao tuổi", FeatureStatus.NOT_STARTED, ""),
    ],
    FeatureTheme.WORKPLACES: [
        ("Danh hiệu “Đơn vị học tập” trong cơ quan, doanh nghiệp", FeatureStatus.IN_PROGRESS, ""),
        ("Đào tạo, bồi dưỡng người lao động tại nơi làm việc", FeatureStatus.IN_PROGRESS, ""),
    ],
    FeatureTheme.TECHNOLOGIES: [
        ("Nền tảng học tập trực tuyến cho người dân", FeatureStatus.IN_PROGRESS, ""),
        ("Kỹ năng số cho “Công dân học tập”", FeatureStatus.NOT_STARTED, ""),
    ],
    FeatureTheme.QUALITY: [
        ("Đánh giá, ghi nhận kết quả học tập không chính quy", FeatureStatus.NOT_STARTED, ""),
        ("Bồi dưỡng đội ngũ giáo viên, báo cáo viên cộng đồng", FeatureStatus.IN_PROGRESS, ""),
    ],
    FeatureTheme.CULTURE: [
        (
            "Tuần lễ hưởng ứng học tập suốt đời hằng năm",
            FeatureStatus.IN_PLACE,
            "Tổ chức hằng năm từ 2024",
        ),
        ("Ngày hội đọc sách, không gian đọc công cộng", FeatureStatus.IN_PLACE, ""),
    ],
    FeatureTheme.POLITICAL_WILL: [
        (
            "Nghị quyết, kế hoạch xây dựng thành phố học tập của thành phố",
            FeatureStatus.IN_PLACE,
            "Kế hoạch của UBND thành phố năm 2024",
        ),
        (
            "Lãnh đạo thành phố cam kết tham gia Mạng lưới UNESCO",
            FeatureStatus.IN_PLACE,
            "Thành viên GNLC từ tháng 2/2024",
        ),
    ],
    FeatureTheme.GOVERNANCE: [
        ("Ban chỉ đạo xây dựng thành phố học tập có đủ các bên", FeatureStatus.IN_PLACE, ""),
        (
            "Cơ chế theo dõi, đánh giá tiến độ",
            FeatureStatus.IN_PROGRESS,
            "Theo dõi trên LearnSociety",
        ),
    ],
    FeatureTheme.RESOURCES: [
        ("Ngân sách thường xuyên cho học tập suốt đời", FeatureStatus.IN_PROGRESS, ""),
        (
            "Huy động nguồn lực xã hội hóa, quỹ khuyến học",
            FeatureStatus.IN_PLACE,
            "Quỹ khuyến học tỉnh trên 31 tỷ đồng",
        ),
    ],
}


def _moment(year: int, month: int, day: int):
    return timezone.make_aware(datetime.combine(date(year, month, day), time(9, 0)))


def load(base: dict) -> None:
    users = base["users"]
    programme, _ = Programme.objects.update_or_create(
        code=PROGRAMME_CODE,
        defaults={
            "title_vi": "Chương trình phối hợp giữa Sở Giáo dục và Đào tạo và Hội Khuyến học "
            "tỉnh Sơn La về đẩy mạnh khuyến học, khuyến tài, xây dựng xã hội học tập "
            "giai đoạn 2024–2030",
            "title_en": "Coordination programme of the Son La Department of Education and "
            "Training and the provincial Association for Learning Promotion on learning and "
            "talent promotion and building a learning society, 2024–2030",
            "start_year": 2024,
            "end_year": 2030,
            "signed_on": date(2024, 1, 3),
        },
    )
    programme.parties.set([base["doet"], base["association"]])
    if not programme.signed_document:
        programme.signed_document.save(
            "chuong-trinh-phoi-hop-2024-2030.pdf",
            ContentFile(minimal_pdf("Chuong trinh phoi hop 2024-2030 (ban ky)")),
        )

    commitments = {}
    for code, title, description, area, lead, partners in COMMITMENTS:
        commitment, _ = Commitment.objects.update_or_create(
            programme=programme,
            code=code,
            defaults={"title": title, "description": description, "area": area, "lead_party": lead},
        )
        commitment.partners.set(Organisation.objects.filter(code__in=partners))
        responsible = {Party.DOET: ["staff"], Party.ASSOCIATION: ["officer"]}.get(
            lead, ["staff", "officer"]
        )
        commitment.responsible.set([users[name] for name in responsible])
        commitments[code] = commitment

    indicators = {}
    for code, rows in INDICATORS.items():
        for icode, name, unit, num, den, direction, baseline, targets, mov, computed in rows:
            indicator, _ = Indicator.objects.update_or_create(
                commitment=commitments[code],
                code=icode,
                defaults={
                    "name": name,
                    "unit": unit,
                    "numerator_label": num,
                    "denominator_label": den,
                    "direction": direction,
                    "baseline_year": baseline[0] if baseline else None,
                    "baseline_value": Decimal(str(baseline[1])) if baseline else None,
                    "means_of_verification": mov,
                    "source": Source.COMPUTED if computed else Source.MANUAL,
                    "computed_source": computed,
                    **targets,
                },
            )
            indicators[icode] = indicator

    for code, rows in MILESTONES.items():
        for title, due, status, done_on, owner in rows:
            Milestone.objects.update_or_create(
                commitment=commitments[code],
                title=title,
                defaults={
                    "due_date": due,
                    "status": MilestoneStatus(status),
                    "done_on": done_on,
                    "owner": users[owner],
                },
            )

    for code, period, year, status, author, narrative, values in REPORTS:
        _report(
            commitments[code], period, year, status, users, author, narrative, values, indicators
        )

    position = 0
    for theme, rows in FEATURES.items():
        for title, status, evidence in rows:
            position += 1
            LearningCityFeature.objects.update_or_create(
                commitment=commitments["7"],
                title=title,
                defaults={
                    "theme": theme,
                    "status": status,
                    "evidence_note": evidence,
                    "position": position,
                },
            )


def _report(commitment, period, year, status, users, author, narrative, values, indicators):
    author_user = users[author]
    reviewer = users["officer" if author == "staff" else "staff"]
    party = Party.DOET if author == "staff" else Party.ASSOCIATION
    submitted = _moment(year, 7, 10) if period == PeriodKind.HALF_YEAR else _moment(year, 12, 10)
    reviewed = _moment(year, 7, 20) if period == PeriodKind.HALF_YEAR else _moment(year, 12, 14)
    report, created = ProgressReport.objects.update_or_create(
        commitment=commitment,
        period=period,
        year=year,
        defaults={
            "narrative": narrative,
            "status": status,
            "author_party": party,
            "created_by": author_user,
            "submitted_at": submitted if status != ReportStatus.DRAFT else None,
            "reviewed_by": reviewer
            if status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
            else None,
            "reviewed_at": reviewed
            if status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
            else None,
            "review_comment": "Đề nghị bổ sung đường dẫn các chuyên mục và số liệu theo quý."
            if status == ReportStatus.RETURNED
            else "",
        },
    )
    evidence = None
    if not report.evidence.exists():
        evidence = EvidenceFile(report=report, title="", uploaded_by=author_user)
        evidence.file.save(
            f"bao-cao-{commitment.code}-{period}-{year}.pdf",
            ContentFile(minimal_pdf(f"Bao cao {commitment.code} {period} {year}")),
            save=False,
        )
        evidence.save()
    evidence = evidence or report.evidence.first()
    for icode, value in values.items():
        numerator = denominator = None
        if isinstance(value, tuple):
            numerator, denominator = (Decimal(value[0]), Decimal(value[1]))
            value = (numerator * 100 / denominator).quantize(Decimal("0.01"))
        row, _ = IndicatorValue.objects.update_or_create(
            report=report,
            indicator=indicators[icode],
            defaults={
                "value": Decimal(str(value)),
                "numerator": numerator,
                "denominator": denominator,
            },
        )
        if evidence is not None:  # the report's own, made above when it had none
            row.evidence.set([evidence])
    if created and status != ReportStatus.DRAFT:
        ReportTransition.objects.create(
            report=report,
            from_status=ReportStatus.DRAFT,
            to_status=ReportStatus.SUBMITTED,
            by=author_user,
            at=submitted,
        )
        if status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED):
            ReportTransition.objects.create(
                report=report,
                from_status=ReportStatus.SUBMITTED,
                to_status=status,
                by=reviewer,
                at=reviewed,
                comment=report.review_comment,
            )
