"""Generate a national-scale data set on top of the demo province (issue 9).

    python manage.py seed_scale --schools 50000 --years 7 [--reuse]

N schools (organisations of kind school with their Learning-Unit profile, area history and
yearly figures) spread over provinces, districts and communes and over education levels;
each generated province with its Department of Education and Training and its Association,
one account each (``staff_p01``, ``officer_p01``; ``staff_xh00``… for the provinces that
``--communes`` adds), who see that province only (issue 18);
the map of the 2025 reform (DOMAIN.md): each school in a district until 30 June 2025 and
in a commune of today since 1 July 2025, whose People's Committee recognises its lower-tier
schools and whose culture and society office reviews them (the districts' committees and
offices kept, inactive, for the earlier years); two cycles a year, the provincial tier's
and the lower tier's (the district's until 2024, the commune's from 2025), with one
self-assessment per school and year, every criterion filled and the outcome computed by
``units.outcomes``; evidence rows pointing at one tiny shared placeholder file;
transitions; recognitions with a decision per authority and cycle; programme reports; a
nomination round per year with one nomination per ten schools, two reviews each,
decisions and commendations; notifications.

Rows are written with ``learnsociety.scale.Table`` (COPY on PostgreSQL, executemany on
SQLite, 5,000 rows a batch), ids are computed in Python, nothing is read back. Generated
rows carry no django-simple-history entries. Elapsed time is printed per phase.
"""

from __future__ import annotations

import math
import time
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.areas import (
    PRE_REFORM_END,
    REFORM_DATE,
    fill_provinces,
    lower_tier_on,
    pre_reform_code,
)
from accounts.enums import AreaLevel, OrganisationKind, Role, Tier
from accounts.models import AdministrativeArea, Membership, Organisation, User
from awards import models as awards_models
from awards.models import (
    AwardForm,
    Commendation,
    Council,
    CouncilMember,
    Decision,
    Nomination,
    NominationRound,
    NominationTransition,
    ReviewAssignment,
    ReviewScore,
    RoundForm,
    RubricCriterion,
)
from awards.services.nominations import NOMINEE_FIELDS
from demo import accounts as demo_accounts
from demo.accounts import DISTRICT_TIER_LEVELS
from demo.units import PATHS, cycle_defaults, ensure_frameworks, first_version, open_year
from learnsociety.scale import Table, next_id, reset_sequences, tune_connection
from notifications.models import Notification
from programme.enums import Party, PeriodKind, ReportStatus
from programme.models import Commitment, ProgressReport
from society import models as society_models
from society import shipped
from society.models import (
    CollectionRound,
    CommuneReturn,
    ReturnField,
    ReturnForm,
    ReturnRule,
    ReturnTransition,
    ReturnValue,
    Village,
)
from units import models as units_models
from units import outcomes
from units.enums import CriterionKind, CycleState, DenominatorSource
from units.models import (
    AssessmentTransition,
    CriterionResult,
    Cycle,
    Evidence,
    Recognition,
    RecognitionDecision,
    School,
    SchoolAreaHistory,
    SchoolYearFigures,
    SelfAssessment,
)
from units.selectors import applicable_criteria, framework_with_structure

SCHOOL_PREFIX = "QM-"
PLACEHOLDER = "scale/placeholder.pdf"
PLACEHOLDER_BYTES = b"%PDF-1.4\n% seed_scale placeholder\n%%EOF\n"
JUSTIFICATION = "Theo báo cáo tổng kết năm học và sổ theo dõi của đơn vị."
SCHOOLS_PER_PROVINCE = 800
# what the generator writes of an organisation (education offices, then schools)
ORGANISATION_COLUMNS = [
    "id",
    "name",
    "short_name",
    "kind",
    "tier",
    "code",
    "parent_id",
    "area_id",
    "is_active",
]
USER_COLUMNS = [
    "id",
    "password",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
    "full_name",
    "language",
]
MEMBERSHIP_COLUMNS = ["id", "user_id", "organisation_id", "role", "is_active", "created"]
DISTRICTS_PER_PROVINCE = 10
COMMUNES_PER_DISTRICT = 12
# the key of a year's lower-tier cycle (district until 2024, commune from 2025)
LOWER = "lower"


@dataclass(frozen=True)
class Commune:
    """A commune of today (since 1 July 2025): its area, its People's Committee (which
    recognises its lower-tier schools) and the reviewer of its culture and society office
    (None where it has none: the department's staff review)."""

    area: int
    committee: int
    reviewer: int | None


@dataclass(frozen=True)
class District:
    """A district until 30 June 2025, as ``Commune``, with its education office and the
    communes of today that took over its schools."""

    area: int
    committee: int
    office: int
    reviewer: int | None
    communes: list[Commune]


# (education level, share in %, name prefix)
LEVELS = [
    ("preschool", 30, "Trường Mầm non"),
    ("primary", 28, "Trường Tiểu học"),
    ("lower_secondary", 22, "Trường THCS"),
    ("primary_lower_secondary", 5, "Trường TH và THCS"),
    ("upper_secondary", 8, "Trường THPT"),
    ("lower_upper_secondary", 1, "Trường THCS và THPT"),
    ("multi_level", 1, "Trường Liên cấp"),
    ("ethnic_boarding", 2, "Trường PT Dân tộc nội trú"),
    ("continuing_education", 2, "Trung tâm GDNN–GDTX"),
    ("vocational", 1, "Trường Cao đẳng"),
]
LEVEL_WHEEL = [lv for lv, share, _p in LEVELS for _i in range(share)]
LEVEL_PREFIX = {lv: p for lv, _s, p in LEVELS}
PLACES = [
    "Hoa Ban",
    "Chiềng Lề",
    "Quyết Thắng",
    "Tô Hiệu",
    "Mường Giàng",
    "Sao Mai",
    "Hoa Sen",
    "Thảo Nguyên",
    "Bình Minh",
    "Tân Tiến",
    "Đoàn Kết",
    "Hòa Bình",
    "Thống Nhất",
    "Hồng Phong",
    "Nà Sản",
    "Phiêng Luông",
    "Lóng Sập",
    "Chiềng Sinh",
    "Noong Đúc",
    "Vân Hồ",
]
# Closed cycles: (status, share in %); the open cycle has every state of the workflow.
CLOSED_MIX = [("recognised", 72), ("not_recognised", 10), ("draft", 8), ("verified", 10)]
OPEN_MIX = [
    ("draft", 30),
    ("submitted", 22),
    ("in_review", 14),
    ("returned", 6),
    ("resubmitted", 6),
    ("verified", 22),
]
NOMINATION_CLOSED = [("commended", 55), ("rejected", 25), ("approved", 10), ("withdrawn", 10)]
NOMINATION_OPEN = [
    ("draft", 15),
    ("submitted", 30),
    ("in_review", 30),
    ("more_info", 10),
    ("resubmitted", 15),
]
NOMINATION_PATHS = {
    "draft": [],
    "submitted": ["submitted"],
    "in_review": ["submitted", "in_review"],
    "more_info": ["submitted", "in_review", "more_info"],
    "resubmitted": ["submitted", "in_review", "more_info", "resubmitted"],
    "approved": ["submitted", "in_review", "approved"],
    "rejected": ["submitted", "in_review", "rejected"],
    "commended": ["submitted", "in_review", "approved", "commended"],
    "withdrawn": ["submitted", "withdrawn"],
}


