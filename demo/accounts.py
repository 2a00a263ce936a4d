"""Demo province: Son La with its official post-2025 communes and wards (loaded from the
``vietnam-provinces`` package), its 12 district-level units abolished on 30 June 2025,
about 60 schools, the DOET, the Association, the Ministry (for the national viewer), the
former district People's Committees and education offices, the People's Committees and
culture and society offices of the communes and wards where the demo's schools are, and the
demo accounts.

Idempotent: every row is found by a natural key (code or username) and updated in place.
Other apps extend the demo in their own ``demo.py`` (see ``load_demo``).
"""

from __future__ import annotations

from django.db import transaction

from accounts.areas import PRE_REFORM_END, REFORM_DATE, areas_load, pre_reform_code
from accounts.enums import AreaLevel, OrganisationKind, Role, Tier
from accounts.models import AdministrativeArea, DocumentTemplate, Membership, Organisation, User

DEMO_PASSWORD = "learnsociety-demo"
DISTRICTS_END = PRE_REFORM_END
COMMUNES_START = REFORM_DATE
PROVINCE = "14"

# GSO codes of Son La's district-level units before 1 July 2025 (stored as "14-116" etc.,
# see accounts/areas.py). Mộc Châu was a town (thị xã), not a district.
DISTRICTS = [
    ("116", "Thành phố Sơn La"),
    ("118", "Huyện Quỳnh Nhai"),
    ("119", "Huyện Thuận Châu"),
    ("120", "Huyện Mường La"),
    ("121", "Huyện Bắc Yên"),
    ("122", "Huyện Phù Yên"),
    ("123", "Thị xã Mộc Châu"),
    ("124", "Huyện Yên Châu"),
    ("125", "Huyện Mai Sơn"),
    ("126", "Huyện Sông Mã"),
    ("127", "Huyện Sốp Cộp"),
    ("128", "Huyện Vân Hồ"),
]
# The four wards that took over Son La city's area on 1 July 2025 (DOMAIN.md, §1.7).
SON_LA_CITY_WARDS = ["3646", "3667", "3670", "3679"]

# Education levels, shared with the units app (it stores them on its School profile).
DISTRICT_TIER_LEVELS = {"preschool", "primary", "primary_lower_secondary", "lower_secondary"}

