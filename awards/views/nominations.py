"""Nomination pages: list, form, detail, dossier documents and workflow actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from learnsociety import autosave, paging
from learnsociety.concurrency import version_of
from learnsociety.errors import error_text
from learnsociety.uploads import serve_upload

from .. import eligibility, selectors, services
from ..enums import EDITABLE, GRANTED, UNDER_REVIEW, NominationStatus
from ..forms import (
    AssignForm,
    CommentForm,
    DocumentForm,
    NominationFilter,
    NominationForm,
)
from ..history import nomination_history, review_history
from ..models import (
    Commendation,
    NominationDocument,
)
from ..rules import acts_as_nominator, my_assignment
from ..selectors import reviews_with_scores
from .base import PAGE_SIZE, _nomination

# --- Nominations ---------------------------------------------------------------------


@require_GET
def nomination_list(request: AuthenticatedRequest) -> HttpResponse:
    queryset = selectors.nominations_visible_to(request.user).order_by("-created", "-id")
    filterset = NominationFilter(request.GET, queryset=queryset)
    page, more = paging.paginate_filtered(request, filterset, PAGE_SIZE)
    return render(
        request,
        "awards/nomination_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "more_matches": paging.SEARCH_LIMIT if more else None,
            "can_nominate": request.user.has_perm("awards.nominate"),
        },
    )


def _nomination_data(form: NominationForm) -> services.NominationData:
    return services.NominationData(**{f: form.cleaned_data[f] for f in services.NOMINATION_FIELDS})


def _autosave(request: AuthenticatedRequest, form: NominationForm, nomination=None) -> JsonResponse:
    """The draft saved as the nominator types (static/js/autosave.js): the same form and
    checks as "Save draft", answered in JSON. Until the required fields are filled the
    answers wait on the device; a version saved meanwhile by someone else is never
    overwritten."""
    reload = reverse("awards:nomination-edit", args=[nomination.pk]) if nomination else ""
    if not form.is_valid():
        if form.has_error(NON_FIELD_ERRORS, "stale") or form.has_error(
            NON_FIELD_ERRORS, "version_missing"
        ):
            return autosave.refused(form.non_field_errors(), stale=True, status=409, reload=reload)
        labels = ", ".join(
            str(form.fields[name].label) for name in form.errors if name in form.fields
        )
        message = _("Not saved yet: fill in or correct %(fields)s.") % {"fields": labels}
        return autosave.refused(
            [message, *form.non_field_errors()], stale=False, status=400, incomplete=True
        )
    try:
        saved = services.nomination_save(
            by=request.user,
            data=_nomination_data(form),
            nomination=nomination,
            version=form.version,
        )
    except services.AwardsError as error:
        stale = getattr(error, "code", None) == "stale"
        return autosave.refused(error.messages, stale=stale, status=409, reload=reload)
    if nomination is None:  # the first save created the draft: the form now edits it
        return autosave.saved(
            version_of(saved),
            location=reverse("awards:nomination-edit", args=[saved.pk]),
            key=f"nomination:{saved.pk}",
        )
    return autosave.saved(version_of(saved))


def nomination_create(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "awards.nominate")
    form = NominationForm(request.POST or None, user=request.user)
    if autosave.is_autosave(request):
        return _autosave(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_save(by=request.user, data=_nomination_data(form))
        except services.AwardsError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request, _("Draft saved. Now add the three dossier documents and submit.")
            )
            return redirect(nomination)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": None})


def nomination_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    if not request.user.has_perm("awards.edit_nomination", nomination):
        if autosave.is_autosave(request):
            return autosave.refused(
                [
                    _(
                        "A submitted nomination can only be changed when more information "
                        "is requested."
                    )
                ],
                stale=False,
                status=403,
            )
        messages.error(
            request,
            _("A submitted nomination can only be changed when more information is requested."),
        )
        return redirect(nomination)
    initial = {f: getattr(nomination, f) for f in services.NOMINATION_FIELDS}
    form = NominationForm(
        request.POST or None, user=request.user, nomination=nomination, initial=initial
    )
    if autosave.is_autosave(request):
        return _autosave(request, form, nomination)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_save(
                by=request.user,
                data=_nomination_data(form),
                nomination=nomination,
                version=form.version,
            )
        except services.AwardsError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Nomination saved."))
            return redirect(nomination)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": nomination})


@require_GET
def nomination_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    user = request.user
    is_manager = user.has_perm("awards.manage_nomination", nomination)
    is_nominator = acts_as_nominator(user, nomination)
    assignments = list(nomination.assignments.all())
    mine = my_assignment(user, nomination)
    show_reviews = user.has_perm("awards.view_reviews", nomination)
    reviews = reviews_with_scores(nomination, assignments) if show_reviews else []
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
        "overlap_to_resolve": any(f.level == eligibility.WARNING for f in found),
        "can_withdraw": is_nominator and nomination.can_be_withdrawn,
        "history": nomination_history(nomination, for_nominator=is_nominator),
        # confidential like the scores themselves: the managers only
        "review_history": review_history(nomination) if is_manager and show_reviews else [],
    }
    if is_manager and nomination.status in (*UNDER_REVIEW, NominationStatus.MORE_INFO):
        context["assign_form"] = AssignForm(
            nomination=nomination, exclude=[a.reviewer_id for a in assignments]
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
def document_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Document added."))
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(
            request, _("The document was not added: %(errors)s") % {"errors": " ".join(errors)}
        )
    return autosave.after_upload(request, nomination)


@require_POST
def document_delete(request: AuthenticatedRequest, pk: int, doc: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    document = get_object_or_404(NominationDocument, pk=doc, nomination=nomination)
    try:
        services.document_delete(by=request.user, document=document)
    except services.AwardsError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Document removed."))
    return redirect(nomination)


@require_GET
def document_download(request: AuthenticatedRequest, pk: int, doc: int) -> FileResponse:
    nomination = _nomination(request, pk)
    document = get_object_or_404(NominationDocument, pk=doc, nomination=nomination)
    return serve_upload(document.file)


@require_POST
def nomination_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
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
        elif action == "resolve-overlap":
            services.nomination_resolve_overlap(by=by, nomination=nomination, reason=comment)
            done = _("The council's reason was recorded.")
        elif action == "approve":
            services.nomination_approve(by=by, nomination=nomination)
            done = _("Nomination approved.")
        elif action == "reject":
            services.nomination_reject(by=by, nomination=nomination, comment=comment)
            done = _("Nomination rejected.")
        else:
            raise Http404
    except services.AwardsError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return redirect(nomination)


@require_POST
def nomination_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk, perm="awards.manage_nomination")
    form = AssignForm(request.POST, nomination=nomination)
    if form.is_valid():
        try:
            services.assignment_create(
                by=request.user, nomination=nomination, reviewer=form.cleaned_data["reviewer"]
            )
        except services.AwardsError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Reviewer assigned and notified."))
    else:
        messages.error(request, _("Choose a member of the council."))
    return redirect(nomination)
