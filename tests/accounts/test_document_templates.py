"""Issuers' document templates: edited by administrators with a preview, versioned so that
old decisions render as they were issued."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.enums import OrganisationKind, Role
from accounts.models import DocumentTemplate
from accounts.selectors import document_template_for, letterhead_for
from learnsociety.documents import decision_number, place_date, vietnamese_date
from tests.factories.accounts import DocumentTemplateFactory, OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

FORM = {
    "governing_body": "UBND TỈNH SƠN LA",
    "issuing_body": "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    "code": "SGDĐT",
    "place": "Sơn La",
    "deciding_authority": "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    "legal_bases": "Căn cứ …;",
    "commendation_bases": "",
    "proposal": "",
    "executors": "Chánh Văn phòng Sở",
    "recipients": "Như Điều 3;\r\nLưu: VT.",
    "signer_authority": "",
    "signer_title": "GIÁM ĐỐC",
    "signer_name": "Nguyễn Văn A",
    "giver_title": "",
}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (date(2025, 12, 10), "ngày 10 tháng 12 năm 2025"),
    ],
)
def test_vietnamese_date_pads_days_below_10_and_months_below_3(day, expected):
    assert vietnamese_date(day) == expected


def test_place_date_and_number_lines():
    assert place_date("Sơn La", date(2026, 1, 5)) == "Sơn La, ngày 05 tháng 01 năm 2026"
    assert decision_number("45", "SGDĐT") == "45/QĐ-SGDĐT"
    assert decision_number("145/QĐ-UBND", "UBND") == "145/QĐ-UBND"
    assert decision_number(7, "HKH") == "7/QĐ-HKH"
    assert decision_number("không số", "HKH") == ""


@pytest.fixture
def admin(db):
    return user_with_role(Role.ADMINISTRATOR)


def test_admin_previews_without_saving_then_saves_a_new_version(client, admin):
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
    client.force_login(admin)

    preview = client.post(f"/accounts/document-templates/{doet.pk}/", {**FORM, "preview": "1"})

    assert preview.status_code == 200
    assert preview.context["doc"].number_line == "Số: 1/QĐ-SGDĐT"
    assert "GIÁM ĐỐC" in preview.content.decode()
    assert DocumentTemplate.objects.count() == 0

    saved = client.post(f"/accounts/document-templates/{doet.pk}/", {**FORM, "save": "1"})

    assert saved.status_code == 302
    template = DocumentTemplate.objects.get()
    assert (template.version, template.code, template.created_by) == (1, "SGDĐT", admin)
    assert template.lines(template.recipients) == ("Như Điều 3;", "Lưu: VT.")
    page = client.get(f"/accounts/document-templates/{doet.pk}/")
    assert page.context["form"].initial["code"] == "SGDĐT"
    assert [v.version for v in page.context["versions"]] == [1]


def test_template_without_code_or_signer_is_refused_with_messages(client, admin):
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
    client.force_login(admin)

    response = client.post(
        f"/accounts/document-templates/{doet.pk}/",
        {**FORM, "code": "", "signer_title": "", "save": "1"},
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"code", "signer_title"}
    assert response.context["form"].data["issuing_body"] == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert DocumentTemplate.objects.count() == 0


def test_code_with_a_slash_is_refused(client, admin):
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
    client.force_login(admin)

    response = client.post(
        f"/accounts/document-templates/{doet.pk}/", {**FORM, "code": "QĐ-SGD/ĐT", "save": "1"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["code"] == [
        "Mã là một từ, không có dấu cách hay dấu gạch chéo, ví dụ SGDĐT."
    ]


def test_a_decision_renders_with_the_version_in_force_when_it_was_recorded():
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        DocumentTemplateFactory(organisation=doet, version=1, code="SGDĐT")
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=UTC), tick=False):
        DocumentTemplateFactory(organisation=doet, version=2, code="SGD")

    assert letterhead_for(doet, at=datetime(2026, 2, 1, tzinfo=UTC)).code == "SGDĐT"
    assert letterhead_for(doet, at=datetime(2026, 3, 2, tzinfo=UTC)).code == "SGD"
    # recorded before any template existed: the first version
    assert document_template_for(doet, at=datetime(2025, 1, 1, tzinfo=UTC)).version == 1
    assert document_template_for(doet).version == 2


@pytest.mark.parametrize("role", [Role.DEPARTMENT_STAFF, Role.ASSOCIATION_OFFICER])
def test_only_administrators_see_the_templates(client, role):
    template = DocumentTemplateFactory()
    client.force_login(user_with_role(role))

    assert client.get("/accounts/document-templates/").status_code == 404
    assert client.get(f"/accounts/document-templates/{template.organisation_id}/").status_code == (
        404
    )
    assert (
        client.post(
            f"/accounts/document-templates/{template.organisation_id}/", {**FORM, "save": "1"}
        ).status_code
        == 404
    )
    assert DocumentTemplate.objects.count() == 1


def test_template_list_has_a_constant_query_count(client, admin, django_assert_num_queries):
    client.force_login(admin)
    DocumentTemplateFactory()
    client.get("/accounts/document-templates/")  # warm the session and caches
    with django_assert_num_queries(12):
        first = client.get("/accounts/document-templates/")
    for _i in range(8):
        org = OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
        DocumentTemplateFactory(organisation=org)
        DocumentTemplateFactory(organisation=org)
    with django_assert_num_queries(12):
        many = client.get("/accounts/document-templates/")
    assert (
        len(first.context["page_obj"].object_list),
        len(many.context["page_obj"].object_list),
    ) == (
        1,
        9,
    )
