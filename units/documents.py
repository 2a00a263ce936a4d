"""The recognition decision as a Decree-30 document: plain data for the shared renderer."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.selectors import letterhead_for
from learnsociety.documents import Annex, DecisionDocument, DocumentError, missing_letterhead

from .models import RecognitionDecision


def decision_document(decision: RecognitionDecision) -> DecisionDocument:
    """Build the recognition decision with its annexed list of recognised schools, using
    the authority's document template in force when the decision was recorded."""
    letterhead = letterhead_for(decision.authority, at=decision.created)
    if letterhead is None:
        raise missing_letterhead(decision.authority.name)
    year = decision.cycle.year
    recognitions = list(
        decision.recognitions.select_related("school__organisation__area", "outcome").order_by(
            "school__organisation__name", "pk"
        )
    )
    if not recognitions:
        raise DocumentError(_("The decision recognises no school yet."))
    basis = (decision.cycle.framework.legal_basis or "").strip()
    legal_bases = (f"Căn cứ {basis};",) if basis else ()
    executors = letterhead.executors or "Các cơ quan, đơn vị có liên quan"
    articles = (
        f"Công nhận {len(recognitions)} đơn vị đạt danh hiệu “Đơn vị học tập” năm {year} "
        "(có danh sách kèm theo).",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        f"{executors} và thủ trưởng các đơn vị có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này./.",
    )
    rows = tuple(
        (
            str(index),
            r.school.organisation.name,
            r.school.organisation.area.name if r.school.organisation.area else "",
            r.outcome.name_vi,
        )
        for index, r in enumerate(recognitions, start=1)
    )
    return DecisionDocument(
        letterhead=letterhead,
        number=decision.number,
        day=decision.decided_on,
        subject=f"Về việc công nhận “Đơn vị học tập” năm {year}",
        articles=articles,
        signer_name=decision.signer,
        legal_bases=legal_bases,
        annex=Annex(
            title=f"Danh sách đơn vị được công nhận “Đơn vị học tập” năm {year}",
            columns=("TT", "Tên đơn vị", "Địa bàn", "Mức đạt"),
            rows=rows,
        ),
        filename=f"quyet-dinh-{decision.pk}",
    )
