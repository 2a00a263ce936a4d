"""Reads about organisations and areas shared by several apps."""

from __future__ import annotations

from django.db.models import Case, Q, QuerySet, When
from django.utils import timezone

from learnsociety.documents import Letterhead

from . import roles
from .enums import AreaLevel
from .models import AdministrativeArea, DocumentTemplate, Organisation, SigningCertificate


def areas_for_filters(user=None, *, below_province: bool = False) -> QuerySet[AdministrativeArea]:
    """Areas offered in list and dashboard filters: those of the user's own organisations
    and the areas directly below them (a province's districts and communes), so a national
    data set does not put thousands of options on every page. Users with no area
    (administrators, national viewers) get the provinces when there are several (filters
    take a province as a whole: ``is_province``), else every area below province level
    (``below_province``: always those, for a school's move)."""
    # Today's areas first, then those abolished (the districts until 30 June 2025).
    areas = AdministrativeArea.objects.exclude(level=AreaLevel.PROVINCE).order_by(
        Case(When(valid_to__isnull=True, then=0), default=1), "level", "name"
    )
    own = roles.area_ids(user) if user is not None and user.is_authenticated else set()
    if own:
        return areas.filter(Q(pk__in=own) | Q(parent_id__in=own))
    if not below_province and has_several_provinces():
        return AdministrativeArea.objects.filter(level=AreaLevel.PROVINCE).order_by("name")
    return areas


def has_several_provinces() -> bool:
    """More than one province is loaded: national views group and filter by province."""
    return AdministrativeArea.objects.filter(level=AreaLevel.PROVINCE)[:2].count() > 1


def is_province(area) -> bool:
    """A filter's chosen area is a whole province (offered to national users)."""
    return area is not None and area.level == AreaLevel.PROVINCE


def document_template_for(organisation, *, at=None):
    """The issuer's document template in force at ``at`` (a datetime; now if None): the
    latest version saved by then. A decision recorded before its issuer had any template
    renders with the first version. None when the issuer has no template at all."""

    versions = DocumentTemplate.objects.filter(organisation=organisation)
    if at is not None:
        found = versions.filter(created__lte=at).order_by("-version").first()
        if found is not None:
            return found
        return versions.order_by("version").first()
    return versions.order_by("-version").first()


def letterhead_for(organisation, *, at=None):
    """The plain letterhead that ``learnsociety.documents`` renders, or None."""
    template = document_template_for(organisation, at=at)
    if template is None:
        return None
    return letterhead_from(template)


def letterhead_from(template):

    return Letterhead(
        issuing_body=template.issuing_body,
        code=template.code,
        place=template.place,
        deciding_authority=template.deciding_authority,
        signer_title=template.signer_title,
        governing_body=template.governing_body,
        signer_authority=template.signer_authority,
        signer_name=template.signer_name,
        legal_bases=template.lines(template.legal_bases),
        commendation_bases=template.lines(template.commendation_bases),
        proposal=template.proposal,
        executors=template.executors,
        recipients=template.lines(template.recipients),
        giver_title=template.giver_title,
        version=template.version,
        issuer_id=template.organisation_id,
    )


def signing_certificate_for(organisation, *, at=None):
    """The organisation's active signing certificate if it is valid at ``at`` (now if
    None), else None: an expired certificate signs nothing."""

    moment = at or timezone.now()
    return SigningCertificate.objects.filter(
        organisation_id=getattr(organisation, "pk", organisation),
        active=True,
        valid_from__lte=moment,
        valid_to__gte=moment,
    ).first()


def organisation_search(queryset: QuerySet[Organisation], text: str) -> QuerySet[Organisation]:
    """The organisations whose name, short name or official code contains ``text``."""
    # PostgreSQL refuses a NUL in a query; it can be typed into the address bar, never a name
    text = text.replace("\x00", "").strip()[:100]
    if text:
        queryset = queryset.filter(
            Q(name__icontains=text) | Q(short_name__icontains=text) | Q(code__icontains=text)
        )
    return queryset.order_by("name", "pk")
