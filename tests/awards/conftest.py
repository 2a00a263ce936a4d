import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.enums import OrganisationKind, Role
from tests.factories.accounts import OrganisationFactory, SchoolFactory, user_with_role
from tests.factories.awards import PDF, AwardFormFactory, make_round, officer


@pytest.fixture
def world(db):
    """A school with its principal, another school, the association with two reviewing
    officers, and an open round offering one form (quota 2) issued by the association."""
    association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name="Hội Khuyến học")
    school, other_school = SchoolFactory(), SchoolFactory()
    principal = user_with_role(Role.PRINCIPAL, school, full_name="Cầm Thị Lan")
    other_principal = user_with_role(Role.PRINCIPAL, other_school)
    reviewer1 = officer(full_name="Lò Văn Minh")
    reviewer2 = officer(full_name="Đinh Thị Thu")
    manager = user_with_role(Role.ASSOCIATION_OFFICER, association, full_name="Chủ tịch Hội")
    form = AwardFormFactory(issuing_organisation=association, code="HKH-GK")
    round_ = make_round(forms=[form], quota=2, reviewers=[reviewer1, reviewer2])
    return {
        "association": association,
        "school": school,
        "other_school": other_school,
        "principal": principal,
        "other_principal": other_principal,
        "reviewer1": reviewer1,
        "reviewer2": reviewer2,
        "manager": manager,
        "form": form,
        "round": round_,
    }


def upload(name: str = "doc.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
