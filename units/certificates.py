"""Public verification of Learning Unit certificates (codes ``LU-…``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.selectors import signing_certificate_for
from learnsociety import registry
from learnsociety.documents import DocumentError, render_certificates_pdf

from .documents import certificate_document
from .models import Recognition, RecognitionDecision


@registry.certificate_lookup(order=10)
def lookup_certificate(code: str) -> dict | None:
    if not code or not code.upper().startswith("LU-"):
        return None
    recognition = (
        Recognition.objects.select_related(
            "school__organisation", "outcome", "framework", "decision__authority"
        )
        .filter(certificate_code=code.upper())
        .first()
    )
    if recognition is None:
        return None
    authority = recognition.decision.authority.name if recognition.decision else ""
    found = {
        "fields": [
            (_("Certificate"), _("Learning Unit")),
            (_("School"), recognition.school.organisation.name),
            (_("Year"), str(recognition.year)),
            (_("Level or grade"), recognition.outcome.name),
            (_("Criteria"), recognition.framework.name),
            (_("Decision"), recognition.decision_number),
            (_("Decision date"), recognition.decision_date.strftime("%d/%m/%Y")),
            (_("Issued by"), authority),
        ],
        "revoked": recognition.revoked,
    }
    if recognition.decision is not None:
        found["pdf"] = _certificate_pdf(recognition, recognition.decision)
    return found


def _certificate_pdf(recognition: Recognition, decision: RecognitionDecision):
    """(cache key, loader, issuer) of the certificate's PDF for the signature check. The
    app keeps no PDF per certificate: it makes it again, as a download would, signed if
    the authority has a certificate now; without one it is unsigned and is not made."""

    authority_id = decision.authority_id
    certificate = signing_certificate_for(authority_id)

    def load() -> bytes | None:
        if certificate is None:
            return None
        try:
            return render_certificates_pdf([certificate_document(recognition)])
        except DocumentError:
            return None

    key = f"units:{recognition.pk}:{certificate.pk if certificate else 0}"
    return key, load, authority_id
