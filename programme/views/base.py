"""What the programme views share: the current programme, form pages and errors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import get_for_user_or_404
from learnsociety.errors import apply_errors

from .. import selectors
from ..models import (
    Programme,
)

PAGE_SIZE = 25


def programme_or_404() -> Programme:
    programme = selectors.current_programme()
    if programme is None:
        raise Http404
    return programme


def form_page(request, *, form, title: str, cancel_url: str, multipart=False) -> HttpResponse:
    return render(
        request,
        "programme/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "multipart": multipart},
    )


def reverse_overview() -> str:
    return reverse("programme:overview")


def child_form(request, *, commitment, instance, form_class, save, title, multipart=False):
    form = form_class(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        commitment=commitment,
    )
    if request.method == "POST" and form.is_valid():
        try:
            extra = {"version": form.version} if hasattr(form, "version") else {}
            save(by=request.user, **{instance._meta.model_name: form.save(commit=False)}, **extra)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return None
    return form_page(
        request,
        form=form,
        title=title,
        cancel_url=commitment.get_absolute_url(),
        multipart=multipart,
    )


def editable_or_404(request, queryset, pk: int):
    """The commitment (or a part of it) the user may change; 404 to everyone else."""
    return get_for_user_or_404(
        queryset, user=request.user, perm="programme.change_commitment", request=request, pk=pk
    )