# (code, name, level, district code)
SCHOOLS = [
    ("SL-THCS-CHIENGLE", "Trường THCS Chiềng Lề", "lower_secondary", "116"),
    ("SL-THCS-QUYETTHANG", "Trường THCS Quyết Thắng", "lower_secondary", "116"),
    ("SL-THCS-TOHIEU", "Trường THCS Tô Hiệu", "lower_secondary", "116"),
    ("SL-MN-HOABAN", "Trường Mầm non Hoa Ban", "preschool", "116"),
    ("SL-MN-HOAHONG", "Trường Mầm non Hoa Hồng", "preschool", "116"),
    ("SL-MN-CHIENGCOI", "Trường Mầm non Chiềng Cơi", "preschool", "116"),
    ("SL-TH-QUYETTHANG", "Trường Tiểu học Quyết Thắng", "primary", "116"),
    ("SL-TH-TOHIEU", "Trường Tiểu học Tô Hiệu", "primary", "116"),
    ("SL-TH-CHIENGSINH", "Trường Tiểu học Chiềng Sinh", "primary", "116"),
    ("SL-THCS-CHIENGNGAN", "Trường TH và THCS Chiềng Ngần", "primary_lower_secondary", "116"),
    ("SL-THPT-CHUYEN", "Trường THPT Chuyên Sơn La", "upper_secondary", "116"),
    ("SL-THPT-TOHIEU", "Trường THPT Tô Hiệu", "upper_secondary", "116"),
    ("SL-THPT-CHIENGSINH", "Trường THPT Chiềng Sinh", "upper_secondary", "116"),
    ("SL-DTNT-TINH", "Trường Phổ thông Dân tộc nội trú tỉnh Sơn La", "ethnic_boarding", "116"),
    ("SL-GDTX-TINH", "Trung tâm GDNN–GDTX tỉnh Sơn La", "continuing_education", "116"),
    ("SL-CD-SONLA", "Trường Cao đẳng Sơn La", "vocational", "116"),
    ("SL-LIENCAP-HOASEN", "Trường TH, THCS và THPT Hoa Sen", "multi_level", "116"),
    ("MC-THCS-MOCLY", "Trường THCS Mộc Lỵ", "lower_secondary", "123"),
    ("MC-MN-SAOMAI", "Trường Mầm non Sao Mai", "preschool", "123"),
    ("MC-TH-MOCCHAU", "Trường Tiểu học Thị trấn Mộc Châu", "primary", "123"),
    ("MC-THPT-MOCLY", "Trường THPT Mộc Lỵ", "upper_secondary", "123"),
    ("MC-THPT-THAOGUYEN", "Trường THPT Thảo Nguyên", "upper_secondary", "123"),
    ("MC-GDTX", "Trung tâm GDNN–GDTX huyện Mộc Châu", "continuing_education", "123"),
    ("QN-MN-MUONGGIANG", "Trường Mầm non Mường Giàng", "preschool", "118"),
    ("QN-THCS-MUONGGIANG", "Trường THCS Mường Giàng", "lower_secondary", "118"),
    ("QN-THPT-QUYNHNHAI", "Trường THPT Quỳnh Nhai", "upper_secondary", "118"),
    ("TC-MN-THUANCHAU", "Trường Mầm non Thị trấn Thuận Châu", "preschool", "119"),
    ("TC-TH-THUANCHAU", "Trường Tiểu học Thị trấn Thuận Châu", "primary", "119"),
    ("TC-THCS-TONGLANH", "Trường TH và THCS Tông Lạnh", "primary_lower_secondary", "119"),
    ("TC-THPT-THUANCHAU", "Trường THPT Thuận Châu", "upper_secondary", "119"),
    ("TC-DTNT", "Trường PT Dân tộc nội trú huyện Thuận Châu", "ethnic_boarding", "119"),
    ("ML-MN-ITONG", "Trường Mầm non Ít Ong", "preschool", "120"),
    ("ML-THCS-ITONG", "Trường THCS Ít Ong", "lower_secondary", "120"),
    ("ML-THPT-MUONGLA", "Trường THPT Mường La", "upper_secondary", "120"),
    ("BY-MN-BACYEN", "Trường Mầm non Thị trấn Bắc Yên", "preschool", "121"),
    ("BY-TH-BACYEN", "Trường Tiểu học Thị trấn Bắc Yên", "primary", "121"),
    ("BY-THPT-BACYEN", "Trường THPT Bắc Yên", "upper_secondary", "121"),
    ("PY-MN-PHUYEN", "Trường Mầm non Thị trấn Phù Yên", "preschool", "122"),
    ("PY-THCS-QUANGHUY", "Trường THCS Quang Huy", "lower_secondary", "122"),
    ("PY-THPT-PHUYEN", "Trường THPT Phù Yên", "upper_secondary", "122"),
    ("PY-THPT-GIACHAI", "Trường THCS và THPT Gia Phù", "lower_upper_secondary", "122"),
    ("YC-MN-YENCHAU", "Trường Mầm non Thị trấn Yên Châu", "preschool", "124"),
    ("YC-TH-VIETLAM", "Trường TH và THCS Viêng Lán", "primary_lower_secondary", "124"),
    ("YC-THPT-YENCHAU", "Trường THPT Yên Châu", "upper_secondary", "124"),
    ("MS-MN-HATLOT", "Trường Mầm non Hát Lót", "preschool", "125"),
    ("MS-TH-HATLOT", "Trường Tiểu học Hát Lót", "primary", "125"),
    ("MS-THCS-HATLOT", "Trường THCS Hát Lót", "lower_secondary", "125"),
    ("MS-THPT-MAISON", "Trường THPT Mai Sơn", "upper_secondary", "125"),
    ("MS-THPT-COTOI", "Trường THCS và THPT Tô Hiệu Mai Sơn", "lower_upper_secondary", "125"),
    ("SM-MN-SONGMA", "Trường Mầm non Thị trấn Sông Mã", "preschool", "126"),
    ("SM-TH-SONGMA", "Trường Tiểu học Thị trấn Sông Mã", "primary", "126"),
    ("SM-THCS-SONGMA", "Trường THCS Thị trấn Sông Mã", "lower_secondary", "126"),
    ("SM-THPT-SONGMA", "Trường THPT Sông Mã", "upper_secondary", "126"),
    ("SC-MN-SOPCOP", "Trường Mầm non Sốp Cộp", "preschool", "127"),
    ("SC-TH-SOPCOP", "Trường TH và THCS Sốp Cộp", "primary_lower_secondary", "127"),
    ("SC-THPT-SOPCOP", "Trường THPT Sốp Cộp", "upper_secondary", "127"),
    ("VH-MN-VANHO", "Trường Mầm non Vân Hồ", "preschool", "128"),
    ("VH-TH-VANHO", "Trường Tiểu học Vân Hồ", "primary", "128"),
    ("VH-THCS-VANHO", "Trường THCS Vân Hồ", "lower_secondary", "128"),
    ("VH-THPT-VANHO", "Trường THPT Vân Hồ", "upper_secondary", "128"),
]

