import factory
from factory.django import DjangoModelFactory

from accounts.enums import AreaLevel, OrganisationKind, Role, Tier
from accounts.models import (
    AdministrativeArea,
    DocumentTemplate,
    Membership,
    Organisation,
    User,
)


def test_province() -> AdministrativeArea:
    """The province every area of a test lies in unless it names another: staff,
    officers and reviewers see their own province's objects (issue 18)."""
    province, _created = AdministrativeArea.objects.get_or_create(
        code="P-TEST", defaults={"name": "Tỉnh Thử", "level": AreaLevel.PROVINCE}
    )
    return province


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = AdministrativeArea

    code = factory.Sequence(lambda n: f"A{n:05d}")
    name = factory.Sequence(lambda n: f"Huyện Thử {n}")
    level = AreaLevel.DISTRICT
    parent = factory.LazyAttribute(
        lambda area: None if area.level == AreaLevel.PROVINCE else test_province()
    )


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Tổ chức {n}")
    kind = OrganisationKind.PARTNER
    code = factory.Sequence(lambda n: f"ORG{n:05d}")
    area = factory.SubFactory(AreaFactory)


class SchoolFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Trường THCS Thử {n}")
    kind = OrganisationKind.SCHOOL
    tier = Tier.DISTRICT


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.DEPARTMENT_STAFF


def user_with_role(role: str, organisation=None, **user_fields) -> User:
    """A user holding ``role`` in ``organisation`` (a fitting new one if omitted)."""
    if organisation is None:
        kind = {
            Role.DEPARTMENT_STAFF: OrganisationKind.DEPARTMENT,
            Role.ASSOCIATION_OFFICER: OrganisationKind.ASSOCIATION,
            Role.PRINCIPAL: OrganisationKind.SCHOOL,
            Role.TIER_REVIEWER: OrganisationKind.EDUCATION_OFFICE,
            Role.ADMINISTRATOR: OrganisationKind.DEPARTMENT,
            Role.COMMUNE_SECRETARY: OrganisationKind.ASSOCIATION_BRANCH,
            Role.NATIONAL_VIEWER: OrganisationKind.MINISTRY,
        }[role]
        organisation = OrganisationFactory(kind=kind)
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


class DocumentTemplateFactory(DjangoModelFactory):
    """The DOET's letterhead as in the issue: "SỞ GIÁO DỤC VÀ ĐÀO TẠO" under "UBND TỈNH
    SƠN LA", code SGDĐT, signed "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"."""

    class Meta:
        model = DocumentTemplate

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.DEPARTMENT)
    version = factory.Sequence(lambda n: n + 1)
    governing_body = "UBND TỈNH SƠN LA"
    issuing_body = "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    code = "SGDĐT"
    place = "Sơn La"
    deciding_authority = "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    legal_bases = "Căn cứ quy định chức năng, nhiệm vụ của Sở Giáo dục và Đào tạo;"
    commendation_bases = "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;"
    proposal = "Theo đề nghị của Chánh Văn phòng Sở."
    executors = "Chánh Văn phòng Sở"
    recipients = "Như Điều 3;\nLưu: VT."
    signer_authority = "KT. GIÁM ĐỐC"
    signer_title = "PHÓ GIÁM ĐỐC"
    signer_name = "Nguyễn Văn Thành"
    giver_title = "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH SƠN LA"
