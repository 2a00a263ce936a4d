"""The target-vs-actual report with the demo programme: page, PDF and Excel."""

import io
import re
import zlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from programme.computed import compute
from programme.enums import ComputedSource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(
        datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    )


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF, looking inside WeasyPrint's compressed object streams too."""
    text = data
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", text))


def xlsx_rows(content: bytes) -> dict[str, tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return {row[1]: row for row in rows[4:]}


def test_target_vs_actual_excel_shows_demo_numbers_in_vietnamese(client, demo):
    client.force_login(demo["staff"])
    response = client.get(reverse("programme:target-vs-actual-xlsx"), {"period": "2025"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="target-vs-actual-2025.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("Chương trình phối hợp")
    rows = xlsx_rows(response.content)
    # code: (target, actual, achievement %)
    assert (rows["1.1"][6], rows["1.1"][7], rows["1.1"][8]) == (150, 161, 107)
    assert (rows["1.2"][6], rows["1.2"][7]) == (92, 96.72)
    assert (rows["3.1"][6], rows["3.1"][7], rows["3.1"][8]) == (92, 75, 82)
    assert (rows["3.2"][6], rows["3.2"][7]) == (10500, 10350)
    assert (rows["7.2"][6], rows["7.2"][7]) == (10, 10)
    # 6.2 for 2025 is only submitted, and nothing computes commendations yet
    assert rows["6.2"][7] == "chưa có dữ liệu"
    assert len(rows) == 20  # five of them computed from the learning-society returns


def test_target_vs_actual_excel_in_english_for_mid_term(client, demo):
    user = demo["officer"]
    user.language = "en"
    user.save()
    client.force_login(user)
    response = client.get(reverse("programme:target-vs-actual-xlsx"), {"period": "mid_term"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("Coordination programme")
    assert sheet["B2"].value == "Mid-term review (2027)"
    assert [c.value for c in sheet[4]][:3] == ["Commitment", "Indicator code", "Indicator"]
    rows = xlsx_rows(response.content)
    assert (rows["1.1"][6], rows["1.1"][7]) == (210, "no data yet")


def test_target_vs_actual_pdf_opens(client, demo):
    client.force_login(demo["staff"])
    response = client.get(reverse("programme:target-vs-actual-pdf"), {"period": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert pdf_page_count(response.content) >= 1


def test_target_vs_actual_page_shows_demo_numbers(client, demo):
    client.force_login(demo["principal"])
    response = client.get(reverse("programme:target-vs-actual"), {"period": "2025"})
    rows = {r["row"].indicator.code: r for r in response.context["rows"]}
    assert (rows["1.1"]["target"], rows["1.1"]["actual"], rows["1.1"]["rating"]) == (
        "150",
        "161",
        "Đạt chỉ tiêu",
    )
    assert rows["3.1"]["row"].rating == "below"
    # figures read the Vietnamese way: a dot between thousands, a decimal comma
    assert (rows["3.2"]["target"], rows["1.2"]["actual"]) == ("10.500", "96,72")
    # computed by the units app through its published function, never typed in
    published = compute(ComputedSource.RECOGNISED_SHARE, 2025)
    assert rows["5.1"]["row"].actual == published
    html = response.content.decode()
    assert "chưa có dữ liệu" in html  # 6.2: the 2025 report is only submitted
