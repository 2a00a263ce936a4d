"""Public verification of Learning Unit certificates (codes ``LU-…``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Recognition


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
    return {
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
