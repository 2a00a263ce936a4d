from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commitment, Indicator, LearningCityFeature, Milestone, Programme, ProgressReport


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title_vi", "start_year", "end_year", "signed_on"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "area", "lead_party"]
    list_filter = ["lead_party", "area"]
    search_fields = ["code", "title"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "commitment", "unit", "source"]
    list_select_related = ["commitment"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "commitment", "due_date", "status"]
    list_select_related = ["commitment"]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "period", "year", "status"]
    list_select_related = ["commitment"]


@admin.register(LearningCityFeature)
class LearningCityFeatureAdmin(SimpleHistoryAdmin):
    list_display = ["title", "theme", "status"]
