"""The yearly summary report (Báo cáo tổng kết) in the Decree-30 format."""

import pytest

from dashboard import figures
from dashboard.models import YearlyReport
from tests.documents import docx_text, english_words, flat, pdf_text

pytestmark = pytest.mark.django_db

NARRATIVE = {
    "number": "12",
    "results": "100% trường học tổ chức tuần lễ học tập suốt đời.\nQuỹ khuyến học tăng.",
    "shortcomings": "Một số trường chưa cập nhật minh chứng đúng hạn.",
    "directions": "Đẩy mạnh chuyển đổi số trong học tập suốt đời.",
}


def test_staff_write_the_narrative_then_download_the_report(demo, client):
    client.force_login(demo["staff"])

    before = client.get("/dashboard/yearly-report/?year=2025")
    assert before.status_code == 200
    assert before.context["error"] == (
        "Hãy viết kết quả nổi bật, tồn tại hạn chế và phương hướng năm tới trước khi tạo báo cáo."
    )
    assert client.get("/dashboard/yearly-report.pdf?year=2025").status_code == 409

    saved = client.post("/dashboard/yearly-report/?year=2025", NARRATIVE)
    assert saved.status_code == 302
    report = YearlyReport.objects.get()
    assert (report.organisation.code, report.year, report.updated_by) == (
        "SO-GDDT",
        2025,
        demo["staff"],
    )

    pdf = client.get("/dashboard/yearly-report.pdf?year=2025")
    assert pdf.status_code == 200
    text = flat(pdf_text(pdf.content))
    units = figures.compute(2025)["units"]
    assert "Số: 12/BC-SGDĐT" in text
    assert (
        "BÁO CÁO Tổng kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập năm 2025" in text
    )
    assert f"có {units['recognised']}/{units['schools']} đơn vị được công nhận" in text
    for heading in (
        "I. KẾT QUẢ XÂY DỰNG “ĐƠN VỊ HỌC TẬP”",
        "II. CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
        "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA CHƯƠNG TRÌNH",
        "IV. KẾT QUẢ NỔI BẬT 100% trường học tổ chức tuần lễ học tập suốt đời. Quỹ khuyến học tăng.",
        "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026 Đẩy mạnh chuyển đổi số",
    ):
        assert heading in text
    area = units["by_area"][0]
    assert f"{area['area']} {area['schools']} {area['recognised']}" in text
    assert "KT. GIÁM ĐỐC" in text
    assert "PHÓ GIÁM ĐỐC" in text
    assert english_words(text) == set()

    docx = docx_text(client.get("/dashboard/yearly-report.docx?year=2025").content)
    assert "Số: 12/BC-SGDĐT" in docx
    assert "V. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN\nMột số trường" in docx
    assert english_words(docx) == set()


def test_the_yearly_report_is_for_the_programme_parties_only(demo, client):
    client.force_login(demo["principal"])

    assert client.get("/dashboard/yearly-report/").status_code == 404
    assert client.post("/dashboard/yearly-report/", NARRATIVE).status_code == 404
    assert YearlyReport.objects.count() == 0
