"""Return forms as data: versions, fields and rules, edited by Association managers while a
version is a draft; a published version is locked (copy it to change it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from learnsociety.audit import Source, history_entries
from learnsociety.errors import error_messages

from .. import services
from ..forms import CopyForm, FieldForm, RuleForm
from ..models import ReturnField, ReturnForm, ReturnRule
from ._common import code_of, field_code_of


@login_required
def form_list(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "society.view_forms")
    forms = ReturnForm.objects.annotate(n_fields=Count("fields", distinct=True)).order_by(
        "level", "code", "-version"
    )
    return render(request, "society/form_list.html", {"forms": forms})


@login_required
def form_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm_or_404(request, "society.view_forms")
    form = get_object_or_404(ReturnForm, pk=pk)
    return render(
        request,
        "society/form_detail.html",
        {
            "form_obj": form,
            "fields": list(form.fields.order_by("order", "id")),
            "rules": list(form.rules.select_related("field", "other").order_by("id")),
            "can_manage": request.user.has_perm("society.manage_forms"),
            "copy_form": CopyForm(initial={"year_from": form.year_from + 1}),
            "history": history_entries(
                Source(form.history.all()),
                Source(
                    ReturnField.history.filter(form_id=form.pk),
                    label=code_of,
                ),
                Source(
                    ReturnRule.history.filter(form_id=form.pk).select_related("field"),
                    label=field_code_of,
                    related=("field", "other"),
                ),
            ),
        },
    )


@login_required
@require_POST
def form_copy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm_or_404(request, "society.manage_forms")
    form = get_object_or_404(ReturnForm, pk=pk)
    copy_form = CopyForm(request.POST)
    if not copy_form.is_valid():
        messages.error(request, _("Give the first year of the new version."))
        return redirect(form)
    copy = services.form_copy(
        by=request.user, form=form, year_from=copy_form.cleaned_data["year_from"]
    )
    messages.success(request, _("A new draft version was made: change it, then put it in use."))
    return redirect(copy)


@login_required
@require_POST
def form_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm_or_404(request, "society.manage_forms")
    form = get_object_or_404(ReturnForm, pk=pk)
    try:
        services.form_publish(by=request.user, form=form)
    except services.SocietyError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("This version is now in use and locked."))
    return redirect(form)


def _edit(request: AuthenticatedRequest, *, form_obj, instance, form_class, save, title):
    if form_obj.is_locked:
        messages.error(
            request, _("This version is in use and locked: make a new version to change it.")
        )
        return redirect(form_obj)
    if request.method == "POST":
        form = form_class(request.POST, instance=instance, form_obj=form_obj)
        if form.is_valid():
            obj = form.save(commit=False)
            obj.form = form_obj
            try:
                save(by=request.user, obj=obj)
            except services.SocietyError as error:
                error_messages(request, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(form_obj)
    else:
        form = form_class(instance=instance, form_obj=form_obj)
    return render(
        request,
        "society/definition_form.html",
        {"form": form, "form_obj": form_obj, "title": title},
    )


@login_required
def field_edit(
    request: AuthenticatedRequest, pk: int | None = None, form_pk: int | None = None
) -> HttpResponse:
    require_perm_or_404(request, "society.manage_forms")
    instance = get_object_or_404(ReturnField, pk=pk) if pk else None
    form_obj = instance.form if instance else get_object_or_404(ReturnForm, pk=form_pk)
    return _edit(
        request,
        form_obj=form_obj,
        instance=instance,
        form_class=FieldForm,
        save=lambda by, obj: services.field_save(by=by, field=obj),
        title=_("Field"),
    )


@login_required
def rule_edit(
    request: AuthenticatedRequest, pk: int | None = None, form_pk: int | None = None
) -> HttpResponse:
    require_perm_or_404(request, "society.manage_forms")
    instance = get_object_or_404(ReturnRule, pk=pk) if pk else None
    form_obj = instance.form if instance else get_object_or_404(ReturnForm, pk=form_pk)
    return _edit(
        request,
        form_obj=form_obj,
        instance=instance,
        form_class=RuleForm,
        save=lambda by, obj: services.rule_save(by=by, rule=obj),
        title=_("Validation rule"),
    )
