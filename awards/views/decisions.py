"""Decisions, certificate generation progress and certificate downloads."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedRequest
from accounts.models import Organisation
from learnsociety.documents import (
    DocumentError,
    decision_preview_response,
    download_response,
)
from learnsociety.errors import error_text
from learnsociety.uploads import serve_upload

from .. import documents, services
from ..enums import NominationStatus, Procedure
from ..forms import (
    DecisionForm,
)
from ..history import decision_history
from ..models import (
    Commendation,
    Decision,
    Nomination,
    NominationRound,
)
from ..rules import managed_organisation_ids, may_decide_for, nominating_organisation_ids

# --- Decisions and certificates --------------------------------------------------------


def decision_create(request: AuthenticatedRequest, pk: int, org: int) -> HttpResponse:
    round_ = get_object_or_404(NominationRound, pk=pk)
    issuer = get_object_or_404(Organisation, pk=org)
    # only the issuer's (or the proposer's) own people, never a superuser as such
    if not may_decide_for(request.user, issuer):
        raise Http404
    managed = managed_organisation_ids(request.user)
    # the issuer's own awards, or (for a higher body) the ones the user's organisation proposed
    external = issuer.pk not in managed
    approved = (
        Nomination.objects.filter(
            round=round_,
            status=NominationStatus.APPROVED,
            form__issuing_organisation=issuer,
        )
        .filter(
            Q(form__procedure=Procedure.PROPOSED, form__proposing_organisation_id__in=managed)
            if external
            else Q(form__procedure=Procedure.DECIDED)
        )
        .select_related("form", "nominee_organisation")
        .order_by("form__code", "nominee_name")
    )
    today = timezone.localdate()
    # a higher body's decision carries that body's own number: nothing to suggest
    suggestion = (
        None
        if external
        else services.decision_next_number(issuing_organisation=issuer, year=today.year)
    )
    form = DecisionForm(
        request.POST or None,
        request.FILES or None,
        nominations=approved,
        initial={
            "number": suggestion,
            "code": services.issuer_code(issuer),
            "date": today,
            "nominations": list(approved),
        },
    )
    # a higher body's number is recorded as it printed it, code included
    form.fields["code"].required = external
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_record(
                by=request.user,
                round_=round_,
                issuing_organisation=issuer,
                number=data["number"],
                code=data["code"],
                day=data["date"],
                signer=data["signer"],
                scanned_document=data["scanned_document"],
                nominations=list(data["nominations"]),
            )
        except services.AwardsError as error:
            form.add_error(None, error_text(error))
            # someone may just have taken the number: show the one that is free now
            if not external:
                suggestion = services.decision_next_number(
                    issuing_organisation=issuer, year=data["date"].year
                )
        else:
            messages.success(
                request,
                _("Decision %(label)s of %(org)s recorded.")
                % {"label": decision.label, "org": issuer.name}
                if external
                else _("Decision %(label)s recorded; certificates are being generated.")
                % {"label": decision.label},
            )
            return redirect(decision)
    return render(
        request,
        "awards/decision_form.html",
        {
            "round": round_,
            "issuer": issuer,
            "form": form,
            "suggestion": suggestion,
            "external": external,
            "has_approved": approved.exists(),
        },
    )


def _decision(request: AuthenticatedRequest, pk: int) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related(
            "issuing_organisation", "proposing_organisation", "round", "created_by"
        ),
        pk=pk,
    )
    if not (
        request.user.has_perm("awards.decide", decision.issuing_organisation)
        or request.user.has_perm("awards.view_register_entry", decision)
    ):
        raise Http404
    return decision


@require_GET
def decision_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    commendations = decision.commendations.select_related("form", "nomination").order_by(
        "nominee_name", "id"
    )
    return render(
        request,
        "awards/decision_detail.html",
        {
            "decision": decision,
            "commendations": commendations,
            "can_decide": may_decide_for(request.user, decision.issuing_organisation),
            "history": decision_history(decision),
        },
    )


@require_GET
def decision_progress(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    return render(request, "awards/_decision_progress.html", {"decision": decision})


@require_POST
def decision_generate(request: AuthenticatedRequest, pk: int) -> HttpResponse:

    decision = _decision(request, pk)
    if decision.is_external or not may_decide_for(request.user, decision.issuing_organisation):
        raise Http404
    with transaction.atomic():
        services.enqueue_certificates(decision.pk)
    messages.info(request, _("Certificate generation started."))
    return redirect(decision)


@require_GET
def decision_scan(request: AuthenticatedRequest, pk: int) -> FileResponse:
    return serve_upload(_decision(request, pk).scanned_document)


def _built_document(decision: Decision):
    if decision.is_external:
        # the higher body writes and signs its own decision: the app only recorded it
        raise Http404
    try:
        return documents.decision_document(decision)
    except DocumentError as error:
        return error


@require_GET
def decision_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The decision as the app writes it (Decree 30 format), before download and signing."""
    decision = _decision(request, pk)
    return decision_preview_response(
        request,
        _built_document(decision),
        label=decision.label,
        back_url=decision.get_absolute_url(),
        url_namespace="awards",
        pk=decision.pk,
    )


@require_GET
def decision_file(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    decision = _decision(request, pk)
    return download_response(request, _built_document(decision), fmt, decision.get_absolute_url())


def _may_see_commendation(request: AuthenticatedRequest, commendation: Commendation) -> bool:
    user = request.user
    return (
        user.has_perm("awards.view_register_entry", commendation)
        or commendation.nomination.nominating_organisation_id in nominating_organisation_ids(user)
        or user.has_perm("awards.decide", commendation.decision.issuing_organisation)
    )


@require_GET
def certificate_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    commendation = get_object_or_404(
        Commendation.objects.select_related(
            "nomination", "decision__issuing_organisation", "form__issuing_organisation"
        ),
        pk=pk,
    )
    if commendation.decision.is_external or not _may_see_commendation(request, commendation):
        # the higher body prints its own certificates
        raise Http404
    if not commendation.certificate:
        services.commendation_certificate(commendation=commendation)
    response = serve_upload(commendation.certificate, download_name=f"{commendation.code}.pdf")
    response["Content-Disposition"] = f'attachment; filename="{commendation.code}.pdf"'
    return response
