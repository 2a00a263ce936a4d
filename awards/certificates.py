"""Answers the shared public page /verify/<code>/ for award certificates (codes "AW-…")."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from learnsociety import registry

from .models import Commendation


@registry.certificate_lookup(order=20)
def lookup_certificate(code: str) -> dict | None:
    if not code.upper().startswith("AW-"):
        return None

    commendation = (
        Commendation.objects.select_related("form", "decision__issuing_organisation")
        .filter(code=code.upper())
        .first()
    )
    if commendation is None:
        return None
    decision = commendation.decision
    found: dict[str, object] = {"revoked": commendation.revoked}
    if commendation.certificate:
        found["pdf"] = (
            f"awards:{commendation.pk}:{commendation.certificate.name}",
            lambda: _stored(commendation),
            decision.issuing_organisation_id,
        )
    # a public page: a pupil (a minor) is never named, nor described in their own words
    fields = [(_("Awarded to"), commendation.public_name)]
    if commendation.shows_organisation_line and not commendation.nominee_is_pupil:
        fields.append((_("Organisation"), commendation.organisation_name))
    fields.append((_("Award form"), commendation.form.name))
    if not commendation.nominee_is_pupil:
        fields.append((_("Achievement"), commendation.achievement))
    return {
        **found,
        "fields": [
            *fields,
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
    }


def _stored(commendation) -> bytes | None:
    """The certificate's PDF as generated and handed out."""
    try:
        with commendation.certificate.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
