"""The learning-city checklist of key features."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from accounts.models import User
from learnsociety.uploads import serve_upload

from .. import services
from ..enums import (
    THEME_GROUP,
    Area,
    FeatureGroup,
    FeatureStatus,
    FeatureTheme,
)
from ..forms import (
    FeatureForm,
)
from ..models import (
    Commitment,
    LearningCityFeature,
)
from .base import child_form, editable_or_404


def _learning_city_commitment() -> Commitment:
    found = (
        Commitment.objects.filter(area=Area.LEARNING_CITY)
        .select_related("programme")
        .order_by("code")
        .first()
    )
    if found is None:
        raise Http404
    return found


def learning_city(request: AuthenticatedRequest) -> HttpResponse:
    commitment = _learning_city_commitment()
    features = list(commitment.learning_city_features.all())
    by_theme: dict[str, list[LearningCityFeature]] = {theme: [] for theme in FeatureTheme.values}
    for feature in features:
        by_theme[feature.theme].append(feature)
    groups = []
    for group in FeatureGroup:
        themes = [
            (FeatureTheme(theme).label, items)
            for theme, items in by_theme.items()
            if THEME_GROUP[FeatureTheme(theme)] == group
        ]
        groups.append((group.label, themes))
    in_place = sum(1 for f in features if f.status == FeatureStatus.IN_PLACE)
    share = round(100 * in_place / len(features)) if features else None
    return render(
        request,
        "programme/learning_city.html",
        {
            "commitment": commitment,
            "groups": groups,
            "total": len(features),
            "in_place": in_place,
            "share": share,
            "can_edit": request.user.has_perm("programme.change_commitment", commitment),
        },
    )


def feature_create(request: AuthenticatedRequest) -> HttpResponse:
    commitment = _learning_city_commitment()
    require_perm_or_404(request, "programme.change_commitment", commitment)
    initial_theme = request.GET.get("theme")
    instance = LearningCityFeature(commitment=commitment)
    if initial_theme in FeatureTheme.values and request.method != "POST":
        instance.theme = initial_theme
    page = child_form(
        request,
        commitment=commitment,
        instance=instance,
        form_class=FeatureForm,
        save=_feature_save,
        title=_("New learning-city key feature"),
        multipart=True,
    )
    return page or redirect("programme:learning-city")


def _feature_save(*, by: User, learningcityfeature):
    return services.feature_save(by=by, feature=learningcityfeature)


def feature_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    feature = editable_or_404(
        request, LearningCityFeature.objects.select_related("commitment__programme"), pk
    )
    page = child_form(
        request,
        commitment=feature.commitment,
        instance=feature,
        form_class=FeatureForm,
        save=_feature_save,
        title=_("Edit learning-city key feature"),
        multipart=True,
    )
    return page or redirect("programme:learning-city")


def feature_evidence(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    feature = get_object_or_404(LearningCityFeature, pk=pk)
    return serve_upload(feature.evidence_file)
