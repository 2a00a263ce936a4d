from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AwardForm,
    Commendation,
    Council,
    CouncilMember,
    Decision,
    DisciplineFlag,
    Nomination,
    NominationRound,
    RoundForm,
    RubricCriterion,
)


@admin.register(AwardForm)
class AwardFormAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_vi",
        "issuing_organisation",
        "procedure",
        "proposing_organisation",
        "achievement_kind",
        "default_quota",
    ]
    list_filter = ["procedure", "achievement_kind"]
    search_fields = ["code", "name_vi", "name_en"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 1
    raw_id_fields = ["user", "added_by"]


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "name"]
    inlines = [CouncilMemberInline]


class RoundFormInline(admin.TabularInline):
    model = RoundForm
    extra = 1


class RubricCriterionInline(admin.TabularInline):
    model = RubricCriterion
    extra = 1


@admin.register(NominationRound)
class NominationRoundAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "opening_date", "submission_deadline", "review_deadline"]
    inlines = [RoundFormInline, RubricCriterionInline]


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    list_display = ["nominee_name", "form", "round", "status"]
    list_filter = ["status", "round", "form"]
    search_fields = ["nominee_name"]
    readonly_fields = ["status", "nominee_key", "flags"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "year", "issuing_organisation", "date", "signer"]


@admin.register(Commendation)
class CommendationAdmin(admin.ModelAdmin):
    list_display = ["code", "nominee_name", "form", "decision", "revoked"]
    search_fields = ["code", "nominee_name"]


@admin.register(DisciplineFlag)
class DisciplineFlagAdmin(SimpleHistoryAdmin):
    list_display = ["person_name", "organisation", "reason", "is_active"]
