"""Demo province: Son La with its 12 pre-2025 districts, about 60 schools, the DOET, the
Association, education offices, the Son La city People's Committee and the demo accounts.

Idempotent: every row is found by a natural key (code or username) and updated in place.
Other apps extend the demo in their own ``demo.py`` (see ``load_demo``).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from .enums import AreaLevel, OrganisationKind, Role, Tier
from .models import AdministrativeArea, Membership, Organisation, User

DEMO_PASSWORD = "learnsociety-demo"
DISTRICTS_END = date(2025, 6, 30)
COMMUNES_START = date(2025, 7, 1)

# GSO codes of Son La's district-level units before 1 July 2025.
DISTRICTS = [
    ("116", "Thành phố Sơn La"),
    ("118", "Huyện Quỳnh Nhai"),
    ("119", "Huyện Thuận Châu"),
    ("120", "Huyện Mường La"),
    ("121", "Huyện Bắc Yên"),
    ("122", "Huyện Phù Yên"),
    ("123", "Huyện Mộc Châu"),
    ("124", "Huyện Yên Châu"),
    ("125", "Huyện Mai Sơn"),
    ("126", "Huyện Sông Mã"),
    ("127", "Huyện Sốp Cộp"),
    ("128", "Huyện Vân Hồ"),
]
# A few of the wards/communes that took over from Son La city on 1 July 2025
# (enough to show the reorganisation; the full list is imported by administrators).
SON_LA_CITY_WARDS = [
    ("W-TOHIEU", "Phường Tô Hiệu"),
    ("W-CHIENGAN", "Phường Chiềng An"),
    ("W-CHIENGCOI", "Phường Chiềng Cơi"),
    ("W-CHIENGSINH", "Phường Chiềng Sinh"),
]

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

# username -> (full name, e-mail, role, organisation code)
ACCOUNTS = {
    "admin": ("Quản trị hệ thống", "admin@example.org", Role.ADMINISTRATOR, "SO-GDDT"),
    "staff": ("Nguyễn Thị Hạnh", "staff@example.org", Role.DEPARTMENT_STAFF, "SO-GDDT"),
    "officer": ("Lò Văn Minh", "officer@example.org", Role.ASSOCIATION_OFFICER, "HOI-KH"),
    "principal": ("Cầm Thị Lan", "principal@example.org", Role.PRINCIPAL, "SL-THCS-CHIENGLE"),
    "principal2": ("Hà Văn Tuấn", "principal2@example.org", Role.PRINCIPAL, "MC-THCS-MOCLY"),
    "reviewer": ("Quàng Thị Mai", "reviewer@example.org", Role.TIER_REVIEWER, "PGD-116"),
}


def _org(code: str, **fields) -> Organisation:
    org, _created = Organisation.objects.update_or_create(code=code, defaults=fields)
    return org


@transaction.atomic
def load() -> dict:
    """Create or update the demo province and accounts. Returns the main objects so
    other apps' demo loaders can build on them."""
    province, _ = AdministrativeArea.objects.update_or_create(
        code="14", defaults={"name": "Tỉnh Sơn La", "level": AreaLevel.PROVINCE, "parent": None}
    )
    districts = {}
    for code, name in DISTRICTS:
        districts[code], _ = AdministrativeArea.objects.update_or_create(
            code=f"14-{code}",
            defaults={
                "name": name,
                "level": AreaLevel.DISTRICT,
                "parent": province,
                "valid_to": DISTRICTS_END,
            },
        )
    wards = []
    for code, name in SON_LA_CITY_WARDS:
        ward, _ = AdministrativeArea.objects.update_or_create(
            code=f"14-{code}",
            defaults={
                "name": name,
                "level": AreaLevel.COMMUNE,
                "parent": province,
                "valid_from": COMMUNES_START,
            },
        )
        wards.append(ward)
    districts["116"].successors.set(wards)

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
    city_committee = _org(
        "UBND-116",
        name="Ủy ban nhân dân thành phố Sơn La",
        short_name="UBND TP Sơn La",
        kind=OrganisationKind.PEOPLES_COMMITTEE,
        tier=Tier.DISTRICT,
        area=districts["116"],
    )
    offices = {}
    for code, name in DISTRICTS:
        place = name.replace("Huyện ", "huyện ").replace("Thành phố ", "thành phố ")
        offices[code] = _org(
            f"PGD-{code}",
            name=f"Phòng Giáo dục và Đào tạo {place}",
            short_name=f"Phòng GD&ĐT {place}",
            kind=OrganisationKind.EDUCATION_OFFICE,
            tier=Tier.DISTRICT,
            parent=doet,
            area=districts[code],
        )
    schools = {}
    for code, name, level, district in SCHOOLS:
        tier = Tier.DISTRICT if level in DISTRICT_TIER_LEVELS else Tier.PROVINCIAL
        schools[code] = _org(
            code,
            name=name,
            kind=OrganisationKind.SCHOOL,
            tier=tier,
            area=districts[district],
            parent=offices[district] if tier == Tier.DISTRICT else doet,
        )

    users = {}
    for username, (full_name, email, role, org_code) in ACCOUNTS.items():
        user, created = User.objects.get_or_create(username=username)
        user.full_name = full_name
        user.email = email
        user.is_active = True
        if username == "admin":
            user.is_staff = user.is_superuser = True
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        organisation = Organisation.objects.get(code=org_code)
        Membership.objects.update_or_create(
            user=user, organisation=organisation, role=role, defaults={"is_active": True}
        )
        users[username] = user

    return {
        "province": province,
        "districts": districts,
        "wards": wards,
        "doet": doet,
        "association": association,
        "city_committee": city_committee,
        "offices": offices,
        "schools": schools,
        "users": users,
    }
