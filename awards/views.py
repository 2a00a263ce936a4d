from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_for_user_or_404
from accounts.models import Organisation
from learnsociety.uploads import serve_upload

from . import eligibility, selectors, services
from .enums import EDITABLE, GRANTED, UNDER_REVIEW, NominationStatus, RubricKind
from .forms import (
    AssignForm,
    CommendationFilter,
    CommentForm,
    ConflictForm,
    CriterionFormSet,
    DecisionForm,
    DisciplineFlagForm,
    DocumentForm,
    NominationFilter,
    NominationForm,
    OfferedFormSet,
    ReviewForm,
    RoundConfigForm,
)
from .models import (
    Commendation,
    Decision,
    DisciplineFlag,
    Nomination,
    NominationDocument,
    NominationRound,
    ReviewAssignment,
    ReviewScore,
)
from .rules import conflict_reason, nominating_organisation_ids

PAGE_SIZE = 25


def _page(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _error_text(error: services.AwardsError) -> str:
    return " ".join(str(m) for m in error.messages)


def _require_perm(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _nomination(request: HttpRequest, pk: int, perm: str = "awards.view_nomination") -> Nomination:
    return get_for_user_or_404(
        selectors.nomination_for_detail(), user=request.user, perm=perm, request=request, pk=pk
    )


# --- Nominations ---------------------------------------------------------------------


@require_GET
def nomination_list(request: HttpRequest) -> HttpResponse:
    queryset = selectors.nominations_visible_to(request.user).order_by("-created", "-id")
    filterset = NominationFilter(request.GET, queryset=queryset)
    return render(
        request,
        "awards/nomination_list.html",
        {
            "filter": filterset,
            "page_obj": _page(request, filterset.qs),
            "can_nominate": request.user.has_perm("awards.nominate"),
        },
    )


def _nomination_data(form: NominationForm) -> dict:
    return dict(form.cleaned_data)


def nomination_create(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "awards.nominate")
    form = NominationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_save(by=request.user, data=_nomination_data(form))
        except services.AwardsError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request, _("Draft saved. Now add the three dossier documents and submit.")
            )
            return redirect(nomination)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": None})


def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    if not request.user.has_perm("awards.edit_nomination", nomination):
        messages.error(
            request,
            _("A submitted nomination can only be changed when more information is requested."),
        )
        return redirect(nomination)
    initial = {f: getattr(nomination, f) for f in services.NOMINATION_FIELDS}
    form = NominationForm(
        request.POST or None, user=request.user, nomination=nomination, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_save(
                by=request.user, data=_nomination_data(form), nomination=nomination
            )
        except services.AwardsError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Nomination saved."))
            return redirect(nomination)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": nomination})


@require_GET
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    user = request.user
    is_nominator = nomination.nominating_organisation_id in nominating_organisation_ids(user)
    is_manager = user.has_perm("awards.manage_nominations")
    assignments = list(nomination.assignments.all())
    mine = next(
        (a for a in assignments if a.reviewer_id == user.pk and not a.conflict_declared), None
    )
    # Reviewers see the others' reviews only once theirs is in; nominators never do.
    show_reviews = bool(
        not is_nominator
        and (is_manager or mine)
        and (mine is None or mine.submitted_at is not None)
    )
    reviews = []
    if show_reviews:
        scores = ReviewScore.objects.filter(assignment__nomination=nomination).select_related(
            "criterion"
        )
        by_assignment: dict[int, list] = {}
        for score in scores:
            by_assignment.setdefault(score.assignment_id, []).append(score)
        reviews = [(a, by_assignment.get(a.pk, [])) for a in assignments]
    found = (
        eligibility.findings(nomination) if nomination.status != NominationStatus.COMMENDED else []
    )
    context = {
        "nomination": nomination,
        "documents": list(nomination.documents.all()),
        "findings": found,
        "missing": services.missing_documents(nomination) if nomination.status in EDITABLE else [],
        "transitions": nomination.transitions.select_related("by"),
        "is_nominator": is_nominator,
        "is_manager": is_manager,
        "can_edit": user.has_perm("awards.edit_nomination", nomination),
        "my_assignment": mine,
        "show_reviews": show_reviews,
        "reviews": reviews,
        "document_form": DocumentForm(),
        "comment_form": CommentForm(),
        "under_review": nomination.status in UNDER_REVIEW,
        "can_withdraw": is_nominator and nomination.status in (*EDITABLE, *UNDER_REVIEW),
        "history": nomination.history.select_related("history_user")[:20] if is_manager else [],
    }
    if is_manager and nomination.status in (*UNDER_REVIEW, NominationStatus.MORE_INFO):
        context["assign_form"] = AssignForm(
            round_=nomination.round, exclude=[a.reviewer_id for a in assignments]
        )
    if nomination.status in (*GRANTED,) or is_manager:
        used, quota = services.quota_use(round_id=nomination.round_id, form_id=nomination.form_id)
        context["quota"] = {"used": used, "quota": quota}
    if nomination.status == NominationStatus.COMMENDED:
        context["commendation"] = (
            Commendation.objects.select_related("decision").filter(nomination=nomination).first()
        )
    return render(request, "awards/nomination_detail.html", context)


@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                by=request.user,
                nomination=nomination,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
            )
        except services.AwardsError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Document added."))
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(
            request, _("The document was not added: %(errors)s") % {"errors": " ".join(errors)}
        )
    return redirect(nomination)


@require_POST
def document_delete(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    document = get_object_or_404(NominationDocument, pk=doc, nomination=nomination)
    try:
        services.document_delete(by=request.user, document=document)
    except services.AwardsError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Document removed."))
    return redirect(nomination)


@require_GET
def document_download(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    document = get_object_or_404(NominationDocument, pk=doc, nomination=nomination)
    return serve_upload(document.file)


@require_POST
def nomination_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    nomination = _nomination(request, pk)
    comment = request.POST.get("comment", "")
    by = request.user
    try:
        if action == "submit":
            was = nomination.status
            services.nomination_submit(by=by, nomination=nomination)
            done = (
                _("Nomination submitted.")
                if was == NominationStatus.DRAFT
                else _("Nomination resubmitted.")
            )
        elif action == "withdraw":
            services.nomination_withdraw(by=by, nomination=nomination)
            done = _("Nomination withdrawn.")
        elif action == "request-info":
            services.nomination_request_info(by=by, nomination=nomination, comment=comment)
            done = _("More information was requested from the nominator.")
        elif action == "approve":
            services.nomination_approve(by=by, nomination=nomination)
            done = _("Nomination approved.")
        elif action == "reject":
            services.nomination_reject(by=by, nomination=nomination, comment=comment)
            done = _("Nomination rejected.")
        else:
            raise Http404
    except services.AwardsError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, done)
    return redirect(nomination)


@require_POST
def nomination_assign(request: HttpRequest, pk: int) -> HttpResponse:
    _require_perm(request, "awards.manage_nominations")
    nomination = _nomination(request, pk)
    form = AssignForm(request.POST, round_=nomination.round)
    if form.is_valid():
        try:
            services.assignment_create(
                by=request.user, nomination=nomination, reviewer=form.cleaned_data["reviewer"]
            )
        except services.AwardsError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Reviewer assigned and notified."))
    else:
        messages.error(request, _("Choose a reviewer of this round."))
    return redirect(nomination)


# --- Rounds ----------------------------------------------------------------------------


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "awards.view_rounds")
    rounds = selectors.rounds_with_progress().order_by("-year", "-opening_date")
    return render(
        request,
        "awards/round_list.html",
        {
            "page_obj": _page(request, rounds),
            "today": timezone.localdate(),
            "is_manager": request.user.has_perm("awards.manage_nominations"),
        },
    )


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_perm(request, "awards.view_rounds")
    round_ = get_object_or_404(selectors.rounds_with_progress(), pk=pk)
    round_forms = list(round_.round_forms.select_related("form__issuing_organisation"))
    issuers = {}
    for rf in round_forms:
        issuers.setdefault(rf.form.issuing_organisation_id, rf.form.issuing_organisation)
    approved = Nomination.objects.filter(
        round=round_, status=NominationStatus.APPROVED
    ).values_list("form__issuing_organisation_id", flat=True)
    approved_by_issuer: dict[int, int] = {}
    for org_id in approved:
        approved_by_issuer[org_id] = approved_by_issuer.get(org_id, 0) + 1
    decide = [
        (org, approved_by_issuer.get(org_id, 0))
        for org_id, org in issuers.items()
        if request.user.has_perm("awards.decide", org)
    ]
    return render(
        request,
        "awards/round_detail.html",
        {
            "round": round_,
            "round_forms": round_forms,
            "criteria": round_.criteria.all(),
            "reviewers": round_.reviewers.order_by("full_name"),
            "decisions": selectors.decisions_for_round(round_),
            "decide": decide,
            "is_manager": request.user.has_perm("awards.manage_nominations"),
            "today": timezone.localdate(),
        },
    )


def round_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or configure a round: dates, reviewers, forms with quotas, rubric."""
    _require_perm(request, "awards.manage_nominations")
    round_ = get_object_or_404(NominationRound, pk=pk) if pk else None
    rubric_frozen = bool(
        round_ and ReviewScore.objects.filter(assignment__nomination__round=round_).exists()
    )
    data = request.POST or None
    form = RoundConfigForm(data, instance=round_)
    offered = OfferedFormSet(data, instance=round_ or NominationRound(), prefix="offered")
    criteria = (
        None
        if rubric_frozen
        else CriterionFormSet(data, instance=round_ or NominationRound(), prefix="criteria")
    )
    if request.method == "POST" and (
        form.is_valid() and offered.is_valid() and (criteria is None or criteria.is_valid())
    ):
        try:
            round_ = services.round_save(
                by=request.user, form=form, offered=offered, criteria=criteria
            )
        except services.AwardsError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Round saved."))
            return redirect(round_)
    return render(
        request,
        "awards/round_form.html",
        {
            "round": round_,
            "form": form,
            "offered": offered,
            "criteria": criteria,
            "rubric_frozen": rubric_frozen,
        },
    )


@require_POST
def round_autoassign(request: HttpRequest, pk: int) -> HttpResponse:
    _require_perm(request, "awards.manage_nominations")
    round_ = get_object_or_404(NominationRound, pk=pk)
    try:
        assigned, short = services.round_autoassign(by=request.user, round_=round_)
    except services.AwardsError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(count)s review assignments made.") % {"count": assigned})
        if short:
            messages.warning(
                request,
                _(
                    "%(count)s nominations still lack reviewers without a conflict of "
                    "interest: add reviewers to the round."
                )
                % {"count": short},
            )
    return redirect(round_)


@require_GET
def round_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    _require_perm(request, "awards.manage_nominations")
    round_ = get_object_or_404(NominationRound, pk=pk)
    return render(
        request,
        "awards/round_ranking.html",
        {"round": round_, "tables": selectors.ranking(round_)},
    )


# --- Reviews ---------------------------------------------------------------------------


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "awards.review_any")
    queue = selectors.review_queue(request.user)
    page_obj = _page(request, queue)
    return render(
        request,
        "awards/review_queue.html",
        {
            "page_obj": page_obj,
            "pending": queue.filter(submitted_at__isnull=True).count(),
        },
    )


@require_GET
def review_next(request: HttpRequest) -> HttpResponse:
    assignment = selectors.next_unreviewed(request.user)
    if assignment is None:
        messages.info(request, _("Nothing left to review. Thank you!"))
        return redirect("awards:review-queue")
    return redirect("awards:review-form", pk=assignment.nomination_id)


def _my_assignment(request: HttpRequest, pk: int) -> ReviewAssignment:
    """The reviewer's own active assignment; anyone else (unassigned, conflicted) gets 404."""
    assignment = (
        ReviewAssignment.objects.select_related(
            "nomination__round",
            "nomination__form",
            "nomination__nominee_organisation",
            "nomination__nominating_organisation",
        )
        .filter(nomination_id=pk, reviewer=request.user, conflict_declared=False)
        .first()
    )
    if assignment is None or conflict_reason(request.user, assignment.nomination) is not None:
        raise Http404
    if assignment.nomination.status == NominationStatus.DRAFT:
        raise Http404
    return assignment


def review_form(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _my_assignment(request, pk)
    nomination = assignment.nomination
    criteria = list(nomination.round.criteria.all())
    initial = {"recommendation": assignment.recommendation, "comment": assignment.comment}
    for score in assignment.scores.all():
        initial[f"score_{score.criterion_id}"] = (
            int(score.score)
            if nomination.round.rubric_kind == RubricKind.PASS_FAIL
            else score.score
        )
    form = ReviewForm(
        request.POST or None,
        criteria=criteria,
        rubric_kind=nomination.round.rubric_kind,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(
                by=request.user,
                assignment=assignment,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
            )
        except services.AwardsError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Review saved."))
            if "next" in request.POST:
                return redirect("awards:review-next")
            return redirect(nomination)
    return render(
        request,
        "awards/review_form.html",
        {
            "assignment": assignment,
            "nomination": nomination,
            "form": form,
            "documents": nomination.documents.all(),
            "findings": eligibility.findings(nomination),
            "conflict_form": ConflictForm(),
            "open": nomination.status in UNDER_REVIEW,
        },
    )


@require_POST
def review_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _my_assignment(request, pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        services.assignment_declare_conflict(
            by=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, _("Conflict of interest recorded: this nomination left your queue.")
        )
        return redirect("awards:review-queue")
    messages.error(request, _("Say briefly why you have a conflict of interest."))
    return redirect("awards:review-form", pk=pk)


# --- Decisions and certificates --------------------------------------------------------


def decision_create(request: HttpRequest, pk: int, org: int) -> HttpResponse:
    round_ = get_object_or_404(NominationRound, pk=pk)
    issuer = get_object_or_404(Organisation, pk=org)
    if not request.user.has_perm("awards.decide", issuer):
        raise Http404
    approved = (
        Nomination.objects.filter(
            round=round_,
            status=NominationStatus.APPROVED,
            form__issuing_organisation=issuer,
        )
        .select_related("form", "nominee_organisation")
        .order_by("form__code", "nominee_name")
    )
    today = timezone.localdate()
    suggestion = services.decision_next_number(issuing_organisation=issuer, year=today.year)
    form = DecisionForm(
        request.POST or None,
        request.FILES or None,
        nominations=approved,
        initial={"number": suggestion, "date": today, "nominations": list(approved)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_record(
                by=request.user,
                round_=round_,
                issuing_organisation=issuer,
                number=data["number"],
                day=data["date"],
                signer=data["signer"],
                scanned_document=data["scanned_document"],
                nominations=list(data["nominations"]),
            )
        except services.AwardsError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _("Decision %(label)s recorded; certificates are being generated.")
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
            "has_approved": approved.exists(),
        },
    )


def _decision(request: HttpRequest, pk: int) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related("issuing_organisation", "round", "created_by"), pk=pk
    )
    if not (
        request.user.has_perm("awards.decide", decision.issuing_organisation)
        or request.user.has_perm("awards.view_register")
    ):
        raise Http404
    return decision


@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
            "can_decide": request.user.has_perm("awards.decide", decision.issuing_organisation),
        },
    )


@require_GET
def decision_progress(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    return render(request, "awards/_decision_progress.html", {"decision": decision})


@require_POST
def decision_generate(request: HttpRequest, pk: int) -> HttpResponse:
    from django.db import transaction

    decision = _decision(request, pk)
    if not request.user.has_perm("awards.decide", decision.issuing_organisation):
        raise Http404
    transaction.on_commit(lambda: services._enqueue_certificates(decision.pk))
    messages.info(request, _("Certificate generation started."))
    return redirect(decision)


@require_GET
def decision_scan(request: HttpRequest, pk: int) -> HttpResponse:
    return serve_upload(_decision(request, pk).scanned_document)


def _may_see_commendation(request: HttpRequest, commendation: Commendation) -> bool:
    user = request.user
    return (
        user.has_perm("awards.view_register")
        or commendation.nomination.nominating_organisation_id in nominating_organisation_ids(user)
        or user.has_perm("awards.decide", commendation.decision.issuing_organisation_id)
    )


@require_GET
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    commendation = get_object_or_404(
        Commendation.objects.select_related(
            "nomination", "decision__issuing_organisation", "form__issuing_organisation"
        ),
        pk=pk,
    )
    if not _may_see_commendation(request, commendation):
        raise Http404
    if not commendation.certificate:
        services.commendation_certificate(commendation=commendation)
    response = serve_upload(commendation.certificate, download_name=f"{commendation.code}.pdf")
    response["Content-Disposition"] = f'attachment; filename="{commendation.code}.pdf"'
    return response


# --- Register, discipline, honour roll --------------------------------------------------


def _commendation_filter(request: HttpRequest) -> CommendationFilter:
    return CommendationFilter(request.GET, queryset=selectors.commendations_published())


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "awards.view_register")
    filterset = _commendation_filter(request)
    return render(
        request,
        "awards/register.html",
        {"filter": filterset, "page_obj": _page(request, filterset.qs)},
    )


@require_GET
def register_export(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _require_perm(request, "awards.view_register")
    filterset = _commendation_filter(request)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Commendations")[:31]
    headers = [
        _("Year"),
        _("Award form"),
        _("Nominee"),
        _("Name"),
        _("Organisation"),
        _("Decision"),
        _("Decision date"),
        _("Issuing organisation"),
        _("Verification code"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for c in filterset.qs:
        sheet.append(
            [
                c.decision.year,
                c.form.name,
                c.get_nominee_kind_display(),
                c.nominee_name,
                c.organisation_name,
                c.decision.label,
                c.decision.date,
                c.decision.issuing_organisation.name,
                c.code,
            ]
        )
    for column, width in zip("ABCDEFGHI", (8, 40, 14, 32, 40, 14, 14, 36, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="commendations.xlsx"'
    return response


def discipline_list(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "awards.manage_discipline")
    form = DisciplineFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.discipline_flag_create(by=request.user, **form.cleaned_data)
        except services.AwardsError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Added to the register."))
            return redirect("awards:discipline")
    flags = DisciplineFlag.objects.select_related("organisation", "created_by").order_by(
        "-is_active", "-created"
    )
    return render(
        request, "awards/discipline.html", {"form": form, "page_obj": _page(request, flags)}
    )


@require_POST
def discipline_lift(request: HttpRequest, pk: int) -> HttpResponse:
    _require_perm(request, "awards.manage_discipline")
    flag = get_object_or_404(DisciplineFlag, pk=pk)
    services.discipline_flag_lift(by=request.user, flag=flag)
    messages.success(request, _("The flag was lifted."))
    return redirect("awards:discipline")


@login_not_required
@require_GET
def honour_roll(request: HttpRequest) -> HttpResponse:
    """Public: only what decisions published (names, organisations, forms, decisions)."""
    filterset = _commendation_filter(request)
    return render(
        request,
        "awards/honour_roll.html",
        {"filter": filterset, "page_obj": _page(request, filterset.qs, 50)},
    )


def index(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("awards:nomination-list"))
