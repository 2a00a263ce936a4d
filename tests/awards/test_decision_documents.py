"""The commendation decision written by the app (Decree 30/2020/NĐ-CP): PDF, DOCX, preview."""

from datetime import date

import pytest

from accounts.enums import Role
from awards import services
from awards.documents import decision_document
from learnsociety.documents import DocumentError
from tests.documents import docx_text, english_words, flat, pdf_text
from tests.factories.accounts import DocumentTemplateFactory, user_with_role

from .conftest import upload
from .test_decisions import _approved
from .test_issuers import _approved as _issuer_approved
from .test_issuers import issuers  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

ASSOCIATION_TEMPLATE = {
    "governing_body": "",
    "issuing_body": "HỘI KHUYẾN HỌC TỈNH SƠN LA",
    "code": "HKH",
    "deciding_authority": "CHỦ TỊCH HỘI KHUYẾN HỌC TỈNH SƠN LA",
    "signer_authority": "",
    "signer_title": "CHỦ TỊCH",
    "executors": "Chánh Văn phòng Hội",
}


@pytest.fixture
def decision(world):
    DocumentTemplateFactory(organisation=world["association"], **ASSOCIATION_TEMPLATE)
    world["form"].name_vi = "Giấy khen của Hội Khuyến học tỉnh"
    world["form"].save()
    nominations = [_approved(world), _approved(world, name="Tòng Văn Nam", gender="male")]
    return services.decision_record(
        by=world["manager"],
        round_=world["round"],
        issuing_organisation=world["association"],
        number=7,
        day=date(2026, 2, 3),
        signer="Lò Văn Minh",
        scanned_document=upload(),
        nominations=nominations,
    )


def test_commendation_decision_pdf_has_the_decree_30_parts(client, world, decision):
    client.force_login(world["manager"])

    response = client.get(f"/awards/decisions/{decision.pk}/decision.pdf")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-2026-7.pdf"'
    text = flat(pdf_text(response.content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 7/QĐ-HKH" in text
    assert "Sơn La, ngày 03 tháng 02 năm 2026" in text
    assert "Về việc khen thưởng cá nhân năm 2026" in text
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;" in text
    assert "Điều 1. Tặng Giấy khen của Hội Khuyến học tỉnh cho 2 cá nhân" in text
    assert "CHỦ TỊCH Lò Văn Minh" in text
    school = world["school"].name
    assert f"1 Lường Thị Hoa {school} Cá nhân Giấy khen của Hội Khuyến học tỉnh" in text
    assert f"2 Tòng Văn Nam {school} Cá nhân Giấy khen của Hội Khuyến học tỉnh" in text
    assert english_words(text) == set()


def test_commendation_decision_docx_has_the_same_text(client, world, decision):
    staff = user_with_role(Role.DEPARTMENT_STAFF)
    client.force_login(staff)

    response = client.get(f"/awards/decisions/{decision.pk}/decision.docx")

    assert response.status_code == 200
    text = docx_text(response.content)
    assert "Số: 7/QĐ-HKH" in text
    assert "Sơn La, ngày 03 tháng 02 năm 2026" in text
    assert "CHỦ TỊCH" in text.split("Nơi nhận:")[1]
    assert "2 | Tòng Văn Nam" in text
    assert english_words(text) == set()


def test_commendation_decision_preview_for_officer_and_404_for_principal(client, world, decision):
    client.force_login(world["manager"])
    page = client.get(f"/awards/decisions/{decision.pk}/decision/")
    assert page.status_code == 200
    assert "Số: 7/QĐ-HKH" in page.content.decode()

    client.force_login(world["principal"])
    for suffix in ("decision/", "decision.pdf", "decision.docx"):
        assert client.get(f"/awards/decisions/{decision.pk}/{suffix}").status_code == 404


def test_a_higher_bodys_decision_gets_no_document_and_no_certificate(
    client,
    world,
    issuers,  # noqa: F811 (the fixture imported above)
):
    nomination = _issuer_approved(
        world,
        issuers,
        issuers["province_bk"],
        "Cầm Thị Phương",
        issuers["staff"],
        [issuers["staff2"], issuers["staff"]],
    )
    record = {
        "by": issuers["staff"],
        "round_": issuers["round"],
        "issuing_organisation": issuers["province"],
        "number": 1520,
        "day": date(2026, 3, 10),
        "signer": "Hoàng Quốc Khánh",
        "scanned_document": upload(),
        "nominations": [nomination],
    }
    # the higher body's number is recorded with its code, as it printed it
    with pytest.raises(services.AwardsError) as refused:
        services.decision_record(**record)
    assert refused.value.messages == [
        "Hãy ghi chữ viết tắt của UBND tỉnh như in trên quyết định, ví dụ UBND trong 45/QĐ-UBND."
    ]
    # even with the higher body's template in the app, its decision is not the app's to write
    DocumentTemplateFactory(
        organisation=issuers["province"],
        issuing_body="ỦY BAN NHÂN DÂN TỈNH SƠN LA",
        code="UBND",
        signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH",
    )
    client.force_login(issuers["staff"])
    form_page = client.get(f"/awards/rounds/{issuers['round'].pk}/decide/{issuers['province'].pk}/")
    assert form_page.context["form"]["code"].value() == "UBND"
    assert form_page.context["form"].fields["code"].required is True
    decision = services.decision_record(**record, code="UBND")
    assert (decision.label, decision.is_external) == ("1520/QĐ-UBND", True)

    detail = client.get(f"/awards/decisions/{decision.pk}/")
    assert 'data-testid="decision-preview"' not in detail.content.decode()
    assert 'data-testid="external-decision"' in detail.content.decode()
    for suffix in ("decision/", "decision.pdf", "decision.docx"):
        assert client.get(f"/awards/decisions/{decision.pk}/{suffix}").status_code == 404
    with pytest.raises(DocumentError) as error:
        decision_document(decision)
    assert error.value.messages == [
        "UBND tỉnh tự soạn và ký quyết định này: ứng dụng chỉ ghi nhận, không in quyết định "
        "cũng như bằng khen, giấy khen của quyết định."
    ]
    commendation = decision.commendations.get()
    with pytest.raises(services.AwardsError):
        services.commendation_certificate(commendation=commendation)
    assert not commendation.certificate
