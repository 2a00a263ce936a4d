from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learnsociety import paging
from learnsociety.documents import sample_document
from learnsociety.errors import error_text
from learnsociety.params import id_param, int_param
from learnsociety.ratelimit import allow

from . import widgets
from .access import require_perm_or_404
from .enums import OrganisationKind
from .forms import DocumentTemplateForm, IssuerChoiceForm, LoginForm, SigningCertificateForm
from .history import membership_history
from .http import AuthenticatedRequest
from .models import DocumentTemplate, Membership, Organisation, SigningCertificate
from .selectors import letterhead_from
from .services import (
    TEMPLATE_FIELDS,
    AccountsError,
    TemplateText,
    document_template_save,
    signing_certificate_remove,
    signing_certificate_upload,
)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # A language picked on the login page becomes the account's language.
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = form.get_user()
        if chosen in dict(settings.LANGUAGES) and chosen != user.language:
            user.language = chosen
            user.save(update_fields=["language"])
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per client address and per e-mail address (so nobody can
    flood an inbox or the mail server): PASSWORD_RESET_LIMIT requests an hour each."""

    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):

        limit = settings.PASSWORD_RESET_LIMIT
        email = form.cleaned_data["email"].strip().lower()
        ip = get_client_ip_address(self.request) or "-"
        by_ip = allow("password-reset-ip", ip, limit=limit, window_seconds=3600)
        by_email = allow("password-reset-email", email, limit=limit, window_seconds=3600)
        if not (by_ip and by_email):
            form.add_error(
                None,
                _("Too many password reset requests. Please try again in an hour."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


def profile(request: AuthenticatedRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user, is_active=True)
        .select_related("organisation", "organisation__area")
        .order_by("id")
    )
    return render(
        request,
        "accounts/profile.html",
        {"memberships": memberships, "history": membership_history(request.user)},
    )


# --- Document templates (administrators) -----------------------------------------------

ISSUER_KINDS = (
    OrganisationKind.DEPARTMENT,
    OrganisationKind.ASSOCIATION,
    OrganisationKind.PEOPLES_COMMITTEE,
    OrganisationKind.EDUCATION_OFFICE,
)


def _require_template_admin(request: HttpRequest) -> None:
    require_perm_or_404(request, "accounts.manage_document_templates")


@require_GET
def document_template_list(request: HttpRequest) -> HttpResponse:
    _require_template_admin(request)
    latest = DocumentTemplate.objects.filter(organisation=OuterRef("organisation")).order_by(
        "-version"
    )
    templates = (
        DocumentTemplate.objects.filter(pk=Subquery(latest.values("pk")[:1]))
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    page = paging.paginate(request, templates, 50)
    chooser = IssuerChoiceForm(
        queryset=_issuers_without("templates"),
        search_url=reverse("accounts:issuer-search", args=["templates"]),
    )
    return render(
        request,
        "accounts/document_template_list.html",
        {"page_obj": page, "chooser": chooser},
    )


def _issuers_without(purpose: str) -> QuerySet[Organisation]:
    """The issuing organisations that have no document template ("templates") or no active
    signing certificate ("certificates") yet: the chooser's choices on their list page."""
    issuers = Organisation.objects.filter(kind__in=ISSUER_KINDS, is_active=True)
    if purpose == "templates":
        issuers = issuers.exclude(document_templates__isnull=False)
    else:
        issuers = issuers.exclude(signing_certificates__active=True)
    return issuers.order_by("name", "pk")


@require_GET
def issuer_search(request: HttpRequest, purpose: str) -> JsonResponse:
    """The chooser's search as the user types: a country has thousands of communes' People's
    Committees, too many for one select on a page."""
    if purpose == "templates":
        _require_template_admin(request)
    elif purpose == "certificates":
        _require_signing_admin(request)
    else:
        raise Http404
    return widgets.organisation_results(_issuers_without(purpose), request.GET.get("q", ""))


def _to_chosen_issuer(request: HttpRequest, list_view: str, edit_view: str) -> HttpResponse:
    """The chooser's submit (a plain GET form, so it works without JavaScript): on to the
    chosen issuer's page, or back to the list with a message when none was chosen."""
    pk = id_param(request.GET.get("organisation"))
    if pk is None:
        messages.warning(request, _("Choose an issuing organisation first."))
        return redirect(list_view)
    organisation = get_object_or_404(Organisation, pk=pk, kind__in=ISSUER_KINDS)
    return redirect(edit_view, organisation.pk)


@require_GET
def document_template_new(request: HttpRequest) -> HttpResponse:
    _require_template_admin(request)
    return _to_chosen_issuer(
        request, "accounts:document-template-list", "accounts:document-template"
    )