# The official commune or ward (package code) each demo school belongs to since 1 July 2025.
# The schools are demo data: their placement follows the names of the old and new units and
# is not an official list (Resolution 1681/NQ-UBTVQH15 of 16 June 2025 is the source for a
# real deployment, loaded with the reform import).
SCHOOL_COMMUNES = {
    "SL-THCS-CHIENGLE": "3646",
    "SL-THCS-QUYETTHANG": "3646",
    "SL-THCS-TOHIEU": "3646",
    "SL-MN-HOABAN": "3646",
    "SL-MN-HOAHONG": "3646",
    "SL-MN-CHIENGCOI": "3670",
    "SL-TH-QUYETTHANG": "3646",
    "SL-TH-TOHIEU": "3646",
    "SL-TH-CHIENGSINH": "3679",
    "SL-THCS-CHIENGNGAN": "3679",
    "SL-THPT-CHUYEN": "3646",
    "SL-THPT-TOHIEU": "3646",
    "SL-THPT-CHIENGSINH": "3679",
    "SL-DTNT-TINH": "3667",
    "SL-GDTX-TINH": "3670",
    "SL-CD-SONLA": "3679",
    "SL-LIENCAP-HOASEN": "3646",
    "MC-THCS-MOCLY": "3980",
    "MC-MN-SAOMAI": "3980",
    "MC-TH-MOCCHAU": "3980",
    "MC-THPT-MOCLY": "3980",
    "MC-THPT-THAOGUYEN": "3982",
    "MC-GDTX": "3979",
    "QN-MN-MUONGGIANG": "3703",
    "QN-THCS-MUONGGIANG": "3703",
    "QN-THPT-QUYNHNHAI": "3703",
    "TC-MN-THUANCHAU": "3721",
    "TC-TH-THUANCHAU": "3721",
    "TC-THCS-TONGLANH": "3721",
    "TC-THPT-THUANCHAU": "3721",
    "TC-DTNT": "3721",
    "ML-MN-ITONG": "3808",
    "ML-THCS-ITONG": "3808",
    "ML-THPT-MUONGLA": "3808",
    "BY-MN-BACYEN": "3856",
    "BY-TH-BACYEN": "3856",
    "BY-THPT-BACYEN": "3856",
    "PY-MN-PHUYEN": "3910",
    "PY-THCS-QUANGHUY": "3910",
    "PY-THPT-PHUYEN": "3910",
    "PY-THPT-GIACHAI": "3922",
    "YC-MN-YENCHAU": "4075",
    "YC-TH-VIETLAM": "4075",
    "YC-THPT-YENCHAU": "4075",
    "MS-MN-HATLOT": "4105",
    "MS-TH-HATLOT": "4105",
    "MS-THCS-HATLOT": "4105",
    "MS-THPT-MAISON": "4105",
    "MS-THPT-COTOI": "4105",
    "SM-MN-SONGMA": "4168",
    "SM-TH-SONGMA": "4168",
    "SM-THCS-SONGMA": "4168",
    "SM-THPT-SONGMA": "4168",
    "SC-MN-SOPCOP": "4231",
    "SC-TH-SOPCOP": "4231",
    "SC-THPT-SOPCOP": "4231",
    "VH-MN-VANHO": "4048",
    "VH-TH-VANHO": "4048",
    "VH-THCS-VANHO": "4048",
    "VH-THPT-VANHO": "4048",
}
# The commune, ward or township each demo school was in until 30 June 2025, by its name in
# the statistics office's list of 4 January 2025 (as published in the ``vietnam-provinces``
# package, version 0.6.0). Stored as "14-<district>-<name>" (see accounts/areas.py), valid
# until 30 June 2025, under its district, with the school's commune or ward since 1 July
# 2025 as successor. Like SCHOOL_COMMUNES, the placement of demo schools follows their
# names and is demo data, not the official list.
SCHOOL_OLD_COMMUNES = {
    "SL-THCS-CHIENGLE": "Phường Chiềng Lề",
    "SL-THCS-QUYETTHANG": "Phường Quyết Thắng",
    "SL-THCS-TOHIEU": "Phường Tô Hiệu",
    "SL-MN-HOABAN": "Phường Chiềng Lề",
    "SL-MN-HOAHONG": "Phường Chiềng Lề",
    "SL-MN-CHIENGCOI": "Phường Chiềng Cơi",
    "SL-TH-QUYETTHANG": "Phường Quyết Thắng",
    "SL-TH-TOHIEU": "Phường Tô Hiệu",
    "SL-TH-CHIENGSINH": "Phường Chiềng Sinh",
    "SL-THCS-CHIENGNGAN": "Xã Chiềng Ngần",
    "SL-THPT-CHUYEN": "Phường Chiềng Lề",
    "SL-THPT-TOHIEU": "Phường Tô Hiệu",
    "SL-THPT-CHIENGSINH": "Phường Chiềng Sinh",
    "SL-DTNT-TINH": "Phường Chiềng An",
    "SL-GDTX-TINH": "Phường Chiềng Cơi",
    "SL-CD-SONLA": "Phường Chiềng Sinh",
    "SL-LIENCAP-HOASEN": "Phường Chiềng Lề",
    "MC-THCS-MOCLY": "Thị trấn Mộc Châu",
    "MC-MN-SAOMAI": "Thị trấn Mộc Châu",
    "MC-TH-MOCCHAU": "Thị trấn Mộc Châu",
    "MC-THPT-MOCLY": "Thị trấn Mộc Châu",
    "MC-THPT-THAOGUYEN": "Thị trấn NT Mộc Châu",
    "MC-GDTX": "Thị trấn Mộc Châu",
    "QN-MN-MUONGGIANG": "Xã Mường Giàng",
    "QN-THCS-MUONGGIANG": "Xã Mường Giàng",
    "QN-THPT-QUYNHNHAI": "Xã Mường Giàng",
    "TC-MN-THUANCHAU": "Thị trấn Thuận Châu",
    "TC-TH-THUANCHAU": "Thị trấn Thuận Châu",
    "TC-THCS-TONGLANH": "Xã Tông Lạnh",
    "TC-THPT-THUANCHAU": "Thị trấn Thuận Châu",
    "TC-DTNT": "Thị trấn Thuận Châu",
    "ML-MN-ITONG": "Thị trấn Ít Ong",
    "ML-THCS-ITONG": "Thị trấn Ít Ong",
    "ML-THPT-MUONGLA": "Thị trấn Ít Ong",
    "BY-MN-BACYEN": "Thị trấn Bắc Yên",
    "BY-TH-BACYEN": "Thị trấn Bắc Yên",
    "BY-THPT-BACYEN": "Thị trấn Bắc Yên",
    "PY-MN-PHUYEN": "Thị trấn Phù Yên",
    "PY-THCS-QUANGHUY": "Xã Quang Huy",
    "PY-THPT-PHUYEN": "Xã Quang Huy",
    "PY-THPT-GIACHAI": "Xã Gia Phù",
    "YC-MN-YENCHAU": "Thị trấn Yên Châu",
    "YC-TH-VIETLAM": "Xã Viêng Lán",
    "YC-THPT-YENCHAU": "Xã Viêng Lán",
    "MS-MN-HATLOT": "Xã Hát Lót",
    "MS-TH-HATLOT": "Xã Hát Lót",
    "MS-THCS-HATLOT": "Xã Hát Lót",
    "MS-THPT-MAISON": "Thị trấn Hát Lót",
    "MS-THPT-COTOI": "Thị trấn Hát Lót",
    "SM-MN-SONGMA": "Thị trấn Sông Mã",
    "SM-TH-SONGMA": "Thị trấn Sông Mã",
    "SM-THCS-SONGMA": "Thị trấn Sông Mã",
    "SM-THPT-SONGMA": "Thị trấn Sông Mã",
    "SC-MN-SOPCOP": "Xã Sốp Cộp",
    "SC-TH-SOPCOP": "Xã Sốp Cộp",
    "SC-THPT-SOPCOP": "Xã Sốp Cộp",
    "VH-MN-VANHO": "Xã Vân Hồ",
    "VH-TH-VANHO": "Xã Vân Hồ",
    "VH-THCS-VANHO": "Xã Vân Hồ",
    "VH-THPT-VANHO": "Xã Vân Hồ",
}
# The commune whose culture and society office the demo reviewer works in: the ward of the
# principal's school since 1 July 2025.
REVIEWER_COMMUNE = "3646"

