"""The recognising authority: decisions and certificates."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.access import get_for_user_or_404
from accounts.http import AuthenticatedRequest
from accounts.models import AdministrativeArea, Organisation
from learnsociety.documents import (
    DocumentError,
    decision_preview_response,
    download_response,
    error_page,
    render_certificates_pdf,
)
from learnsociety.errors import error_messages
from learnsociety.params import id_param
from learnsociety.uploads import serve_upload

from .. import documents, selectors, services
from ..enums import AssessmentStatus
from ..forms import DecisionForm
from ..history import decision_history
from ..models import CertificateBundle, Cycle, Recognition, RecognitionDecision


def _cycle_for_authority(request, pk: int) -> Cycle:
    cycle = get_object_or_404(Cycle.objects.select_related("framework", "authority"), pk=pk)
    if not request.user.has_perm("units.recognise", cycle):
        raise Http404
    return cycle


def _authorities(user, cycle, verified) -> dict[int, Organisation]:
    """The authorities of the verified dossiers whose decisions ``user`` records."""
    found: dict[int, Organisation] = {}
    for a in verified:
        authority = a.authority or cycle.authority
        if authority is not None and services.may_recognise_for(user, authority):
            found.setdefault(authority.pk, authority)
    return found


def _chosen_authority(request, cycle, authorities: dict) -> Organisation | None:
    """The authority asked for (404 when it is not one of ``authorities``), else the only
    one, else the cycle's own when no dossier is waiting; None when the user must choose."""
    chosen_id = id_param(request.POST.get("authority") or request.GET.get("authority"))
    if chosen_id is not None:
        if chosen_id not in authorities:
            raise Http404
        return authorities[chosen_id]
    if len(authorities) == 1:
        return next(iter(authorities.values()))
    if not authorities:
        return cycle.authority
    return None


