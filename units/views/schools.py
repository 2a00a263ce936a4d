"""Schools: list with filters and export, profile page, spreadsheet imports."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404, require_perm_or_404
from accounts.http import AuthenticatedRequest
from learnsociety import paging
from learnsociety.errors import error_messages

from .. import imports, selectors, services
from ..forms import ImportForm, SchoolFilter, SchoolMoveForm
from ..history import school_history
from ..models import ImportJob, School
from ._common import PAGE_SIZE


def school_list(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "units.list_schools")
    filterset = SchoolFilter(
        request.GET, request=request, queryset=selectors.schools_for(request.user)
    )
    if request.GET.get("export") == "xlsx":
        year = timezone.localdate().year - 1
        return imports.export_schools(filterset.qs, year, request=request)
    page, more = paging.paginate_filtered(request, filterset, PAGE_SIZE)
    return render(
        request,
        "units/school_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "more_matches": paging.SEARCH_LIMIT if more else None,
            "can_manage": request.user.has_perm("units.manage"),
        },
    )


def school_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    school = get_for_user_or_404(
        School.objects.select_related("organisation", "organisation__area", "organisation__parent"),
        user=request.user,
        perm="units.view_school",
        request=request,
        pk=pk,
    )
    return render(
        request,
        "units/school_detail.html",
        {
            "school": school,
            "figures": school.figures.all(),
            "area_history": school.area_history.select_related("area__parent"),
            "principals": selectors.school_principals(school.pk),
            "recognitions": selectors.recognition_history(school),
            "assessments": selectors.assessments_list()
            .filter(school=school)
            .order_by("-cycle__year"),
            "history": school_history(school),
            "move_form": SchoolMoveForm(user=request.user)
            if request.user.has_perm("units.manage_school", school)
            else None,
        },
    )


@require_POST
def school_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    school = get_for_user_or_404(
        School.objects.select_related("organisation"),
        user=request.user,
        perm="units.manage_school",
        request=request,
        pk=pk,
    )
    form = SchoolMoveForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            moved = services.school_move_by(
                school=school,
                area=form.cleaned_data["area"],
                effective=form.cleaned_data["effective"],
                by=request.user,
            )
        except services.UnitsError as error:
            error_messages(request, error)
        else:
            if moved:
                messages.success(
                    request, _("The move was recorded; earlier records keep the old area.")
                )
            else:
                messages.info(request, _("The school is already in that area."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    return redirect(school)


def _import_view(request, *, kind, template_title, columns, example, current_url=""):
    require_perm_or_404(request, "units.manage")
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            dry_run = form.cleaned_data["dry_run"]
            upload = form.cleaned_data["file"]
            if imports.count_rows(upload) > settings.IMPORT_BACKGROUND_ROWS:
                # A large file: checked (and written) by a Celery task, followed on a page.
                job = imports.start_import_job(
                    kind=kind, upload=upload, dry_run=dry_run, user=request.user
                )
                return redirect(job)
            report = imports.IMPORTERS[kind](upload, dry_run=dry_run)
            if report.written:
                messages.success(request, _("%(n)s rows imported.") % {"n": len(report.rows)})
            elif report.ok:
                messages.info(
                    request,
                    _(
                        "Every row is valid. Untick “dry run” and upload the "
                        "file again to import it."
                    ),
                )
            else:
                messages.error(
                    request,
                    _(
                        "Nothing was imported: correct the rows with errors "
                        "and upload the file again."
                    ),
                )
    else:
        form = ImportForm()
    return render(
        request,
        "units/import.html",
        {
            "form": form,
            "report": report,
            "title": template_title,
            "columns": columns,
            "example": example,
            "current_url": current_url,
        },
    )


def school_import(request: AuthenticatedRequest) -> HttpResponse:
    return _import_view(
        request,
        kind=ImportJob.Kind.SCHOOLS,
        template_title=_("Import schools"),
        columns=imports.SCHOOL_COLUMNS,
        example="SL-THCS-CHIENGLE, Trường THCS Chiềng Lề, lower_secondary, commune, 3646, "
        "2025, 48, 720, 01/07/2025",
        # The schools as they are, in this format: edit the file and import it back.
        current_url=reverse("units:school-list") + "?export=xlsx",
    )


def reform_import(request: AuthenticatedRequest) -> HttpResponse:
    """The reorganisation of administrative units as a file: old unit → new unit, with the
    date it took effect."""
    return _import_view(
        request,
        kind=ImportJob.Kind.REFORM,
        template_title=_("Import a reorganisation of areas"),
        columns=imports.REFORM_COLUMNS,
        example="14-123, 3980, 01/07/2025",
    )


def recognition_import(request: AuthenticatedRequest) -> HttpResponse:
    return _import_view(
        request,
        kind=ImportJob.Kind.RECOGNITIONS,
        template_title=_("Import past recognitions"),
        columns=imports.RECOGNITION_COLUMNS,
        example="2022, SL-THCS-CHIENGLE, TT22-2020, good, 125/QĐ-UBND, 20/02/2023",
    )


IMPORT_PAGES: dict[str, str] = {
    ImportJob.Kind.SCHOOLS: "units:school-import",
    ImportJob.Kind.RECOGNITIONS: "units:recognition-import",
    ImportJob.Kind.REFORM: "units:reform-import",
}


def _import_job(request: AuthenticatedRequest, pk: int) -> ImportJob:
    """One of the user's own background imports (others' answer 404)."""
    require_perm_or_404(request, "units.manage")
    return get_object_or_404(ImportJob, pk=pk, user=request.user)


def import_job(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A background import: its progress while it runs (the page asks again every two
    seconds), then its report."""
    job = _import_job(request, pk)
    template = "units/_import_job.html" if request.htmx else "units/import_job.html"
    return render(
        request,
        template,
        {"job": job, "back_url": reverse(IMPORT_PAGES[job.kind])},
    )


@require_POST
def import_job_run(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Import for real the file of a dry run that found every row valid."""
    job = _import_job(request, pk)
    if not (job.ok and job.dry_run):
        messages.error(request, _("Only a finished dry run without errors can be imported."))
        return redirect(job)
    return redirect(imports.import_again(job, user=request.user))