# username -> (full name, e-mail, role, organisation code)
ACCOUNTS = {
    "admin": ("Quản trị hệ thống", "admin@example.org", Role.ADMINISTRATOR, "SO-GDDT"),
    "staff": ("Nguyễn Thị Hạnh", "staff@example.org", Role.DEPARTMENT_STAFF, "SO-GDDT"),
    "officer": ("Lò Văn Minh", "officer@example.org", Role.ASSOCIATION_OFFICER, "HOI-KH"),
    "principal": ("Cầm Thị Lan", "principal@example.org", Role.PRINCIPAL, "SL-THCS-CHIENGLE"),
    "principal2": ("Hà Văn Tuấn", "principal2@example.org", Role.PRINCIPAL, "MC-THCS-MOCLY"),
    "reviewer": ("Quàng Thị Mai", "reviewer@example.org", Role.TIER_REVIEWER, "VHXH-3646"),
    # Reads every province, changes nothing (issue 18).
    "national": ("Trần Quốc Khánh", "national@example.org", Role.NATIONAL_VIEWER, "BO-GDDT"),
}
# Accounts kept for history only: they cannot log in (inactive), but earlier dossiers name
# them. The education office of Son La city reviewed the district-tier cycles until 2025.
HISTORY_ACCOUNTS = {
    "reviewer_city": (
        "Lường Văn Thắng",
        "reviewer.city@example.org",
        Role.TIER_REVIEWER,
        "PGD-116",
    ),
}