def decision_create(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    """Record one authority's decision. A district- or commune-tier cycle has as many
    authorities as areas: the page offers the dossiers of one authority at a time, chosen
    with ``?authority=`` among those whose decisions the user records."""
    cycle = _cycle_for_authority(request, cycle_pk)
    waiting = roles.scoped(selectors.assessments_list(), request.user).filter(
        cycle=cycle, status=AssessmentStatus.VERIFIED
    )
    province, provinces = _chosen_province(request, waiting)
    if province is None and provinces:
        return render(
            request,
            "units/decision_form.html",
            {"cycle": cycle, "provinces": provinces, "choose_province": True},
        )
    if province is not None:
        waiting = waiting.filter(province=province)
    verified = list(waiting.select_related("authority").order_by("school__organisation__name"))
    authorities = _authorities(request.user, cycle, verified)
    authority = _chosen_authority(request, cycle, authorities)
    choose = authority is None and len(authorities) > 1
    assessments = [
        a
        for a in verified
        if authority is not None and (a.authority_id or cycle.authority_id) == authority.pk
    ]
    outcomes = list(cycle.framework.outcomes.order_by("-rank"))
    kwargs = {"assessments": assessments, "outcomes": outcomes}
    if request.method == "POST" and authority is not None:
        form = DecisionForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                decision = services.decision_record(
                    cycle=cycle,
                    authority=authority,
                    by=request.user,
                    number=form.cleaned_data["number"],
                    decided_on=form.cleaned_data["decided_on"],
                    signer=form.cleaned_data["signer"],
                    document=form.cleaned_data.get("document"),
                    entries=form.entries,
                    reasons=form.reasons,
                )
            except services.UnitsError as error:
                error_messages(request, error)
            else:
                messages.success(
                    request, _("The decision was recorded and the certificates are ready.")
                )
                return redirect(decision)
        status = 400
    else:
        form = DecisionForm(**kwargs)
        status = 200
    counts = Counter(a.authority_id or cycle.authority_id for a in verified)
    return render(
        request,
        "units/decision_form.html",
        {
            "cycle": cycle,
            "form": form,
            "authority": authority,
            "choose": choose,
            "authorities": [
                (a, counts.get(pk, 0))
                for pk, a in sorted(authorities.items(), key=lambda kv: kv[1].name)
            ],
            "outcome_labels": {o.code: o.name for o in outcomes},
            "province": province,
        },
        status=status,
    )


def _chosen_province(request, waiting) -> tuple[AdministrativeArea | None, list]:
    """For a user who sees every province, when verified dossiers wait in several: the
    province chosen with ``?province=`` (404 for one without any), else None and the
    provinces to choose from with their counts (one form of every province's dossiers would
    list thousands of schools). Otherwise (None, [])."""
    if roles.province_scope(request.user) is not None:
        return None, []
    counts = dict(
        waiting.order_by()
        .values_list("province")
        .annotate(n=Count("*"))
        .values_list("province", "n")
    )
    if len(counts) < 2:
        return None, []
    chosen_id = id_param(request.POST.get("province") or request.GET.get("province"))
    if chosen_id is not None:
        if chosen_id not in counts:
            raise Http404
        return AdministrativeArea.objects.get(pk=chosen_id), []
    names = dict(
        AdministrativeArea.objects.filter(pk__in=[p for p in counts if p]).values_list("pk", "name")
    )
    return None, sorted(
        ((pk, names.get(pk, "—"), n) for pk, n in counts.items() if pk), key=lambda r: r[1]
    )


def _decision(request, pk: int) -> RecognitionDecision:
    decision = get_object_or_404(
        RecognitionDecision.objects.select_related(
            "cycle", "cycle__framework", "authority", "created_by"
        ),
        pk=pk,
    )
    user = request.user
    if not (
        user.has_perm("units.recognise", decision.cycle) or user.has_perm("units.view_coverage")
    ) or not roles.in_province_scope(user, decision.authority.province_id):
        raise Http404
    return decision


def decision_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    recognitions = decision.recognitions.select_related(
        "school",
        "school__organisation",
        "school__organisation__area",
        "outcome",
        "assessment__area",
    ).order_by("school__organisation__name")
    return render(
        request,
        "units/decision_detail.html",
        {
            "decision": decision,
            "recognitions": recognitions,
            "history": decision_history(decision),
            "bundle": _bundle(decision),
            "can_recognise": services.may_recognise_for(request.user, decision.authority),
        },
    )


def decision_document(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    return serve_upload(_decision(request, pk).document)


def _built_document(decision: RecognitionDecision):
    try:
        return documents.decision_document(decision)
    except DocumentError as error:
        return error


def decision_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The decision as the app writes it (Decree 30 format), before download and signing."""
    decision = _decision(request, pk)
    return decision_preview_response(
        request,
        _built_document(decision),
        label=decision.number,
        back_url=decision.get_absolute_url(),
        url_namespace="units",
        pk=decision.pk,
    )


@require_POST
def certificate_bundle_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    if not services.may_recognise_for(request.user, decision.authority):
        raise Http404
    try:
        documents.certificate_bundle_start(decision=decision, by=request.user)
    except DocumentError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, _("The certificates are being generated."))
    return redirect(decision)


def certificate_bundle_progress(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    return render(
        request,
        "units/_certificate_bundle.html",
        {
            "decision": decision,
            "bundle": _bundle(decision),
            "can_recognise": services.may_recognise_for(request.user, decision.authority),
        },
    )


def certificate_bundle_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    decision = _decision(request, pk)
    bundle = _bundle(decision)
    if bundle is None or not bundle.ready:
        raise Http404
    return serve_upload(bundle.file, download_name=f"giay-cong-nhan-{decision.pk}.pdf")


def _bundle(decision: RecognitionDecision):

    return CertificateBundle.objects.filter(decision=decision).first()


def decision_file(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    decision = _decision(request, pk)
    return download_response(request, _built_document(decision), fmt, decision.get_absolute_url())


@require_POST
def not_recognise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(selectors.assessment_detail(pk), pk=pk)
    if not request.user.has_perm("units.recognise", assessment):
        raise Http404
    try:
        services.assessment_not_recognise(
            assessment=assessment, by=request.user, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("The decision not to recognise the school was recorded."))
    except services.UnitsError as error:
        error_messages(request, error)
    return redirect(assessment)


def certificate_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    recognition = get_object_or_404(
        Recognition.objects.select_related(
            "school",
            "school__organisation",
            "outcome",
            "framework",
            "decision",
            "decision__authority",
            "cycle",
        ).filter(certificate_code__isnull=False),
        pk=pk,
    )
    user = request.user
    # Whoever sees the school, or records decisions of the authority that recognised it
    # (a commune's reviewer never gets another commune's certificates).
    authority = recognition.decision.authority if recognition.decision else None
    if not (
        user.has_perm("units.view_school", recognition.school)
        or (authority is not None and services.may_recognise_for(user, authority))
    ):
        raise Http404
    try:
        pdf = render_certificates_pdf([documents.certificate_document(recognition)])
    except DocumentError as error:
        back = recognition.decision.get_absolute_url() if recognition.decision else "/"
        return error_page(request, error, back)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="giay-cong-nhan-{recognition.certificate_code}.pdf"'
    )
    return response


__all__ = ["get_for_user_or_404"]
