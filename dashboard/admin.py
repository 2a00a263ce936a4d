from django.contrib import admin

from .models import PublicSite


@admin.register(PublicSite)
class PublicSiteAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "show_progress",
        "show_learning_units",
        "show_honours",
        "show_verification",
        "updated",
    )

    def has_add_permission(self, request) -> bool:
        return not PublicSite.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