def document_template_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Edit an issuer's template with a preview; saving adds a version."""
    _require_template_admin(request)
    organisation = get_object_or_404(Organisation, pk=pk, kind__in=ISSUER_KINDS)
    versions = list(
        DocumentTemplate.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-version")
    )
    shown = versions[0] if versions else None
    wanted = int_param(request.GET.get("version"), minimum=1)
    if wanted is not None:
        shown = next((v for v in versions if v.version == wanted), None)
        if shown is None:
            raise Http404
    preview = None
    status = 200
    if request.method == "POST":
        form = DocumentTemplateForm(request.POST)
        if form.is_valid():
            if "save" in request.POST:
                try:
                    saved = document_template_save(
                        organisation=organisation,
                        by=request.user,
                        text=TemplateText.from_mapping(form.cleaned_data),
                    )
                except AccountsError as error:
                    form.add_error(None, error_text(error))
                else:
                    messages.success(
                        request,
                        _("Version %(n)s of the template is saved; new decisions use it.")
                        % {"n": saved.version},
                    )
                    return redirect("accounts:document-template", organisation.pk)
            else:
                preview = sample_document(letterhead_from(form.save(commit=False)))
        if preview is None:
            status = 400 if form.errors else 200
    else:
        initial = {name: getattr(shown, name) for name in TEMPLATE_FIELDS} if shown else {}
        form = DocumentTemplateForm(initial=initial)
        if shown is not None:
            preview = sample_document(letterhead_from(shown))
    return render(
        request,
        "accounts/document_template_edit.html",
        {
            "organisation": organisation,
            "form": form,
            "versions": versions,
            "shown": shown,
            "doc": preview,
            "previewing_unsaved": request.method == "POST",
        },
        status=status,
    )


# --- Signing certificates (administrators) ---------------------------------------------


def _require_signing_admin(request: HttpRequest) -> None:
    require_perm_or_404(request, "accounts.manage_signing_certificates")


@require_GET
def signing_certificate_list(request: HttpRequest) -> HttpResponse:
    _require_signing_admin(request)
    certificates = (
        SigningCertificate.objects.filter(active=True)
        .select_related("organisation", "uploaded_by")
        .order_by("organisation__name", "pk")
    )
    page = paging.paginate(request, certificates, 50)
    chooser = IssuerChoiceForm(
        queryset=_issuers_without("certificates"),
        search_url=reverse("accounts:issuer-search", args=["certificates"]),
    )
    return render(
        request,
        "accounts/signing_certificate_list.html",
        {
            "page_obj": page,
            "chooser": chooser,
            "now": timezone.now(),
        },
    )


@require_GET
def signing_certificate_new(request: HttpRequest) -> HttpResponse:
    _require_signing_admin(request)
    return _to_chosen_issuer(
        request, "accounts:signing-certificate-list", "accounts:signing-certificate"
    )


def signing_certificate_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The organisation's signing certificate: what it is, and a form to upload one
    (which replaces the current one)."""
    _require_signing_admin(request)
    organisation = get_object_or_404(Organisation, pk=pk, kind__in=ISSUER_KINDS)
    status = 200
    if request.method == "POST":
        form = SigningCertificateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = signing_certificate_upload(
                    organisation=organisation,
                    by=request.user,
                    content=form.cleaned_data["file"].read(),
                    password=form.cleaned_data["password"],
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(
                    request,
                    _(
                        "The signing certificate of %(signer)s is saved: the decisions and "
                        "certificates of %(organisation)s are signed with it from now on."
                    )
                    % {"signer": saved.common_name, "organisation": organisation.name},
                )
                return redirect("accounts:signing-certificate", organisation.pk)
        status = 400
    else:
        form = SigningCertificateForm()
    certificates = list(
        SigningCertificate.objects.filter(organisation=organisation)
        .select_related("uploaded_by")
        .order_by("-active", "-uploaded_at", "-pk")
    )
    active = next((c for c in certificates if c.active), None)
    return render(
        request,
        "accounts/signing_certificate_edit.html",
        {
            "organisation": organisation,
            "form": form,
            "active": active,
            "earlier": [c for c in certificates if not c.active],
            "now": timezone.now(),
        },
        status=status,
    )


@require_POST
def remove_signing_certificate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_signing_admin(request)
    organisation = get_object_or_404(Organisation, pk=pk, kind__in=ISSUER_KINDS)
    if signing_certificate_remove(organisation=organisation, by=request.user):
        messages.success(
            request,
            _(
                "The signing certificate is removed: new documents of %(organisation)s are not signed."
            )
            % {"organisation": organisation.name},
        )
    return redirect("accounts:signing-certificate", organisation.pk)
