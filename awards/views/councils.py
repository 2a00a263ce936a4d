"""Who may award what, the councils that review, and the proposals to higher bodies."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import widgets
from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from accounts.models import Organisation
from accounts.rules import is_administrator
from learnsociety.errors import error_text
from learnsociety.exports import Column, export_response

from .. import selectors, services
from ..enums import GRANTED, Procedure
from ..forms import CouncilMemberForm
from ..models import AwardForm, Council, CouncilMember, Nomination, NominationRound
from ..rules import managed_organisation_ids


@require_GET
def council_list(request: AuthenticatedRequest) -> HttpResponse:
    """The award forms as data (issuer, decided or proposed, kind of achievement, legal
    basis) and the councils of the organisations the user runs."""
    require_perm_or_404(request, "awards.view_councils")
    forms = AwardForm.objects.filter(is_active=True).select_related(
        "issuing_organisation", "proposing_organisation"
    )
    managed = managed_organisation_ids(request.user)
    # The few award forms name them: read their ids first, then the organisations by
    # primary key. Joining or subquerying the award forms from the organisations made
    # PostgreSQL read every organisation of a national deployment (86 ms at 100,000
    # schools; an OR of two subqueries still 30 ms).
    acting_ids = {
        issuer if procedure == Procedure.DECIDED else proposer
        for procedure, issuer, proposer in AwardForm.objects.values_list(
            "procedure", "issuing_organisation", "proposing_organisation"
        )
    }
    acting = Organisation.objects.filter(pk__in=acting_ids - {None}).order_by("name")
    if not is_administrator(request.user):
        acting = acting.filter(pk__in=managed)
    councils = {
        c.organisation_id: c
        for c in Council.objects.filter(organisation__in=acting).prefetch_related("members")
    }
    return render(
        request,
        "awards/council_list.html",
        {
            "forms": forms,
            "organisations": [(org, councils.get(org.pk)) for org in acting],
        },
    )


def _council(request: AuthenticatedRequest, org: int) -> tuple[Organisation, Council]:
    organisation = get_object_or_404(Organisation, pk=org)
    council = Council.objects.filter(organisation=organisation).first() or Council(
        organisation=organisation
    )
    if not request.user.has_perm("awards.manage_council", council):
        raise Http404
    return organisation, council


def council_detail(request: AuthenticatedRequest, org: int) -> HttpResponse:
    """The council of an organisation: its members, added and removed by its managers."""
    organisation, council = _council(request, org)
    form = CouncilMemberForm(
        request.POST or None, initial={"organisation": organisation}, council_org=organisation
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.council_member_add(
                by=request.user,
                council=council if council.pk else services.council_for(organisation=organisation),
                user=data["user"],
                organisation=data["organisation"],
                position=data["position"],
            )
        except services.AwardsError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                _("%(name)s joined the council.") % {"name": data["user"].get_full_name()},
            )
            return redirect("awards:council-detail", org=organisation.pk)
    members = (
        council.members.select_related("user", "organisation").order_by(
            "position", "user__full_name"
        )
        if council.pk
        else CouncilMember.objects.none()
    )
    forms = AwardForm.objects.filter(
        Q(procedure=Procedure.DECIDED, issuing_organisation=organisation)
        | Q(procedure=Procedure.PROPOSED, proposing_organisation=organisation)
    ).select_related("issuing_organisation")
    return render(
        request,
        "awards/council_detail.html",
        {
            "organisation": organisation,
            "council": council,
            "members": members,
            "forms": forms,
            "form": form,
        },
    )


@require_POST
def council_member_remove(request: AuthenticatedRequest, org: int, pk: int) -> HttpResponse:
    organisation, council = _council(request, org)
    member = get_object_or_404(CouncilMember, pk=pk, council__organisation=organisation)
    try:
        services.council_member_remove(by=request.user, member=member)
    except services.AwardsError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("%(name)s left the council.") % {"name": member.user.get_full_name()}
        )
    return redirect("awards:council-detail", org=organisation.pk)


@require_GET
def proposal(request: AuthenticatedRequest, pk: int, org: int) -> HttpResponse:
    """The proposal (tờ trình and list) the user's organisation sends to a higher body
    for the forms that body gives: the approved nominations, as a printable page or an
    Excel list. The higher body's decision is recorded when it comes back."""
    round_ = get_object_or_404(NominationRound, pk=pk)
    issuer = get_object_or_404(Organisation, pk=org)
    managed = managed_organisation_ids(request.user)
    forms = list(
        AwardForm.objects.filter(
            issuing_organisation=issuer,
            procedure=Procedure.PROPOSED,
            proposing_organisation_id__in=managed,
            round_forms__round=round_,
        ).select_related("proposing_organisation")
    )
    if not forms:
        raise Http404
    proposer = forms[0].proposing_organisation
    nominations = (
        Nomination.objects.filter(round=round_, form__in=forms, status__in=GRANTED)
        .select_related("form", "nominee_organisation")
        .order_by("form__code", "nominee_kind", "nominee_name", "pk")
    )
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("Award form"), lambda n: n.form.name, 40),
            Column(_("Nominee"), lambda n: n.nominee_name, 32),
            Column(_("Position"), lambda n: n.position, 24),
            Column(_("Organisation"), lambda n: n.nominee_organisation.name, 36),
            Column(_("Achievement period from"), lambda n: n.achievement_start, 14),
            Column(_("Achievement period to"), lambda n: n.achievement_end, 14),
            Column(_("Summary of achievements"), lambda n: n.summary, 60),
            Column(_("Status"), lambda n: n.get_status_display(), 16),
        ]
        return export_response(
            "xlsx", list(nominations), columns, f"de-nghi-{round_.year}-{issuer.pk}", _("Proposal")
        )
    return render(
        request,
        "awards/proposal.html",
        {
            "round": round_,
            "issuer": issuer,
            "proposer": proposer,
            "forms": forms,
            "nominations": nominations,
        },
    )


@require_GET
def council_people(request: AuthenticatedRequest, org: int) -> JsonResponse:
    """People a council's manager may add, matching what is typed (the member picker)."""
    _council(request, org)
    found = list(
        selectors.person_search(selectors.council_candidates(), request.GET.get("q", ""))[
            : widgets.SEARCH_LIMIT + 1
        ]
    )
    return widgets.search_results([(u.pk, f"{u.get_full_name()} ({u.username})") for u in found])


@require_GET
def council_organisations(request: AuthenticatedRequest, org: int) -> JsonResponse:
    """Organisations a member may work in, matching what is typed."""
    _council(request, org)
    return widgets.organisation_results(
        Organisation.objects.filter(is_active=True), request.GET.get("q", "")
    )
