"""Answers the shared public page /verify/<code>/ for award certificates (codes "AW-…")."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _


def lookup_certificate(code: str) -> dict | None:
    if not code.upper().startswith("AW-"):
        return None
    from .models import Commendation

    commendation = (
        Commendation.objects.select_related("form", "decision__issuing_organisation")
        .filter(code=code.upper())
        .first()
    )
    if commendation is None:
        return None
    decision = commendation.decision
    return {
        "fields": [
            (_("Awarded to"), commendation.nominee_name),
            (_("Organisation"), commendation.organisation_name),
            (_("Award form"), commendation.form.name),
            (_("Achievement"), commendation.achievement),
            (
                _("Decision"),
                _("%(label)s of %(date)s")
                % {
                    "label": decision.label,
                    "date": date_format(decision.date, "SHORT_DATE_FORMAT"),
                },
            ),
            (_("Issued by"), decision.issuing_organisation.name),
        ],
        "revoked": commendation.revoked,
    }
