"""The recognition decision as a Decree-30 document: plain data for the shared renderer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.selectors import letterhead_for
from learnsociety.documents import (
    Annex,
    CertificateDocument,
    DecisionDocument,
    DocumentError,
    missing_letterhead,
)
from learnsociety.siteurl import absolute_url

from .models import Recognition, RecognitionDecision


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


def certificate_document(recognition: Recognition) -> CertificateDocument:
    """The Learning Unit certificate of one recognised school, given by the recognising
    authority under its document template."""
    decision = recognition.decision
    if decision is None:
        raise DocumentError(_("This recognition was imported without its decision."))
    letterhead = letterhead_for(decision.authority, at=decision.created)
    if letterhead is None:
        raise missing_letterhead(decision.authority.name)
    organisation = recognition.school.organisation
    return CertificateDocument(
        letterhead=letterhead,
        verb="CẤP",
        title="Giấy công nhận",
        recipient=organisation.name,
        recipient_detail=organisation.area.name if organisation.area else "",
        achievement=f"Đạt danh hiệu “Đơn vị học tập” năm {recognition.year}",
        level=recognition.outcome.name_vi,
        decision_number=decision.number,
        decision_day=decision.decided_on,
        code=recognition.certificate_code or "",
        verify_url=absolute_url(reverse("verify-certificate", args=[recognition.certificate_code])),
        signer_name=decision.signer,
    )
