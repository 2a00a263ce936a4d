"""The programme's overview of commitments and the programme itself."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import get_for_user_or_404
from accounts.http import AuthenticatedRequest
from learnsociety import paging
from learnsociety.errors import apply_errors
from learnsociety.uploads import serve_upload

from .. import selectors, services
from ..computed import ComputedValues
from ..enums import (
    STATUS_BADGE,
    Area,
    CommitmentStatus,
)
from ..filters import CommitmentFilter
from ..forms import (
    ProgrammeForm,
)
from ..models import (
    Programme,
)
from .base import PAGE_SIZE, form_page, reverse_overview


def overview(request: AuthenticatedRequest) -> HttpResponse:
    programme = selectors.current_programme()
    filterset = CommitmentFilter(
        request.GET or None, queryset=selectors.commitments_with_progress()
    )
    commitments = list(
        filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    )
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    year = int(data["year"]) if data.get("year") else None
    status = data.get("status") or None
    today = timezone.localdate()
    computed = ComputedValues()
    rows = []
    for commitment in commitments:
        progress = selectors.commitment_progress(
            commitment, today=today, computed=computed, year=year
        )
        if status and progress.status != status:
            continue
        rows.append(
            {"commitment": commitment, "progress": progress, "badge": STATUS_BADGE[progress.status]}
        )
    page_obj = paging.paginate(request, rows, PAGE_SIZE)
    area_order = {value: index for index, value in enumerate(Area.values)}
    ordered = sorted(
        page_obj.object_list,
        key=lambda r: (area_order.get(r["commitment"].area, 99), r["commitment"].code),
    )
    groups = [
        (Area(area).label, list(items))
        for area, items in groupby(ordered, key=lambda r: r["commitment"].area)
    ]
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    for row in rows:
        counts[row["progress"].status] += 1
    return render(
        request,
        "programme/overview.html",
        {
            "programme": programme,
            "filter": filterset,
            "groups": groups,
            "page_obj": page_obj,
            "status_counts": [
                (CommitmentStatus(s).label, STATUS_BADGE[s], n) for s, n in counts.items()
            ],
            "status_rule": selectors.STATUS_RULE,
            "can_add": request.user.has_perm("programme.add_commitment"),
            "can_manage": request.user.has_perm("programme.manage_programme"),
            "year": year,
        },
    )


def programme_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = get_for_user_or_404(
        Programme.objects.all(), user=request.user, perm="programme.manage_programme", pk=pk
    )
    form = ProgrammeForm(request.POST or None, request.FILES or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.programme_save(by=request.user, programme=form.save(commit=False))
                form.save_m2m()
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("programme:overview")
    return form_page(
        request,
        form=form,
        title=_("Edit programme"),
        cancel_url=reverse_overview(),
        multipart=True,
    )


def signed_document(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    programme = get_object_or_404(Programme, pk=pk)
    return serve_upload(programme.signed_document)