# Demo document templates (Decree 30/2020/NĐ-CP layout). Only "SGDĐT" is a code named by
# the project; the other codes, the proposal lines and the signers are demo data that an
# administrator replaces under Document templates.
COMMENDATION_BASES = (
    "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;\n"
    "Căn cứ Nghị định số 98/2023/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều "
    "của Luật Thi đua, khen thưởng;"
)
DOCUMENT_TEMPLATES = {
    "SO-GDDT": {
        "governing_body": "UBND TỈNH SƠN LA",
        "issuing_body": "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "code": "SGDĐT",
        "place": "Sơn La",
        "deciding_authority": "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "legal_bases": "Căn cứ quyết định của Ủy ban nhân dân tỉnh Sơn La quy định chức năng, "
        "nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Giáo dục và Đào tạo;",
        "commendation_bases": COMMENDATION_BASES,
        "proposal": "Theo đề nghị của Chánh Văn phòng Sở.",
        "executors": "Chánh Văn phòng Sở, Trưởng các phòng thuộc Sở",
        "recipients": "Như Điều 3;\nGiám đốc, các Phó Giám đốc Sở;\nLưu: VT.",
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn Thành",
        "giver_title": "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH SƠN LA",
    },
    "HOI-KH": {
        "issuing_body": "HỘI KHUYẾN HỌC TỈNH SƠN LA",
        "code": "HKH",
        "place": "Sơn La",
        "deciding_authority": "CHỦ TỊCH HỘI KHUYẾN HỌC TỈNH SƠN LA",
        "legal_bases": "Căn cứ Điều lệ Hội Khuyến học Việt Nam;",
        "commendation_bases": "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;",
        "proposal": "Theo đề nghị của Chánh Văn phòng Hội.",
        "executors": "Chánh Văn phòng Hội",
        "recipients": "Như Điều 3;\nThường trực Hội;\nLưu: VP.",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Lò Văn Minh",
        "giver_title": "CHỦ TỊCH HỘI KHUYẾN HỌC TỈNH SƠN LA",
    },
    "UBND-116": {
        "issuing_body": "ỦY BAN NHÂN DÂN THÀNH PHỐ SƠN LA",
        "code": "UBND",
        "place": "Sơn La",
        "deciding_authority": "ỦY BAN NHÂN DÂN THÀNH PHỐ SƠN LA",
        "legal_bases": "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "commendation_bases": COMMENDATION_BASES,
        "proposal": "Theo đề nghị của Trưởng phòng Giáo dục và Đào tạo thành phố.",
        "executors": "Chánh Văn phòng Ủy ban nhân dân thành phố, Trưởng phòng Giáo dục và "
        "Đào tạo thành phố",
        "recipients": "Như Điều 3;\nSở Giáo dục và Đào tạo;\nLưu: VT.",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Lò Văn Hùng",
        "giver_title": "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ SƠN LA",
    },
}


