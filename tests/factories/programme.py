from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts.enums import Role
from programme.enums import Area, MilestoneStatus, Party, PeriodKind, ReportStatus, Unit
from programme.models import (
    Commitment,
    EvidenceFile,
    Indicator,
    IndicatorValue,
    LearningCityFeature,
    Milestone,
    Programme,
    ProgressReport,
)

from .accounts import UserFactory, user_with_role

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["code"]

    code = "TEST-2024-2030"
    title_vi = "Chương trình phối hợp 2024–2030"
    title_en = "Coordination programme 2024–2030"
    start_year = 2024
    end_year = 2030
    signed_on = date(2024, 1, 3)


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"{n + 1}")
    title = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    area = Area.EDUCATION
    lead_party = Party.DOET


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    commitment = factory.SubFactory(CommitmentFactory)
    code = factory.Sequence(lambda n: f"I{n}")
    name = factory.Sequence(lambda n: f"Chỉ số {n}")
    unit = Unit.NUMBER
    target_2024 = Decimal(100)
    target_2025 = Decimal(120)
    target_2026 = Decimal(140)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    title = factory.Sequence(lambda n: f"Mốc {n}")
    due_date = date(2025, 6, 30)
    status = MilestoneStatus.PLANNED
    owner = factory.SubFactory(UserFactory)


class ProgressReportFactory(DjangoModelFactory):
    class Meta:
        model = ProgressReport

    commitment = factory.SubFactory(CommitmentFactory)
    period = PeriodKind.YEAR
    year = 2025
    narrative = "Báo cáo tiến độ."
    status = ReportStatus.DRAFT
    author_party = Party.DOET
    created_by = factory.SubFactory(UserFactory)


class EvidenceFileFactory(DjangoModelFactory):
    class Meta:
        model = EvidenceFile

    report = factory.SubFactory(ProgressReportFactory)
    file = factory.django.FileField(filename="minh-chung.pdf", data=PDF_BYTES)
    uploaded_by = factory.SelfAttribute("report.created_by")


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    report = factory.SubFactory(ProgressReportFactory)
    indicator = factory.SubFactory(
        IndicatorFactory, commitment=factory.SelfAttribute("..report.commitment")
    )
    value = Decimal(100)


class FeatureFactory(DjangoModelFactory):
    class Meta:
        model = LearningCityFeature

    commitment = factory.SubFactory(
        CommitmentFactory, area=Area.LEARNING_CITY, lead_party=Party.JOINT
    )
    theme = "political_will"
    title = factory.Sequence(lambda n: f"Đặc trưng {n}")


def staff_user(**kw):
    return user_with_role(Role.DEPARTMENT_STAFF, **kw)


def officer_user(**kw):
    return user_with_role(Role.ASSOCIATION_OFFICER, **kw)
