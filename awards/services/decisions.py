"""Numbered decisions, commendations and their certificates."""

from __future__ import annotations

import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.selectors import document_template_for
from accounts.signing import sign_issued_pdf
from learnsociety.codes import certificate_code
from learnsociety.documents import DocumentError, render_certificates_pdf
from learnsociety.i18n import lazy_format
from learnsociety.pdf import absolute_url, qr_data_uri, render_pdf_bytes
from learnsociety.siteurl import site_url
from learnsociety.tasks import enqueue

from ..documents import certificate_document, decision_letterhead
from ..enums import NominationStatus
from ..models import (
    Commendation,
    Decision,
    Nomination,
    NominationRound,
)
from ..rules import managed_organisation_ids, may_decide_for
from ..tasks import generate_certificates
from .base import AwardsError, _nominators_notification, _require, nomination_transition

logger = logging.getLogger(__name__)

# --- Decisions and certificates ------------------------------------------------------


def decision_next_number(*, issuing_organisation, year: int) -> int:
    last = Decision.objects.filter(issuing_organisation=issuing_organisation, year=year).aggregate(
        n=Max("number")
    )["n"]
    return (last or 0) + 1


def issuer_code(organisation) -> str:
    """The code the organisation's document template puts in its decision numbers, or ""."""
    template = document_template_for(organisation)
    return template.code if template is not None else ""


def new_certificate_code() -> str:
    return certificate_code("AW")


def decision_record(
    *,
    by: User,
    round_: NominationRound,
    issuing_organisation,
    number: int,
    day: date,
    signer: str,
    scanned_document,
    nominations: list[Nomination],
    code: str = "",
) -> Decision:
    """Record a numbered decision commending the chosen approved nominations, all in one
    step: the number is unique per issuing organisation and year (a constraint decides
    between two officers acting at once), and each nominee gets a verification code.

    Only the issuer records its own decisions; for forms it gives on a proposal, the
    proposing organisation records the decision that came back (its number, date and
    scan) and the app prints no certificate for it.

    ``code`` is the issuer's code in the number ("SGDĐT" in "45/QĐ-SGDĐT"): as the
    higher body printed it for its own decisions; for the issuer's own, the code of its
    document template when none is given."""
    _require(
        # the predicate itself: a superuser is not the issuer either
        may_decide_for(by, issuing_organisation),
        _(
            "Only %(org)s records its decisions (or, for the awards it gives on a proposal, "
            "the organisation that proposed them)."
        )
        % {"org": issuing_organisation.name},
    )
    managed = managed_organisation_ids(by)
    _require(bool(nominations), _("Choose at least one approved nomination."))
    _require(bool(number) and number > 0, _("Give the decision number."))
    _require(bool(scanned_document), _("Attach the scanned decision."))
    _require(bool((signer or "").strip()), _("Give the name of the signer."))
    code = (code or "").strip()
    _require(
        not any(ch.isspace() or ch == "/" for ch in code),
        _("The code is one word without spaces or slashes, e.g. SGDĐT."),
    )
    if not code:
        code = issuer_code(issuing_organisation)
    reused = _("Decision number %(number)s of %(year)s is already used by %(org)s.") % {
        "number": number,
        "year": day.year,
        "org": issuing_organisation.name,
    }
    decision = None
    try:
        with transaction.atomic():
            _require(
                not Decision.objects.filter(
                    issuing_organisation=issuing_organisation, year=day.year, number=number
                ).exists(),
                reused,
            )
            locked = list(
                Nomination.objects.select_for_update()
                .filter(pk__in=[n.pk for n in nominations])
                # the nominator's province goes on each commendation (Commendation.save)
                .select_related("form", "nominee_organisation", "nominating_organisation")
                .order_by("pk")
            )
            _require(len(locked) == len(nominations), _("Choose at least one approved nomination."))
            for nomination in locked:
                _require(
                    nomination.status == NominationStatus.APPROVED
                    and nomination.round_id == round_.pk,
                    _("%(name)s is not an approved nomination of this round.")
                    % {"name": nomination.nominee_name},
                )
                _require(
                    nomination.form.issuing_organisation_id == issuing_organisation.pk,
                    _("“%(form)s” is not issued by %(org)s.")
                    % {"form": nomination.form.name, "org": issuing_organisation.name},
                )
                _require(
                    nomination.form.acting_organisation_id in managed,
                    _("“%(form)s” is decided by %(org)s: you may not record its decision.")
                    % {"form": nomination.form.name, "org": issuing_organisation.name},
                )
            proposers = {n.form.proposing_organisation_id for n in locked}
            _require(
                len(proposers) == 1,
                _(
                    "A decision either gives the issuer's own awards or records a higher "
                    "body's decision on a proposal, not both."
                ),
            )
            proposer_id = proposers.pop()
            _require(
                not proposer_id or bool(code),
                _("Give %(org)s's code as its decision prints it, e.g. UBND in 45/QĐ-UBND.")
                % {"org": issuing_organisation.name},
            )
            decision = Decision(
                round=round_,
                issuing_organisation=issuing_organisation,
                year=day.year,
                number=number,
                code=code,
                date=day,
                signer=signer.strip(),
                scanned_document=scanned_document,
                created_by=by,
                proposing_organisation_id=proposer_id,
                # the higher body prints its own certificates
                certificates_total=0 if proposer_id else len(locked),
            )
            decision.full_clean(exclude=["issuing_organisation", "year", "number", "round"])
            decision.save()
            for nomination in locked:
                Commendation.objects.create(
                    nomination=nomination,
                    decision=decision,
                    code=new_certificate_code(),
                    nominee_name=nomination.nominee_name,
                    nominee_kind=nomination.nominee_kind,
                    organisation_name=nomination.nominee_organisation.name,
                    form=nomination.form,
                    achievement=nomination.summary,
                    **public_snapshot(nomination),
                )
                nomination_transition(
                    obj=nomination,
                    to=NominationStatus.COMMENDED,
                    by=by,
                    comment=_("Decision %(label)s") % {"label": decision.label},
                    notify=_nominators_notification(
                        nomination,
                        lazy_format(
                            gettext_lazy("%(name)s is commended by decision %(label)s"),
                            name=nomination.nominee_name,
                            label=decision.label,
                        ),
                    ),
                )
            if not proposer_id:
                enqueue_certificates(decision.pk)
    except IntegrityError:
        # Another officer took the number between our check and our insert; the scan was
        # already stored by then and would stay behind, owned by no decision.
        if decision is not None and decision.scanned_document:
            decision.scanned_document.delete(save=False)
        raise AwardsError(reused) from None
    return decision