def _wheel(mix):
    return [status for status, share in mix for _i in range(share)]


def _h(*parts) -> int:
    return zlib.crc32(":".join(str(p) for p in parts).encode())


def _name_runs(names: list[str]) -> str:
    """``staff_p01, officer_p01, staff_p02, …`` -> ``staff_p01 … staff_p02, officer_p01 …
    officer_p02``: each run of names that differ only by their number, first and last."""
    runs: dict[str, list[str]] = {}
    for name in names:
        runs.setdefault(name.rstrip("0123456789"), []).append(name)
    return (
        ", ".join(" … ".join([run[0], run[-1]] if len(run) > 1 else run) for run in runs.values())
        or "none"
    )


class Command(BaseCommand):
    requires_system_checks: list = []  # a data generator: URL checks are not its business
    _phase: str = ""
    _t: float = 0.0
    years: list[int]
    _reviewers: dict[int, int]
    help = (
        "Generate a national-scale data set (schools, cycles, self-assessments, evidence, "
        "nominations, reviews, notifications) with bulk inserts, on top of the demo province."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=1000)
        parser.add_argument("--years", type=int, default=2)
        parser.add_argument(
            "--villages",
            type=int,
            default=0,
            help="Villages for the learning-society returns, spread over the communes; with "
            "it every commune gets a return per year (filled by village) and its figures.",
        )
        parser.add_argument(
            "--communes",
            type=int,
            default=0,
            help="With --villages: add provinces of today's shape (communes directly under "
            "the province) until there are this many communes (about 3,300 nationally).",
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Do nothing when a data set of this size is already there.",
        )

    # --- helpers ---------------------------------------------------------------------

    def phase(self, name: str):
        now = time.monotonic()
        if self._phase:
            self.stdout.write(f"  {self._phase:<28} {now - self._t:7.1f} s")
        self._phase, self._t = name, now

    def handle(
        self,
        *args,
        schools: int,
        years: int,
        reuse: bool = False,
        villages: int = 0,
        communes: int = 0,
        **options,
    ):
        if schools < 1 or not 1 <= years <= 20:
            raise CommandError("--schools must be ≥ 1 and --years between 1 and 20.")
        if villages < 0 or communes < 0:
            raise CommandError("--villages and --communes cannot be negative.")
        self.villages_n, self.communes_n = villages, communes
        existing = Organisation.objects.filter(code__startswith=SCHOOL_PREFIX).count()
        if existing:
            if reuse and existing == schools:
                self.stdout.write(f"Reusing the existing data set of {existing} schools.")
                return
            raise CommandError(
                f"This database already holds a generated data set ({existing} schools); "
                "use a fresh database (or --reuse with the same size)."
            )
        start = time.monotonic()
        self._phase, self._t = "", start
        self.n, self.years_n = schools, years
        self.phase("demo province")
        if not User.objects.filter(username="admin").exists():
            call_command("load_demo", "--force", verbosity=0)
        tune_connection()
        if not default_storage.exists(PLACEHOLDER):
            default_storage.save(PLACEHOLDER, ContentFile(PLACEHOLDER_BYTES))
        self.now = timezone.now()
        self.password = make_password("learnsociety-demo")

        with transaction.atomic():
            self.phase("areas and offices")
            self.seed_areas()
            self.phase("schools and principals")
            self.seed_schools()
            self.phase("figures")
            self.seed_figures()
        self.phase("cycles")
        self.seed_cycles()
        for year in self.years:
            self.phase(f"self-assessments {year}")
            with transaction.atomic():
                self.seed_assessments(year)
        self.phase("programme reports")
        self.seed_programme()
        self.phase("nominations and reviews")
        with transaction.atomic():
            self.seed_awards()
        self.phase("notifications")
        with transaction.atomic():
            self.seed_notifications()
        if villages:
            self.phase("learning-society returns")
            with transaction.atomic():
                self.seed_society()
        self.phase("sequences and statistics")
        self.finish()
        self.phase("")
        total = time.monotonic() - start
        self.stdout.write(
            self.style.SUCCESS(
                f"{schools} schools × {years} years generated in {total:.1f} s "
                f"({connection.vendor})."
            )
        )
        for label, value in self.summary.items():
            self.stdout.write(f"  {label:<28} {value:>10}")
        # The generated provinces' own staff and officers (demo password), for the bench
        # and for trying the province-scoped pages by hand.
        self.stdout.write(f"  {'province accounts':<28} {_name_runs(self.province_accounts)}")

    # --- areas, organisations, users ---------------------------------------------------

    def seed_areas(self):
        self.summary: dict[str, int] = {}

        self.open_year = open_year(timezone.localdate())
        self.years = list(range(self.open_year - self.years_n + 1, self.open_year + 1))
        province = AdministrativeArea.objects.get(code=demo_accounts.PROVINCE)
        self.doet = Organisation.objects.get(code="SO-GDDT")
        self.association = Organisation.objects.get(code="HOI-KH")
        n_prov = max(1, min(63, math.ceil(self.n / SCHOOLS_PER_PROVINCE)))
        area_id = next_id(AdministrativeArea)
        ids = {"org": next_id(Organisation), "user": next_id(User), "member": next_id(Membership)}
        areas = Table(
            AdministrativeArea,
            ["id", "code", "name", "level", "parent_id", "valid_from", "valid_to"],
        )
        orgs = Table(Organisation, ORGANISATION_COLUMNS)
        self.users = Table(User, USER_COLUMNS)
        self.members = Table(Membership, MEMBERSHIP_COLUMNS)
        # p -> the user id of province p's department staff and its department (the demo
        # province: no staff of its own, its dossiers keep the demo's staff; its DOET);
        # the accounts made for the generated provinces
        self.province_staff: list[int | None] = [None]
        self.province_department: list[int] = [self.doet.pk]
        self.province_accounts: list[str] = []
        # provinces[p] = its districts until 30 June 2025, each with the communes of today
        # (since 1 July 2025) that took over its schools
        self.provinces: list[list[District]] = [self._demo_districts(province)]
        communes_n = 0
        for p in range(1, n_prov):
            pid = area_id
            area_id += 1
            areas.add((pid, f"SC{p:02d}", f"Tỉnh Mẫu {p:02d}", "province", None, None, None))
            staff_id, department_id = self._province_bodies(
                orgs, self.users, self.members, ids, pid, f"Mẫu {p:02d}", f"SC{p:02d}", f"p{p:02d}"
            )
            self.province_staff.append(staff_id)
            self.province_department.append(department_id)
            districts = []
            for d in range(DISTRICTS_PER_PROVINCE):
                did = area_id
                area_id += 1
                code, place = f"SC{p:02d}-{d:02d}", f"{PLACES[d % len(PLACES)]} {p:02d}"
                # A district: abolished on 30 June 2025 (DOMAIN.md, the 2025 reform). Its
                # People's Committee and education office stay, inactive, as the demo
                # keeps Son La's: earlier cycles were decided and reviewed by them.
                areas.add((did, code, f"Huyện {place}", "district", pid, None, PRE_REFORM_END))
                committee = self._org(
                    orgs,
                    ids,
                    f"Ủy ban nhân dân huyện {place}",
                    f"UBND huyện {place}",
                    OrganisationKind.PEOPLES_COMMITTEE,
                    Tier.DISTRICT,
                    f"UBND-{code}",
                    None,
                    did,
                    active=False,
                )
                office = self._org(
                    orgs,
                    ids,
                    f"Phòng GD&ĐT huyện {place}",
                    f"Phòng GD&ĐT {code}",
                    OrganisationKind.EDUCATION_OFFICE,
                    Tier.DISTRICT,
                    f"PGD-{code}",
                    self.doet.pk,
                    did,
                    active=False,
                )
                reviewer = self._reviewer(ids, office, f"rv{p:02d}{d:02d}", f"Chuyên viên {code}")
                communes = []
                for c in range(COMMUNES_PER_DISTRICT):
                    cid = area_id
                    area_id += 1
                    # A commune of today, directly under its province since 1 July 2025,
                    # with the People's Committee that recognises its schools and the
                    # culture and society office that checks their dossiers. Generated:
                    # no official code (those are digits only).
                    ccode = f"SC{p:02d}X{d:02d}{c:02d}"
                    cplace = f"{PLACES[(c + 7) % len(PLACES)]} {p:02d}.{d:02d}{c:02d}"
                    areas.add((cid, ccode, f"Xã {cplace}", "commune", pid, REFORM_DATE, None))
                    c_committee = self._org(
                        orgs,
                        ids,
                        f"Ủy ban nhân dân xã {cplace}",
                        f"UBND xã {cplace}",
                        OrganisationKind.PEOPLES_COMMITTEE,
                        Tier.COMMUNE,
                        f"UBND-{ccode}",
                        None,
                        cid,
                    )
                    c_office = self._org(
                        orgs,
                        ids,
                        f"Phòng Văn hóa - Xã hội xã {cplace}",
                        f"Phòng VH-XH xã {cplace}",
                        OrganisationKind.CULTURE_SOCIETY_OFFICE,
                        Tier.COMMUNE,
                        f"VHXH-{ccode}",
                        c_committee,
                        cid,
                    )
                    c_reviewer = self._reviewer(
                        ids, c_office, f"vh{p:02d}{d:02d}{c:02d}", f"Công chức {ccode}", True
                    )
                    communes.append(Commune(cid, c_committee, c_reviewer))
                districts.append(District(did, committee, office, reviewer, communes))
                communes_n += len(communes)
            self.provinces.append(districts)
        areas.flush()
        orgs.flush()
        self.area_id, self.org_id = area_id, ids["org"]
        self.user_id, self.mem_id = ids["user"], ids["member"]
        self.summary["areas"] = areas.count
        self.summary["former districts"] = DISTRICTS_PER_PROVINCE * (n_prov - 1)
        self.summary["communes with their offices"] = communes_n
        self.summary["provincial departments"] = n_prov - 1
        self.summary["provincial associations"] = n_prov - 1

    def _demo_districts(self, province: AdministrativeArea) -> list[District]:
        """The demo province's twelve districts until 30 June 2025, each with the communes
        of today that the demo's own schools of that district belong to (real communes:
        DOMAIN.md, and the demo's committees, offices and reviewers there)."""
        orgs = {o.code: o.pk for o in Organisation.objects.filter(area__province=province)}
        reviewers = dict(
            Membership.objects.filter(role=Role.TIER_REVIEWER)
            .order_by("-pk")
            .values_list("organisation_id", "user_id")
        )
        successors: dict[str, list[str]] = {}
        for code, _name, _level, district in demo_accounts.SCHOOLS:
            commune = demo_accounts.SCHOOL_COMMUNES[code]
            if commune not in successors.setdefault(district, []):
                successors[district].append(commune)
        areas = {
            a.code: a.pk
            for a in AdministrativeArea.objects.filter(
                code__in=[
                    *(pre_reform_code(demo_accounts.PROVINCE, d) for d in successors),
                    *(c for found in successors.values() for c in found),
                ]
            )
        }
        districts = []
        for district, _name in demo_accounts.DISTRICTS:
            office = orgs[f"PGD-{district}"]
            communes = [
                Commune(areas[c], orgs[f"UBND-{c}"], reviewers.get(orgs[f"VHXH-{c}"]))
                for c in sorted(successors[district])
            ]
            districts.append(
                District(
                    areas[pre_reform_code(demo_accounts.PROVINCE, district)],
                    orgs[f"UBND-{district}"],
                    office,
                    reviewers.get(office),
                    communes,
                )
            )
        return districts

    def _org(
        self,
        orgs: Table,
        ids: dict[str, int],
        name: str,
        short_name: str,
        kind: str,
        tier: str,
        code: str,
        parent: int | None,
        area: int,
        active: bool = True,
    ) -> int:
        """Add one organisation to ``orgs``; returns its id."""
        oid = ids["org"]
        ids["org"] += 1
        orgs.add((oid, name, short_name, kind, tier, code, parent, area, active))
        return oid

    def _reviewer(
        self, ids: dict[str, int], office: int, username: str, full_name: str, active=False
    ) -> int:
        """A tier reviewer's account in ``office``: inactive for a district's office (it
        reviewed until June 2025, as the demo's former reviewers); returns the user id."""
        uid = ids["user"]
        ids["user"] += 1
        self.users.add(self._user_row(uid, username, full_name, active=active))
        self.members.add((ids["member"], uid, office, Role.TIER_REVIEWER, True, self.now))
        ids["member"] += 1
        return uid

    def _province_bodies(
        self,
        orgs: Table,
        users: Table,
        members: Table,
        ids: dict[str, int],
        province_id: int,
        place: str,
        code: str,
        key: str,
    ) -> tuple[int, int]:
        """A generated province's Department of Education and Training and its provincial
        Association, each with one account (``staff_<key>``, ``officer_<key>``), so that the
        province-scoped pages (issue 18) can be measured as a province's own staff see them.
        ``ids`` holds the next organisation, user and membership ids and is advanced.
        Returns the department staff's user id and the department's id."""
        bodies = (
            (
                OrganisationKind.DEPARTMENT,
                f"Sở Giáo dục và Đào tạo tỉnh {place}",
                f"Sở GD&ĐT {code}",
                f"SO-GDDT-{code}",
                Role.DEPARTMENT_STAFF,
                f"staff_{key}",
                f"Chuyên viên Sở GD&ĐT tỉnh {place}",
            ),
            (
                OrganisationKind.ASSOCIATION,
                f"Hội Khuyến học tỉnh {place}",
                f"Hội Khuyến học {code}",
                f"HOI-KH-{code}",
                Role.ASSOCIATION_OFFICER,
                f"officer_{key}",
                f"Cán bộ Hội Khuyến học tỉnh {place}",
            ),
        )
        found = []
        for kind, name, short_name, org_code, role, username, full_name in bodies:
            oid = self._org(
                orgs, ids, name, short_name, kind, Tier.PROVINCIAL, org_code, None, province_id
            )
            uid = ids["user"]
            ids["user"] += 1
            users.add(self._user_row(uid, username, full_name, email=f"{username}@example.org"))
            members.add((ids["member"], uid, oid, role, True, self.now))
            ids["member"] += 1
            found.append((uid, oid))
            self.province_accounts.append(username)
        return found[0]

    def _user_row(
        self, uid: int, username: str, full_name: str, email: str = "", active: bool = True
    ) -> tuple:
        """A generated user's row of ``self.users``: not staff, Vietnamese, with the one
        shared password."""
        return (
            uid,
            self.password,
            False,
            username,
            "",
            "",
            email,
            False,
            active,
            self.now,
            full_name,
            "vi",
        )

    def seed_schools(self):
        org_id, user_id, mem_id = self.org_id, self.user_id, self.mem_id

        orgs = Table(Organisation, ORGANISATION_COLUMNS)
        profiles = Table(School, ["organisation_id", "education_level"])
        history = Table(SchoolAreaHistory, ["id", "school_id", "area_id", "valid_from", "valid_to"])
        hist_id = next_id(SchoolAreaHistory)

        # school index -> (org id, level, tier, principal user id)
        self.schools: list[tuple[int, str, str, int]] = []
        # school index -> (province index, its district until 30 June 2025, its commune since)
        self.places: list[tuple[int, District, Commune]] = []
        n_prov = len(self.provinces)
        # each province's (district, commune) pairs, taken in turn: every commune gets
        # schools, even in a small data set
        spots = [[(d, c) for d in districts for c in d.communes] for districts in self.provinces]
        for i in range(self.n):
            p = i % n_prov
            district, commune = spots[p][(i // n_prov) % len(spots[p])]
            level = LEVEL_WHEEL[_h("level", i) % 100]
            # Since 1 July 2025 the lower tier is the commune: its People's Committee
            # manages (and recognises) preschools, primary and lower-secondary schools
            # (DOMAIN.md, Decree 142/2025); the others stay with the province.
            tier = Tier.COMMUNE if level in DISTRICT_TIER_LEVELS else Tier.PROVINCIAL
            parent = commune.committee if tier == Tier.COMMUNE else self.province_department[p]
            place = PLACES[_h("place", i) % len(PLACES)]
            oid = org_id
            org_id += 1
            code = f"{SCHOOL_PREFIX}{i:06d}"
            orgs.add(
                (
                    oid,
                    f"{LEVEL_PREFIX[level]} {place} số {i + 1}",
                    "",
                    OrganisationKind.SCHOOL,
                    tier,
                    code,
                    parent,
                    commune.area,
                    True,
                )
            )
            profiles.add((oid, level))
            # Its district until 30 June 2025, then its commune: figures of earlier years
            # still count it in the district.
            history.add((hist_id, oid, district.area, date(2020, 1, 1), PRE_REFORM_END))
            history.add((hist_id + 1, oid, commune.area, REFORM_DATE, None))
            hist_id += 2
            uid = user_id
            user_id += 1
            self.users.add(
                self._user_row(
                    uid, f"sc{i:06d}", f"Hiệu trưởng {code}", email=f"sc{i:06d}@example.org"
                )
            )
            self.members.add((mem_id, uid, oid, Role.PRINCIPAL, True, self.now))
            mem_id += 1
            self.schools.append((oid, level, tier, uid))
            self.places.append((p, district, commune))
        # Association officers who review nominations.
        self.officers = []
        for k in range(20):
            uid = user_id
            user_id += 1
            self.users.add(self._user_row(uid, f"of{k:02d}", f"Ủy viên Hội đồng {k + 1}"))
            self.members.add(
                (mem_id, uid, self.association.pk, Role.ASSOCIATION_OFFICER, True, self.now)
            )
            mem_id += 1
            self.officers.append(uid)
        for table in (orgs, profiles, history, self.users, self.members):
            table.flush()
        self.summary["schools"] = profiles.count
        self.summary["users"] = self.users.count

    def seed_figures(self):

        table = Table(SchoolYearFigures, ["id", "school_id", "year", "staff", "learners"])
        fid = next_id(SchoolYearFigures)
        self.figures: dict[int, tuple[int, int]] = {}
        for i, (oid, _level, _tier, _uid) in enumerate(self.schools):
            h = _h("fig", i)
            # Figures come in buckets so that outcomes can be memoised (see _values).
            staff, learners = 24 + (h % 8) * 5, 240 + ((h >> 8) % 6) * 150
            self.figures[i] = (staff, learners)
            for y in self.years:
                table.add((fid, oid, y, staff, learners))
                fid += 1
        table.flush()
        self.summary["yearly figures"] = table.count

    # --- units -----------------------------------------------------------------------

    def seed_cycles(self):

        ensure_frameworks()
        tt24, tt22 = first_version("TT24-2023"), first_version("TT22-2020")
        self.frameworks = {fw.pk: framework_with_structure(fw.pk) for fw in (tt24, tt22)}
        self.criteria = {
            (fw_id, level): applicable_criteria(fw, level)
            for fw_id, fw in self.frameworks.items()
            for level, _s, _p in LEVELS
        }
        self.outcome_ids = {
            (fw_id, o.code): o.pk
            for fw_id, fw in self.frameworks.items()
            for o in fw.outcomes.all()
        }
        staff = User.objects.get(username="staff")
        self.staff_id = staff.pk
        # (year, "provincial" or "lower") -> the year's cycle of that tier: the lower tier
        # is the district's until 2024 and the commune's from 2025 (the reform of 1 July
        # 2025), with no single authority (each area's People's Committee decides), as in
        # the demo (demo.units._cycle).
        self.cycles: dict[tuple[int, str], Cycle] = {}
        today = timezone.localdate()
        for y in self.years:
            fw = tt24 if y >= 2024 else tt22
            for key, tier, authority in (
                (Tier.PROVINCIAL, Tier.PROVINCIAL, self.doet),
                (LOWER, lower_tier_on(date(y, 12, 31)), None),
            ):
                if y == self.open_year:
                    state = CycleState.OPEN
                elif y == self.open_year - 1 and today <= date(y + 1, 2, 28):
                    state = CycleState.IN_REVIEW
                else:
                    state = CycleState.CLOSED
                self.cycles[(y, key)], _created = Cycle.objects.get_or_create(
                    year=y,
                    tier=tier,
                    defaults=cycle_defaults(y, fw, authority, state),
                )
        # (cycle id, authority id) -> the decision id recognising that authority's schools,
        # written with the recognitions that cite it
        self.decisions: dict[tuple[int, int], int] = {}
        self.memo: dict[tuple, tuple] = {}
        self.summary["cycles"] = len(self.cycles)

    def _values(self, fw, level, quality, staff, learners):
        """Criterion values for one school and their outcome, memoised: schools with the
        same level, quality and figures get the same results (and outcome)."""
        key = (fw.pk, level, quality, staff, learners)
        found = self.memo.get(key)
        if found:
            return found

        share = [0.82, 0.88, 0.92, 0.95, 0.97, 0.99][quality]
        values = {}
        rows = []
        for c in self.criteria[(fw.pk, level)]:
            points = numerator = denominator = answer = None
            if c.kind == CriterionKind.YES_NO:
                answer = True if c.is_required else quality >= 4
            elif c.kind == CriterionKind.THRESHOLD:
                denominator = (
                    learners if c.denominator_source == DenominatorSource.LEARNERS else staff
                )
                numerator = math.floor(denominator * share)
            else:
                raw = (c.max_points or Decimal(0)) * Decimal(str(0.5 + 0.09 * quality))
                points = (raw * 2).quantize(Decimal("1")) / 2
                if c.max_points is not None:
                    points = min(points, c.max_points)
            values[c.id] = outcomes.Value(points, numerator, denominator, answer)
            rows.append((c.id, points, numerator, denominator, answer))
        result = outcomes.compute(fw, self.criteria[(fw.pk, level)], values)
        found = (rows, result.code, result.points)
        self.memo[key] = found
        return found

    def seed_assessments(self, year: int):

        if not hasattr(self, "ids"):
            self.ids = {
                "a": next_id(SelfAssessment),
                "r": next_id(CriterionResult),
                "t": next_id(AssessmentTransition),
                "e": next_id(Evidence),
                "l": next_id(Evidence.results.through),
                "g": next_id(Recognition),
                "d": next_id(RecognitionDecision),
            }
            self.assessment_tables = {
                # first, so that a decision is written before the recognitions citing it
                "d": Table(
                    RecognitionDecision,
                    [
                        "id",
                        "cycle_id",
                        "authority_id",
                        "number",
                        "decided_on",
                        "signer",
                        "document",
                        "created_by_id",
                        "created",
                    ],
                ),
                "a": Table(
                    SelfAssessment,
                    [
                        "id",
                        "cycle_id",
                        "school_id",
                        "area_id",
                        "authority_id",
                        "status",
                        "self_outcome",
                        "self_points",
                        "verified_outcome",
                        "verified_points",
                        "request_document",
                        "report_document",
                        "late_allowed_until",
                        "submitted_at",
                        "verified_at",
                        "reviewer_comment",
                        "created_by_id",
                        "created",
                        "updated",
                    ],
                ),
                "r": Table(
                    CriterionResult,
                    [
                        "id",
                        "assessment_id",
                        "criterion_id",
                        "points",
                        "numerator",
                        "denominator",
                        "answer",
                        "justification",
                        "verified_points",
                        "verified_numerator",
                        "verified_denominator",
                        "verified_answer",
                        "change_reason",
                        "reviewer_comment",
                    ],
                ),
                "t": Table(
                    AssessmentTransition,
                    ["id", "assessment_id", "from_status", "to_status", "by_id", "at", "comment"],
                ),
                "e": Table(
                    Evidence, ["id", "assessment_id", "title", "file", "uploaded_by_id", "uploaded"]
                ),
                "l": Table(Evidence.results.through, ["id", "evidence_id", "criterionresult_id"]),
                "g": Table(
                    Recognition,
                    [
                        "id",
                        "school_id",
                        "year",
                        "framework_id",
                        "outcome_id",
                        "cycle_id",
                        "assessment_id",
                        "decision_id",
                        "decision_number",
                        "decision_date",
                        "certificate_code",
                        "revoked",
                        "created",
                    ],
                ),
            }
            self.assessments_by_school: dict[int, tuple[int, str]] = {}
        ids, tables = self.ids, self.assessment_tables
        is_open = year == self.open_year
        wheel = _wheel(OPEN_MIX if is_open else CLOSED_MIX)
        base_day = timezone.make_aware(datetime.combine(date(year, 11, 1), dtime(9, 0)))
        # A cycle's dossiers are opened from November: after the reform from 2025 on.
        reformed = date(year, 11, 1) >= REFORM_DATE
        for i, (oid, level, tier, uid) in enumerate(self.schools):
            p, district, commune = self.places[i]
            # The dossier's area is the school's on the cycle's reference date; a dossier
            # of the lower tier goes to that area's People's Committee, checked by its
            # office (the district's until 2024, the commune's from 2025); a provincial
            # one to the province's department, checked by its staff.
            area = commune.area if reformed else district.area
            if tier == Tier.PROVINCIAL:
                cycle = self.cycles[(year, Tier.PROVINCIAL)]
                authority = self.province_department[p]
                reviewer = self.province_staff[p]
            else:
                cycle = self.cycles[(year, LOWER)]
                place = commune if reformed else district
                authority, reviewer = place.committee, place.reviewer
            reviewer = reviewer or self.province_staff[p] or self.staff_id
            fw = self.frameworks[cycle.framework_id]
            if not fw.covers(level):
                # No shipped criteria for colleges: they open no self-assessment (the
                # service refuses it too), so the data set has none either.
                continue
            staff, learners = self.figures[i]
            status = wheel[_h("st", i, year) % 100]
            quality = _h("q", i, year) % 6
            if status in ("recognised", "verified") and quality == 0:
                quality = 3
            if status in ("not_recognised", "returned"):
                quality = 0
            rows, code, points = self._values(fw, level, quality, staff, learners)
            if status == "recognised" and not code:
                status = "not_recognised"
            aid = ids["a"]
            ids["a"] += 1
            path = PATHS[status]
            moment = base_day + timedelta(hours=i % 500)
            submitted_at = moment if path else None
            verified = status in ("verified", "recognised", "not_recognised")
            verified_at = moment + timedelta(days=4) if verified else None
            comment = "Đề nghị bổ sung minh chứng." if status in ("returned", "resubmitted") else ""
            tables["a"].add(
                (
                    aid,
                    cycle.pk,
                    oid,
                    area,
                    authority,
                    status,
                    code,
                    points,
                    code if verified else "",
                    points if verified else None,
                    "",
                    "",
                    None,
                    submitted_at,
                    verified_at,
                    comment,
                    uid,
                    moment,
                    moment + timedelta(days=len(path) * 2),
                )
            )
            first_result = ids["r"]
            for cid, p, num, den, ans in rows:
                # what the reviewer verified: the school's own figures, or nothing yet
                checked = (p, num, den, ans) if verified else (None, None, None, None)
                tables["r"].add(
                    (ids["r"], aid, cid, p, num, den, ans, JUSTIFICATION, *checked, "", "")
                )
                ids["r"] += 1
            tables["t"].add((ids["t"], aid, "", "draft", uid, moment, ""))
            ids["t"] += 1
            previous = "draft"
            at = moment
            for step in path:
                at += timedelta(days=2)
                actor = uid if step in ("submitted", "resubmitted") else reviewer
                if step in ("recognised", "not_recognised"):
                    actor = self.staff_id
                tables["t"].add((ids["t"], aid, previous, step, actor, at, ""))
                ids["t"] += 1
                previous = step
            if path:
                eid = ids["e"]
                ids["e"] += 1
                tables["e"].add((eid, aid, "Báo cáo tổng kết năm học", PLACEHOLDER, uid, moment))
                tables["l"].add((ids["l"], eid, first_result))
                ids["l"] += 1
            if status == "recognised":
                decision, number, decided_on = self._decision(cycle, authority)
                tables["g"].add(
                    (
                        ids["g"],
                        oid,
                        year,
                        fw.pk,
                        self.outcome_ids[(fw.pk, code)],
                        cycle.pk,
                        aid,
                        decision,
                        number,
                        decided_on,
                        f"LU-S{aid:08d}",
                        False,
                        self.now,
                    )
                )
                ids["g"] += 1
            if is_open:
                self.assessments_by_school[i] = (aid, status)
        for table in tables.values():
            table.flush()
        for key, label in (
            ("a", "self-assessments"),
            ("r", "criterion results"),
            ("t", "assessment transitions"),
            ("e", "evidence"),
            ("g", "recognitions"),
            ("d", "recognition decisions"),
        ):
            self.summary[label] = tables[key].count

    def _decision(self, cycle: Cycle, authority: int) -> tuple[int, str, date]:
        """The decision by which ``authority`` recognised its schools in ``cycle`` (one per
        authority and cycle, dated 20 February after the school year's cycle), added to
        the decisions table on first use: id, number and date."""
        number, decided_on = f"{100 + authority % 800}/QĐ-QM", date(cycle.year + 1, 2, 20)
        key = (cycle.pk, authority)
        found = self.decisions.get(key)
        if found is None:
            found = self.decisions[key] = self.ids["d"]
            self.ids["d"] += 1
            self.assessment_tables["d"].add(
                (
                    found,
                    cycle.pk,
                    authority,
                    number,
                    decided_on,
                    "Lò Văn Hùng",
                    "",
                    self.staff_id,
                    self.now,
                )
            )
        return found, number, decided_on

    # --- programme -------------------------------------------------------------------

    def seed_programme(self):

        existing = set(ProgressReport.objects.values_list("commitment_id", "period", "year"))
        rows = []
        for commitment in Commitment.objects.select_related("programme"):
            for y in self.years:
                if not commitment.programme.start_year <= y <= commitment.programme.end_year:
                    continue
                for period in (PeriodKind.HALF_YEAR, PeriodKind.YEAR):
                    if (commitment.pk, period, y) in existing:
                        continue
                    current = y == self.open_year
                    rows.append(
                        ProgressReport(
                            commitment=commitment,
                            period=period,
                            year=y,
                            narrative="Báo cáo tiến độ thực hiện cam kết (dữ liệu quy mô).",
                            status=ReportStatus.SUBMITTED if current else ReportStatus.ACCEPTED,
                            author_party=Party.DOET,
                            created_by_id=self.staff_id,
                            submitted_at=self.now,
                        )
                    )
        ProgressReport.objects.bulk_create(rows, batch_size=5000)
        self.summary["programme reports"] = len(rows)

    # --- awards ----------------------------------------------------------------------

    def seed_awards(self):

        forms = list(
            AwardForm.objects.filter(is_active=True, procedure="decided").order_by("code")[:3]
        )
        if not forms:  # the demo's awards data were not loaded: one form is enough
            forms = [
                AwardForm.objects.get_or_create(
                    code="QM-GIAYKHEN",
                    defaults={
                        "name_vi": "Giấy khen của Hội Khuyến học",
                        "name_en": "Certificate of merit of the Association",
                        "issuing_organisation": self.association,
                        "nominee_kind": "both",
                    },
                )[0]
            ]
        officer = User.objects.get(username="officer")
        reviewers = [officer.pk, *self.officers]
        ids = {
            "n": next_id(Nomination),
            "t": next_id(NominationTransition),
            "a": next_id(ReviewAssignment),
            "s": next_id(ReviewScore),
            "c": next_id(Commendation),
        }
        nominations = Table(
            Nomination,
            [
                "id",
                "round_id",
                "form_id",
                *NOMINEE_FIELDS,
                "nominee_organisation_id",
                "group_size",
                "women_percent",
                "nominating_organisation_id",
                "created_by_id",
                "achievement_start",
                "achievement_end",
                "summary",
                "status",
                "nominee_key",
                "flags",
                "status_comment",
                "submitted_at",
                "created",
                "updated",
                "identity_number",
                "is_pupil",
                "public_consent",
                "overlap_reason",
            ],
        )
        transitions = Table(
            NominationTransition,
            ["id", "nomination_id", "from_status", "to_status", "by_id", "at", "comment"],
        )
        assignments = Table(
            ReviewAssignment,
            [
                "id",
                "nomination_id",
                "reviewer_id",
                "assigned_by_id",
                "assigned_at",
                "conflict_declared",
                "conflict_reason",
                "recommendation",
                "comment",
                "weighted_score",
                "submitted_at",
            ],
        )
        scores = Table(ReviewScore, ["id", "assignment_id", "criterion_id", "score"])
        commendations = Table(
            Commendation,
            [
                "id",
                "nomination_id",
                "decision_id",
                "code",
                "nominee_name",
                "nominee_kind",
                "organisation_name",
                "form_id",
                "achievement",
                "certificate",
                "revoked",
                "nominee_is_pupil",
                "on_honour_roll",
            ],
        )
        per_year = max(1, self.n // 10)
        names = dict(
            Organisation.objects.filter(code__startswith=SCHOOL_PREFIX).values_list("id", "name")
        )
        for y in self.years:
            is_open = y == self.open_year
            round_, _c = NominationRound.objects.get_or_create(
                year=y,
                title=f"Xét khen thưởng khuyến học toàn quốc năm {y}",
                defaults={
                    "opening_date": date(y, 3, 1),
                    "submission_deadline": date(y, 12, 15) if is_open else date(y, 5, 31),
                    "review_deadline": date(y + 1, 1, 31) if is_open else date(y, 7, 31),
                    "reviews_required": 2,
                },
            )
            for form in forms:
                council, _c = Council.objects.get_or_create(
                    organisation_id=form.acting_organisation_id
                )
                for user_id in reviewers:
                    CouncilMember.objects.get_or_create(
                        council=council,
                        user_id=user_id,
                        defaults={"organisation": self.association, "added_by": officer},
                    )
            for form in forms:
                RoundForm.objects.get_or_create(
                    round=round_, form=form, defaults={"quota": per_year}
                )
            criteria = [
                RubricCriterion.objects.get_or_create(
                    round=round_,
                    order=k,
                    defaults={
                        "name_vi": f"Tiêu chí {k + 1}",
                        "name_en": f"Criterion {k + 1}",
                        "weight": Decimal(1),
                    },
                )[0].pk
                for k in range(3)
            ]
            decision = None
            if not is_open:
                decision, _c = Decision.objects.get_or_create(
                    issuing_organisation=self.association,
                    year=y,
                    number=9000 + y % 100,
                    defaults={
                        "round": round_,
                        "date": date(y, 8, 15),
                        "signer": "Lò Văn Minh",
                        "scanned_document": PLACEHOLDER,
                        "created_by": officer,
                    },
                )
            wheel = _wheel(NOMINATION_OPEN if is_open else NOMINATION_CLOSED)
            created = timezone.make_aware(datetime.combine(date(y, 4, 1), dtime(10, 0)))
            commended = 0
            for k in range(per_year):
                i = (k * 10 + y) % self.n
                oid, _level, tier, uid = self.schools[i]
                form = forms[k % len(forms)]
                status = wheel[_h("nom", k, y) % 100]
                nid = ids["n"]
                ids["n"] += 1
                individual = k % 2 == 0 and form.nominee_kind != "collective"
                if form.nominee_kind == "individual":
                    individual = True
                if individual:
                    name = f"Nguyễn Văn {PLACES[k % len(PLACES)]} {k}"
                    dob = date(1970 + k % 30, 1 + k % 12, 1 + k % 28)
                    key = f"i:{name.casefold()}:{dob.isoformat()}"
                    row_kind: tuple = (
                        "individual",
                        "",
                        name,
                        "male" if k % 3 else "female",
                        dob,
                        "Giáo viên",
                        None,
                        None,
                    )
                else:
                    name = names[oid]
                    key = f"c:{oid}"
                    row_kind = (
                        "collective",
                        "organisation",
                        name,
                        "",
                        None,
                        "",
                        40,
                        Decimal("55.0"),
                    )
                path = NOMINATION_PATHS[status]
                at = created + timedelta(minutes=k)
                nominations.add(
                    (
                        nid,
                        round_.pk,
                        form.pk,
                        *row_kind[:6],  # NOMINEE_FIELDS
                        oid,
                        row_kind[6],
                        row_kind[7],
                        self.doet.pk if tier == Tier.PROVINCIAL else oid,
                        uid,
                        date(y - 1, 1, 1),
                        date(y - 1, 12, 31),
                        "Thành tích xuất sắc trong công tác khuyến học, khuyến tài.",
                        status,
                        key,
                        [],
                        "",
                        at if path else None,
                        at,
                        at + timedelta(days=len(path)),
                        "",
                        False,
                        # the generated adults consent to the honour roll
                        individual,
                        "",
                    )
                )
                transitions.add((ids["t"], nid, "", "draft", uid, at, ""))
                ids["t"] += 1
                previous = "draft"
                step_at = at
                for step in path:
                    step_at += timedelta(days=1)
                    actor = uid if step in ("submitted", "resubmitted", "withdrawn") else officer.pk
                    transitions.add((ids["t"], nid, previous, step, actor, step_at, ""))
                    ids["t"] += 1
                    previous = step
                if len(path) >= 2 and status != "withdrawn":
                    for r in range(2):
                        reviewer = reviewers[(k * 2 + r) % len(reviewers)]
                        done = status not in ("in_review",) or r == 0
                        aid = ids["a"]
                        ids["a"] += 1
                        rec = "reject" if status == "rejected" else "approve"
                        if status in ("more_info", "resubmitted"):
                            rec = "more_info"
                        score = Decimal(6 + (k + r) % 4)
                        assignments.add(
                            (
                                aid,
                                nid,
                                reviewer,
                                officer.pk,
                                at + timedelta(days=1),
                                False,
                                "",
                                rec if done else "",
                                "",
                                score if done else None,
                                at + timedelta(days=3) if done else None,
                            )
                        )
                        if done:
                            for cid in criteria:
                                scores.add((ids["s"], aid, cid, score))
                                ids["s"] += 1
                if status == "commended" and decision is not None:
                    commendations.add(
                        (
                            ids["c"],
                            nid,
                            decision.pk,
                            f"AW-S{nid:08d}",
                            name,
                            "individual" if individual else "collective",
                            names[oid],
                            form.pk,
                            "Thành tích xuất sắc trong công tác khuyến học, khuyến tài.",
                            "",
                            False,
                            False,
                            True,
                        )
                    )
                    ids["c"] += 1
                    commended += 1
            if decision is not None:
                Decision.objects.filter(pk=decision.pk).update(
                    certificates_total=commended, certificates_done=0
                )
        for table in (nominations, transitions, assignments, scores, commendations):
            table.flush()
        Commendation.fill_provinces(Commendation.objects.filter(issuer_province__isnull=True))
        self.summary["nominations"] = nominations.count
        self.summary["reviews"] = assignments.count
        self.summary["commendations"] = commendations.count

    # --- notifications ---------------------------------------------------------------

    def seed_notifications(self):

        # Written in both languages, as notification_create writes them.
        table = Table(
            Notification,
            [
                "id",
                "recipient_id",
                "kind",
                "title",
                "body",
                "title_en",
                "body_en",
                "url",
                "created",
                "read_at",
            ],
        )
        nid = next_id(Notification)
        for i, (aid, status) in self.assessments_by_school.items():
            uid = self.schools[i][3]
            table.add(
                (
                    nid,
                    uid,
                    "units.cycle_opened",
                    f"Chu kỳ đánh giá năm {self.open_year} đã mở",
                    "Đơn vị hãy hoàn thành hồ sơ tự đánh giá trước hạn.",
                    f"The {self.open_year} assessment cycle is open",
                    "Complete the self-assessment before the deadline.",
                    f"/units/assessments/{aid}/",
                    self.now - timedelta(days=30),
                    self.now,
                )
            )
            nid += 1
            if status in ("returned", "verified"):
                returned = status == "returned"
                table.add(
                    (
                        nid,
                        uid,
                        f"units.assessment_{status}",
                        "Hồ sơ tự đánh giá đã được trả lại"
                        if returned
                        else "Hồ sơ tự đánh giá đã được thẩm định",
                        "",
                        "Your self-assessment was returned for corrections"
                        if returned
                        else "Your self-assessment was verified",
                        "",
                        f"/units/assessments/{aid}/",
                        self.now - timedelta(days=2),
                        None,
                    )
                )
                nid += 1
        table.flush()
        self.summary["notifications"] = table.count

    def finish(self):
        # The rows written in bulk get their province column (issue 18).
        fill_provinces(Organisation.objects.all(), units_models.SelfAssessment.objects.all())

        reset_sequences(
            [
                AdministrativeArea,
                Organisation,
                User,
                Membership,
                units_models.SchoolAreaHistory,
                units_models.SchoolYearFigures,
                units_models.SelfAssessment,
                units_models.CriterionResult,
                units_models.AssessmentTransition,
                units_models.Evidence,
                units_models.Evidence.results.through,
                units_models.Recognition,
                awards_models.Nomination,
                awards_models.NominationTransition,
                awards_models.ReviewAssignment,
                awards_models.ReviewScore,
                awards_models.Commendation,
                Notification,
                *self._society_models(),
            ]
        )
        # Statistics for the planner; on PostgreSQL also the visibility map (as autovacuum
        # keeps it on a live database), so that counts over an index read the index only.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")

    # --- learning-society returns (--villages) -----------------------------------------------

    @staticmethod
    def _society_models():

        return [
            society_models.Village,
            society_models.CollectionRound,
            society_models.CommuneReturn,
            society_models.ReturnValue,
            society_models.ReturnTransition,
        ]

    def seed_society(self):
        """A return per commune and year (filled by village: the villages' figures and the
        commune's, consistent with the form's rules), most of them accepted."""

        forms = shipped.install(ReturnForm, ReturnField, ReturnRule)
        commune_fields = {f.code: f.pk for f in forms["commune"].fields.all()}
        village_fields = {f.code: f.pk for f in forms["village"].fields.all()}
        self._society_communes()
        # Today's communes (the old ones the demo keeps for history owe no return).
        communes = list(
            AdministrativeArea.objects.filter(level=AreaLevel.COMMUNE, valid_to__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        officer = User.objects.get(username="officer")
        villages = Table(Village, ["id", "commune_id", "name", "kind", "code", "is_active"])
        village_id = next_id(Village)
        per_commune: dict[int, list[int]] = {}
        share, extra = divmod(self.villages_n, len(communes))
        for index, commune in enumerate(communes):
            ids = []
            for v in range(share + (1 if index < extra else 0)):
                villages.add((village_id, commune, f"Bản {v + 1}", "ban", f"V{village_id}", True))
                ids.append(village_id)
                village_id += 1
            per_commune[commune] = ids
        villages.flush()
        returns = Table(
            CommuneReturn,
            [
                "id",
                "round_id",
                "area_id",
                "status",
                "by_village",
                "created_by_id",
                "created",
                "updated",
                "submitted_at",
                "reviewed_by_id",
                "reviewed_at",
                "review_comment",
            ],
        )
        values = Table(
            ReturnValue,
            ["id", "ret_id", "field_id", "village_id", "value", "note", "review_comment"],
        )
        transitions = Table(
            ReturnTransition,
            ["id", "ret_id", "from_status", "to_status", "by_id", "at", "comment", "is_correction"],
        )
        ret_id, value_id, tr_id = (
            next_id(CommuneReturn),
            next_id(ReturnValue),
            next_id(ReturnTransition),
        )
        status_wheel = _wheel(
            [("accepted", 85), ("submitted", 5), ("returned", 3), ("draft", 4), ("none", 3)]
        )
        for year in self.years:
            round_, _created = CollectionRound.objects.get_or_create(
                year=year,
                defaults={
                    "commune_form": forms["commune"],
                    "village_form": forms["village"],
                    "opens_on": date(year, 11, 1),
                    "deadline": date(year + 1, 1, 15),
                    "map_date": date(year, 12, 31),
                },
            )
            taken = set(
                CommuneReturn.objects.filter(round=round_).values_list("area_id", flat=True)
            )
            sent = timezone.make_aware(datetime.combine(round_.deadline, dtime(9)))
            for commune in communes:
                if commune in taken:
                    continue
                status = status_wheel[_h("society", year, commune) % 100]
                if status == "none":
                    continue
                is_sent = status != "draft"
                reviewed = status in ("accepted", "returned")
                returns.add(
                    (
                        ret_id,
                        round_.pk,
                        commune,
                        status,
                        True,
                        officer.pk,
                        self.now,
                        self.now,
                        sent if is_sent else None,
                        officer.pk if reviewed else None,
                        sent + timedelta(days=3) if reviewed else None,
                        "Đề nghị rà soát số hộ." if status == "returned" else "",
                    )
                )
                if is_sent:
                    transitions.add(
                        (tr_id, ret_id, "draft", "submitted", officer.pk, sent, "", False)
                    )
                    tr_id += 1
                if reviewed:
                    transitions.add(
                        (tr_id, ret_id, "submitted", status, officer.pk, sent, "", False)
                    )
                    tr_id += 1
                totals: dict[str, int] = dict.fromkeys(
                    (
                        "households",
                        "families_registered",
                        "families_recognised",
                        "citizens_registered",
                        "citizens_recognised",
                        "community_registered",
                        "community_recognised",
                    ),
                    0,
                )
                for village in per_commune[commune]:
                    figures = _village_figures(_h("village", village), year - self.years[0])
                    for code, number in figures.items():
                        values.add(
                            (
                                value_id,
                                ret_id,
                                village_fields[code],
                                village,
                                Decimal(number),
                                "",
                                "",
                            )
                        )
                        value_id += 1
                        totals[code] += number
                for code, number in _commune_figures(
                    totals, len(per_commune[commune]), _h("commune", commune)
                ).items():
                    values.add(
                        (value_id, ret_id, commune_fields[code], None, Decimal(number), "", "")
                    )
                    value_id += 1
                ret_id += 1
        returns.flush()
        values.flush()
        transitions.flush()
        self.summary["villages"] = villages.count
        self.summary["commune returns"] = returns.count
        self.summary["return values"] = values.count

    def _society_communes(self):
        """Provinces of today's shape (communes directly under the province, 100 each)
        until ``--communes`` communes exist."""
        have = AdministrativeArea.objects.filter(
            level=AreaLevel.COMMUNE, valid_to__isnull=True
        ).count()
        missing = self.communes_n - have
        if missing <= 0:
            return
        areas = Table(
            AdministrativeArea,
            ["id", "code", "name", "level", "parent_id", "valid_from", "valid_to"],
        )
        orgs = Table(Organisation, ORGANISATION_COLUMNS)
        users = Table(User, USER_COLUMNS)
        members = Table(Membership, MEMBERSHIP_COLUMNS)
        ids = {"org": next_id(Organisation), "user": next_id(User), "member": next_id(Membership)}
        area_id = next_id(AdministrativeArea)
        p = 0
        while missing > 0:
            pid = area_id
            area_id += 1
            areas.add((pid, f"XH{p:02d}", f"Tỉnh Mẫu XHHT {p:02d}", "province", None, None, None))
            self._province_bodies(
                orgs, users, members, ids, pid, f"Mẫu XHHT {p:02d}", f"XH{p:02d}", f"xh{p:02d}"
            )
            for c in range(min(100, missing)):
                areas.add(
                    (
                        area_id,
                        f"XH{p:02d}-{c:03d}",
                        f"Xã {PLACES[c % len(PLACES)]} {p:02d}-{c:03d}",
                        "commune",
                        pid,
                        REFORM_DATE,
                        None,
                    )
                )
                area_id += 1
                missing -= 1
            p += 1
        for table in (areas, orgs, users, members):
            table.flush()
        self.summary["areas"] = self.summary.get("areas", 0) + areas.count
        for label in ("provincial departments", "provincial associations"):
            self.summary[label] = self.summary.get(label, 0) + p
        self.summary["users"] = self.summary.get("users", 0) + users.count


def _village_figures(seed: int, growth: int) -> dict[str, int]:
    """One village's figures (1% more households each year), every rule of the village
    form holding."""
    households = (40 + seed % 160) * (100 + growth) // 100
    registered = households * (85 + seed % 15) // 100
    recognised = registered * (85 + (seed >> 4) % 15) // 100
    citizens = households * 2 + seed % 50
    return {
        "households": households,
        "families_registered": registered,
        "families_recognised": recognised,
        "citizens_registered": citizens,
        "citizens_recognised": citizens * (85 + (seed >> 8) % 15) // 100,
        "community_registered": 1,
        "community_recognised": 1 if (seed >> 12) % 10 else 0,
    }


def _commune_figures(totals: dict[str, int], n_villages: int, seed: int) -> dict[str, int]:
    """The commune's figures: the villages' sums and its own typed ones."""
    clans = 10 + seed % 40
    clans_registered = clans * (85 + seed % 15) // 100
    units = 10 + (seed >> 6) % 40
    recognised = totals["citizens_recognised"]
    return {
        "households": totals["households"],
        "families_registered": totals["families_registered"],
        "families_recognised": totals["families_recognised"],
        "clans_total": clans,
        "clans_registered": clans_registered,
        "clans_recognised": clans_registered * (85 + (seed >> 3) % 15) // 100,
        "villages_total": n_villages,
        "villages_registered": totals["community_registered"],
        "villages_recognised": totals["community_recognised"],
        "commune_recognised": 1 if seed % 15 else 0,
        "citizens_registered": totals["citizens_registered"],
        "citizens_recognised": recognised,
        "citizens_officials": recognised * 15 // 100,
        "citizens_enterprise": recognised * 20 // 100,
        "citizens_other": recognised - recognised * 15 // 100 - recognised * 20 // 100,
        "citizens_digital_share": 50 + seed % 40,
        "units_total": units,
        "units_registered": units * 9 // 10,
        "units_recognised": units * 8 // 10,
    }
