"""The recognition decision as a Decree-30 document: plain data for the shared renderer."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import letterhead_for
from learnsociety.documents import (
    Annex,
    CertificateDocument,
    DocumentError,
    OfficialDocument,
    missing_letterhead,
    render_certificates_pdf_in_steps,
)
from learnsociety.siteurl import absolute_url, site_url
from learnsociety.tasks import enqueue
from learnsociety.uploads import UploadTo, delete_on_commit

from .models import CertificateBundle, Recognition, RecognitionDecision
from .services import may_recognise_for
from .tasks import generate_certificate_bundle

logger = logging.getLogger(__name__)


def decision_document(decision: RecognitionDecision) -> OfficialDocument:
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
    return OfficialDocument(
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


# --- A decision's certificates in one PDF (background) ------------------------------------


def certificate_bundle_start(*, decision: RecognitionDecision, by: User) -> CertificateBundle:
    """Queue the generation of all the decision's certificates as one PDF for printing.
    Refuses at once what would fail (no template, no certificate); a run in progress is
    left alone."""
    if not may_recognise_for(by, decision.authority):
        raise DocumentError(_("Only the recognising authority can generate certificates."))
    if letterhead_for(decision.authority, at=decision.created) is None:
        raise missing_letterhead(decision.authority.name)
    total = decision.recognitions.filter(certificate_code__isnull=False).count()
    if not total:
        raise DocumentError(_("There is no certificate to generate."))
    with transaction.atomic():
        bundle, _created = CertificateBundle.objects.select_for_update().get_or_create(
            decision=decision
        )
        if bundle.running:
            return bundle

        delete_on_commit(bundle.file)
        bundle.file = ""
        bundle.total, bundle.done, bundle.running, bundle.error = total, 0, True, ""
        bundle.save()
        # Through the outbox: with the broker down the job waits there, the request goes on.
        enqueue(generate_certificate_bundle, decision_id=decision.pk, base_url=site_url())
    return bundle


def certificate_bundle_generate(*, decision_id: int) -> int:
    """Make the bundle's PDF, counting progress; on failure keep the reason and no file."""
    bundle = CertificateBundle.objects.select_related("decision").get(decision_id=decision_id)
    recognitions = list(
        bundle.decision.recognitions.filter(certificate_code__isnull=False)
        .select_related(
            "school__organisation__area", "outcome", "decision__authority", "decision__cycle"
        )
        .order_by("school__organisation__name", "pk")
    )
    rows = CertificateBundle.objects.filter(pk=bundle.pk)
    try:
        certificates = [certificate_document(r) for r in recognitions]
        pdf = render_certificates_pdf_in_steps(
            certificates, on_progress=lambda done: rows.update(done=done)
        )
    except DocumentError as error:
        rows.update(running=False, error=" ".join(error.messages)[:500])
        return 0
    except Exception:
        logger.exception("units: certificate bundle of decision %s failed", decision_id)
        rows.update(running=False, error=_("The certificates could not be generated; try again."))
        return 0
    name = bundle.file.storage.save(
        UploadTo("units/certificates")(bundle, f"giay-cong-nhan-{decision_id}.pdf"),
        ContentFile(pdf),
    )
    rows.update(file=name, done=len(certificates), running=False, error="")
    return len(certificates)