AREA_KINDS = ("Thành phố ", "Thị trấn ", "Thị xã ", "Huyện ", "Phường ", "Xã ")


def _committee_template(organisation: Organisation) -> dict:
    """Demo letterhead of a district or commune People's Committee, from its name."""
    name = organisation.name.upper()
    place = organisation.area.name if organisation.area else organisation.name
    for kind in AREA_KINDS:
        place = place.removeprefix(kind)
    return {
        "issuing_body": name,
        "code": "UBND",
        "place": place,
        "deciding_authority": name,
        "legal_bases": "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "commendation_bases": COMMENDATION_BASES,
        "executors": "Chánh Văn phòng Ủy ban nhân dân",
        "recipients": "Như Điều 3;\nLưu: VT.",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "giver_title": f"CHỦ TỊCH {name}",
    }


def _document_templates() -> None:
    """A first version for each demo issuer (every People's Committee included); later
    versions are the administrators'."""
    issuers = dict(DOCUMENT_TEMPLATES)
    for organisation in Organisation.objects.filter(kind=OrganisationKind.PEOPLES_COMMITTEE):
        issuers.setdefault(organisation.code, _committee_template(organisation))
    with_template = set(
        DocumentTemplate.objects.values_list("organisation__code", flat=True).distinct()
    )
    for code, fields in issuers.items():
        if code in with_template:
            continue
        organisation = Organisation.objects.get(code=code)
        DocumentTemplate.objects.create(organisation=organisation, version=1, **fields)


