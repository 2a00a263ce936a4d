"""Time a recognition decision with 300 recognised schools as PDF and as DOCX (targets:
PDF < 10 s, DOCX < 5 s on the 2-core reference machine) and write the sample decision
shown in the README. Run with:

    .venv/bin/python manage.py shell -c "exec(open('bench/documents.py').read())"

SCHOOLS (300) changes the size; OUT (var/bench-documents) is where the files go.
The renderer takes plain data, so no database rows are needed.
"""

import os
import time
from datetime import date
from pathlib import Path

from learnsociety.documents import (
    Annex,
    Letterhead,
    OfficialDocument,
    render_decision_docx,
    render_decision_pdf,
)

schools = int(os.environ.get("SCHOOLS", "300"))
load = os.getloadavg()[0]
out = Path(os.environ.get("OUT", "var/bench-documents"))
out.mkdir(parents=True, exist_ok=True)
letterhead = Letterhead(
    governing_body="UBND TỈNH SƠN LA",
    issuing_body="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    code="SGDĐT",
    place="Sơn La",
    deciding_authority="GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    legal_bases=(
        "Căn cứ quyết định của Ủy ban nhân dân tỉnh Sơn La quy định chức năng, nhiệm vụ, "
        "quyền hạn và cơ cấu tổ chức của Sở Giáo dục và Đào tạo;",
    ),
    proposal="Theo đề nghị của Chánh Văn phòng Sở.",
    executors="Chánh Văn phòng Sở, Trưởng các phòng thuộc Sở",
    recipients=("Như Điều 3;", "Giám đốc, các Phó Giám đốc Sở;", "Lưu: VT."),
    signer_authority="KT. GIÁM ĐỐC",
    signer_title="PHÓ GIÁM ĐỐC",
)
document = OfficialDocument(
    letterhead=letterhead,
    number="45",
    day=date(2026, 1, 5),
    subject="Về việc công nhận “Đơn vị học tập” năm 2025",
    articles=(
        f"Công nhận {schools} đơn vị đạt danh hiệu “Đơn vị học tập” năm 2025 "
        "(có danh sách kèm theo).",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Chánh Văn phòng Sở, Trưởng các phòng thuộc Sở và thủ trưởng các đơn vị có tên "
        "tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    ),
    signer_name="Nguyễn Văn Thành",
    legal_bases=("Căn cứ Thông tư 24/2023/TT-BGDĐT;",),
    annex=Annex(
        title="Danh sách đơn vị được công nhận “Đơn vị học tập” năm 2025",
        columns=("TT", "Tên đơn vị", "Địa bàn", "Mức đạt"),
        rows=tuple(
            (str(i), f"Trường mẫu số {i}", "Tỉnh Sơn La", "Mức độ 2" if i % 3 else "Mức độ 1")
            for i in range(1, schools + 1)
        ),
    ),
    filename="quyet-dinh-mau",
)
# CPU seconds as well as wall-clock seconds: on a shared, busy machine the wall clock
# measures the neighbours too.
started, cpu = time.monotonic(), time.process_time()
pdf = render_decision_pdf(document)
pdf_seconds, pdf_cpu = time.monotonic() - started, time.process_time() - cpu
started, cpu = time.monotonic(), time.process_time()
docx = render_decision_docx(document)
docx_seconds, docx_cpu = time.monotonic() - started, time.process_time() - cpu
(out / "decision.pdf").write_bytes(pdf)
(out / "decision.docx").write_bytes(docx)
print(f"load average before the run: {load:.1f} (2 cores)")
print(f"{schools} schools: PDF {pdf_seconds:.1f} s, {pdf_cpu:.1f} s CPU (target < 10 s)")
print(f"{schools} schools: DOCX {docx_seconds:.1f} s, {docx_cpu:.1f} s CPU (target < 5 s)")
print(f"files in {out}/ (README image: pdftoppm -png -r 60 -f 1 -l 1 decision.pdf)")
