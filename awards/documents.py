"""The commendation decision as a Decree-30 document: plain data for the shared renderer."""

from __future__ import annotations

import dataclasses

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.selectors import letterhead_for
from learnsociety.documents import (
    Annex,
    CertificateDocument,
    DocumentError,
    Letterhead,
    OfficialDocument,
    missing_letterhead,
)
from learnsociety.siteurl import absolute_url

from .enums import NomineeKind
from .models import Commendation, Decision


def decision_letterhead(decision: Decision) -> Letterhead | None:
    """The issuer's template in force when the decision was recorded, with the code the
    decision was numbered under (the number stays as issued if the template changes)."""
    letterhead = letterhead_for(decision.issuing_organisation, at=decision.created)
    if letterhead is not None and decision.code:
        letterhead = dataclasses.replace(letterhead, code=decision.code)
    return letterhead


def _refuse_external(decision: Decision) -> None:
    if decision.is_external:
        raise DocumentError(
            _(
                "%(org)s writes and signs this decision itself: the app only records it and "
                "prints neither the decision nor its certificates."
            )
            % {"org": decision.issuing_organisation.name}
        )


def _who(collectives: int, individuals: int) -> str:
    parts = []
    if collectives:
        parts.append(f"{collectives} tập thể")
    if individuals:
        parts.append(f"{individuals} cá nhân")
    return " và ".join(parts)


def decision_document(decision: Decision) -> OfficialDocument:
    """Build the commendation decision with its annexed list of commended collectives and
    individuals, using the issuer's document template in force when it was recorded.
    A higher body's decision on a proposal is refused: it is not the app's to write."""
    _refuse_external(decision)
    letterhead = decision_letterhead(decision)
    if letterhead is None:
        raise missing_letterhead(decision.issuing_organisation.name)
    commendations = list(
        decision.commendations.select_related("form").order_by("form__code", "nominee_name", "pk")
    )
    if not commendations:
        raise DocumentError(_("The decision commends nobody yet."))
    collectives = sum(1 for c in commendations if c.nominee_kind == NomineeKind.COLLECTIVE)
    individuals = len(commendations) - collectives
    forms = list(dict.fromkeys(c.form.name_vi for c in commendations))
    subject_who = (
        "tập thể, cá nhân"
        if collectives and individuals
        else ("tập thể" if collectives else "cá nhân")
    )
    executors = letterhead.executors or "Các cơ quan, đơn vị có liên quan"
    articles = (
        f"Tặng {', '.join(forms)} cho {_who(collectives, individuals)} "
        "(có danh sách kèm theo) đã có thành tích xuất sắc trong công tác khuyến học, "
        "khuyến tài, xây dựng xã hội học tập.",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        f"{executors} và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này./.",
    )
    rows = tuple(
        (
            str(index),
            c.nominee_name,
            c.organisation_name,
            "Tập thể" if c.nominee_kind == NomineeKind.COLLECTIVE else "Cá nhân",
            c.form.name_vi,
        )
        for index, c in enumerate(commendations, start=1)
    )
    return OfficialDocument(
        letterhead=letterhead,
        number=str(decision.number),
        day=decision.date,
        subject=f"Về việc khen thưởng {subject_who} năm {decision.year}",
        articles=articles,
        signer_name=decision.signer,
        legal_bases=letterhead.commendation_bases,
        annex=Annex(
            title=f"Danh sách {subject_who} được khen thưởng",
            columns=("TT", "Tên tập thể, cá nhân", "Đơn vị", "Tập thể/cá nhân", "Hình thức"),
            rows=rows,
        ),
        filename=f"quyet-dinh-{decision.year}-{decision.number}",
    )


def certificate_document(commendation: Commendation) -> CertificateDocument:
    """One recipient's certificate in its conventional form: the issuer gives it by title
    ("CHỦ TỊCH HỘI KHUYẾN HỌC TỈNH SƠN LA … TẶNG GIẤY KHEN"), with the decision's number
    in the State's format. Raises DocumentError without a template or for a higher body's
    decision (that body prints its own)."""
    decision = commendation.decision
    _refuse_external(decision)
    letterhead = decision_letterhead(decision)
    if letterhead is None:
        raise missing_letterhead(decision.issuing_organisation.name)
    # a pupil's certificate speaks of learning, not of a teacher's work
    achievement = (
        "Đã có nỗ lực và kết quả tốt trong học tập"
        if commendation.nominee_is_pupil
        else "Đã có thành tích xuất sắc"
    )
    summary = " ".join((commendation.achievement or "").split()[:45])
    if summary:
        achievement = f"{achievement}: {summary}"
    return CertificateDocument(
        letterhead=letterhead,
        verb="TẶNG",
        title=commendation.form.name_vi,
        recipient=commendation.nominee_name,
        recipient_detail=(
            commendation.organisation_name if commendation.shows_organisation_line else ""
        ),
        achievement=achievement,
        decision_number=str(decision.number),
        decision_day=decision.date,
        code=commendation.code,
        verify_url=absolute_url(reverse("verify-certificate", args=[commendation.code])),
        signer_name=decision.signer,
    )