def _org(code: str, **fields) -> Organisation:
    org, _created = Organisation.objects.update_or_create(code=code, defaults=fields)
    return org


def _place(name: str) -> str:
    """ "Huyện Mai Sơn" -> "huyện Mai Sơn", "Phường Tô Hiệu" -> "phường Tô Hiệu"."""
    return name[:1].lower() + name[1:]


def _user(username: str, full_name: str, email: str, *, active: bool = True) -> User:
    user, created = User.objects.get_or_create(username=username)
    user.full_name = full_name
    user.email = email
    user.is_active = active
    if username == "admin":
        user.is_staff = user.is_superuser = True
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@transaction.atomic
def load() -> dict:
    """Create or update the demo province and accounts. Returns the main objects so
    other apps' demo loaders can build on them."""
    areas_load(province_codes=[int(PROVINCE)])
    province = AdministrativeArea.objects.get(code=PROVINCE)
    communes = {a.code: a for a in AdministrativeArea.objects.filter(parent=province)}
    districts = {}
    for code, name in DISTRICTS:
        districts[code], _ = AdministrativeArea.objects.update_or_create(
            code=pre_reform_code(PROVINCE, code),
            defaults={
                "name": name,
                "level": AreaLevel.DISTRICT,
                "parent": province,
                "valid_to": DISTRICTS_END,
            },
        )
    # Earlier demos typed four wards by hand; the official ones replace them.
    AdministrativeArea.objects.filter(code__startswith=f"{PROVINCE}-W-").delete()
    wards = [communes[code] for code in SON_LA_CITY_WARDS]
    school_district = {code: district for code, _n, _l, district in SCHOOLS}
    for code, _name in DISTRICTS:
        successors = {communes[c] for s, c in SCHOOL_COMMUNES.items() if school_district[s] == code}
        if code == "116":
            successors |= set(wards)
        districts[code].successors.add(*successors)
    # The old communes of the demo's schools, each followed by its school's new commune.
    old_communes: dict[tuple[str, str], AdministrativeArea] = {}
    for school_code, name in SCHOOL_OLD_COMMUNES.items():
        district = school_district[school_code]
        area = old_communes.get((district, name))
        if area is None:
            area, _ = AdministrativeArea.objects.update_or_create(
                code=pre_reform_code(PROVINCE, district, name),
                defaults={
                    "name": name,
                    "level": AreaLevel.COMMUNE,
                    "parent": districts[district],
                    "valid_to": DISTRICTS_END,
                },
            )
            old_communes[(district, name)] = area
        area.successors.add(communes[SCHOOL_COMMUNES[school_code]])

    doet = _org(
        "SO-GDDT",
        name="Sở Giáo dục và Đào tạo tỉnh Sơn La",
        short_name="Sở GD&ĐT",
        kind=OrganisationKind.DEPARTMENT,
        tier=Tier.PROVINCIAL,
        area=province,
    )
    association = _org(
        "HOI-KH",
        name="Hội Khuyến học tỉnh Sơn La",
        short_name="Hội Khuyến học",
        kind=OrganisationKind.ASSOCIATION,
        tier=Tier.PROVINCIAL,
        area=province,
    )
    # The Ministry: national, so no area and no recognition tier. The national viewer works
    # there, and the awards demo takes it as the higher body of its bằng khen.
    ministry = _org(
        "BO-GDDT",
        name="Bộ Giáo dục và Đào tạo",
        short_name="Bộ GD&ĐT",
        kind=OrganisationKind.MINISTRY,
        tier="",
        area=None,
    )
    # The district level until 30 June 2025: People's Committees and education offices,
    # kept (inactive) because earlier cycles were decided and reviewed by them.
    district_committees, offices = {}, {}
    for code, name in DISTRICTS:
        place = _place(name)
        district_committees[code] = _org(
            f"UBND-{code}",
            name=f"Ủy ban nhân dân {place}",
            short_name=f"UBND {place}",
            kind=OrganisationKind.PEOPLES_COMMITTEE,
            tier=Tier.DISTRICT,
            area=districts[code],
            is_active=False,
        )
        offices[code] = _org(
            f"PGD-{code}",
            name=f"Phòng Giáo dục và Đào tạo {place}",
            short_name=f"Phòng GD&ĐT {place}",
            kind=OrganisationKind.EDUCATION_OFFICE,
            tier=Tier.DISTRICT,
            parent=doet,
            area=districts[code],
            is_active=False,
        )
    # The commune level since 1 July 2025: each commune or ward with demo schools has its
    # People's Committee (the recognising authority) and its culture and society office
    # (the reviewer of its schools' dossiers).
    commune_committees, culture_offices = {}, {}
    for code in sorted(set(SCHOOL_COMMUNES.values()), key=int):
        area = communes[code]
        place = _place(area.name)
        commune_committees[code] = _org(
            f"UBND-{code}",
            name=f"Ủy ban nhân dân {place}",
            short_name=f"UBND {place}",
            kind=OrganisationKind.PEOPLES_COMMITTEE,
            tier=Tier.COMMUNE,
            area=area,
            is_active=True,
        )
        culture_offices[code] = _org(
            f"VHXH-{code}",
            name=f"Phòng Văn hóa - Xã hội {place}",
            short_name=f"Phòng VH-XH {place}",
            kind=OrganisationKind.CULTURE_SOCIETY_OFFICE,
            tier=Tier.COMMUNE,
            parent=commune_committees[code],
            area=area,
            is_active=True,
        )
    schools = {}
    for code, name, level, _district in SCHOOLS:
        commune = SCHOOL_COMMUNES[code]
        lower = level in DISTRICT_TIER_LEVELS
        schools[code] = _org(
            code,
            name=name,
            kind=OrganisationKind.SCHOOL,
            tier=Tier.COMMUNE if lower else Tier.PROVINCIAL,
            area=communes[commune],
            parent=commune_committees[commune] if lower else doet,
        )

    users = {}
    for username, (full_name, email, role, org_code) in ACCOUNTS.items():
        user = _user(username, full_name, email)
        organisation = Organisation.objects.get(code=org_code)
        Membership.objects.update_or_create(
            user=user, organisation=organisation, role=role, defaults={"is_active": True}
        )
        # A demo database from before the reform had the reviewer in the city's office.
        Membership.objects.filter(user=user).exclude(organisation=organisation).update(
            is_active=False
        )
        users[username] = user
    for username, (full_name, email, role, org_code) in HISTORY_ACCOUNTS.items():
        user = _user(username, full_name, email, active=False)
        Membership.objects.update_or_create(
            user=user,
            organisation=Organisation.objects.get(code=org_code),
            role=role,
            defaults={"is_active": True},
        )
        users[username] = user
    _document_templates()

    return {
        "province": province,
        "districts": districts,
        "communes": communes,
        "wards": wards,
        "school_districts": {code: districts[d] for code, d in school_district.items()},
        "school_old_communes": {
            code: old_communes[(school_district[code], name)]
            for code, name in SCHOOL_OLD_COMMUNES.items()
        },
        "doet": doet,
        "association": association,
        "ministry": ministry,
        "city_committee": district_committees["116"],
        "district_committees": district_committees,
        "commune_committees": commune_committees,
        "culture_offices": culture_offices,
        "offices": offices,
        "schools": schools,
        "users": users,
    }
