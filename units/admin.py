from typing import TYPE_CHECKING

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models

# The mixin extends the admin class it is mixed into; the type checker sees it as one.
if TYPE_CHECKING:
    _AdminBase = admin.options.BaseModelAdmin
else:
    _AdminBase = object


class UsedFrameworkReadOnly(_AdminBase):
    """A framework used in a cycle cannot change: copy it to a new version instead."""

    def _framework(self, obj):
        if obj is None:
            return None
        if isinstance(obj, models.Framework):
            return obj
        if isinstance(obj, models.Criterion):
            return obj.group.framework
        return getattr(obj, "framework", None)

    def has_change_permission(self, request, obj=None):
        framework = self._framework(obj)
        if framework is not None and framework.cycles.exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        framework = self._framework(obj)
        if framework is not None and framework.cycles.exists():
            return False
        return super().has_delete_permission(request, obj)


class OutcomeInline(admin.TabularInline):
    model = models.FrameworkOutcome
    extra = 0


class GroupInline(admin.TabularInline):
    model = models.CriterionGroup
    extra = 0


@admin.register(models.Framework)
class FrameworkAdmin(UsedFrameworkReadOnly, SimpleHistoryAdmin):
    list_display = ["code", "version", "name_vi", "kind", "valid_from", "valid_to"]
    inlines = [OutcomeInline, GroupInline]


class RequirementInline(admin.TabularInline):
    model = models.CriterionRequirement
    extra = 0


@admin.register(models.Criterion)
class CriterionAdmin(UsedFrameworkReadOnly, admin.ModelAdmin):
    list_display = ["code", "name_vi", "kind", "group"]
    list_filter = ["group__framework"]
    inlines = [RequirementInline]


class FiguresInline(admin.TabularInline):
    model = models.SchoolYearFigures
    extra = 0


class AreaHistoryInline(admin.TabularInline):
    model = models.SchoolAreaHistory
    extra = 0


@admin.register(models.School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "education_level"]
    list_filter = ["education_level"]
    search_fields = ["organisation__name", "organisation__code"]
    inlines = [FiguresInline, AreaHistoryInline]


@admin.register(models.Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["year", "tier", "framework", "state", "submission_deadline"]


@admin.register(models.SelfAssessment)
class SelfAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["school", "cycle", "status"]
    list_filter = ["status", "cycle"]
    readonly_fields = ["status"]


@admin.register(models.RecognitionDecision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "decided_on", "authority", "cycle"]


@admin.register(models.Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["school", "year", "outcome", "decision_number", "certificate_code"]
    search_fields = ["certificate_code", "school__organisation__name"]