def public_snapshot(nomination: Nomination) -> dict:
    """What the honour roll may show of a nominee: pupils (minors) by grade and school
    only, adults by name only with their recorded consent, collectives always."""
    return {
        "nominee_is_pupil": nomination.is_individual and nomination.is_pupil,
        "nominee_grade": nomination.grade if nomination.is_pupil else None,
        "on_honour_roll": (
            not nomination.is_individual or nomination.is_pupil or nomination.public_consent
        ),
    }


def enqueue_certificates(decision_id: int) -> None:
    """Queue the generation of a decision's certificates in the caller's transaction
    (through the outbox: with the broker down it waits there, the request goes on)."""

    Decision.objects.filter(pk=decision_id).update(certificates_running=True)
    # The worker has no request: give it the address the QR codes must open.
    enqueue(generate_certificates, decision_id=decision_id, base_url=site_url())


def certificate_context(commendation: Commendation) -> dict:

    url = absolute_url(reverse("verify-certificate", args=[commendation.code]))
    return {
        "c": commendation,
        "decision": commendation.decision,
        "verify_url": url,
        "qr": qr_data_uri(url),
    }


def commendation_certificate(*, commendation: Commendation) -> Commendation:
    """Render and store one recipient's certificate PDF (in Vietnamese, the official
    language): in its conventional form under the issuer's document template, or the plain
    form while the issuer has none. Never for a higher body's decision: it prints its own."""

    decision = commendation.decision
    _require(
        not decision.is_external,
        _("%(org)s issues the certificates of its own decisions.")
        % {"org": decision.issuing_organisation.name},
    )
    pdf = None
    if decision_letterhead(decision) is not None:
        try:
            pdf = render_certificates_pdf([certificate_document(commendation)])
        except DocumentError as error:
            logger.warning(
                "awards: plain certificate for %s, the template is incomplete: %s",
                commendation.code,
                " ".join(error.messages),
            )
    if pdf is None:
        with translation.override("vi"):
            pdf = render_pdf_bytes("awards/certificate.html", certificate_context(commendation))
        pdf = sign_issued_pdf(pdf, issuer_id=decision.issuing_organisation_id)
    commendation.certificate.save(f"{commendation.code}.pdf", ContentFile(pdf), save=False)
    commendation.save(update_fields=["certificate"])
    return commendation


def decision_generate_certificates(*, decision_id: int) -> int:
    """Generate the missing certificates of a decision, counting progress as it goes."""
    decision = Decision.objects.get(pk=decision_id)
    pending = (
        Commendation.objects.filter(decision=decision)
        .select_related("decision__issuing_organisation", "form__issuing_organisation")
        .order_by("id")
    )
    made = 0
    for commendation in pending:
        if not commendation.certificate:
            commendation_certificate(commendation=commendation)
            made += 1
        done = Commendation.objects.filter(decision=decision).exclude(certificate="").count()
        Decision.objects.filter(pk=decision.pk).update(certificates_done=done)
    Decision.objects.filter(pk=decision.pk).update(certificates_running=False)
    logger.info("awards: %s certificates generated for decision %s", made, decision_id)
    return made
