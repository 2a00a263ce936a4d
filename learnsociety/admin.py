from django.contrib import admin

from .models import DeferredTask


@admin.register(DeferredTask)
class DeferredTaskAdmin(admin.ModelAdmin):
    """Tasks the broker has not taken yet (it was down): the next dispatch sends them."""

    list_display = ["task", "kwargs", "created", "attempts", "last_error"]
    list_filter = ["task"]
    readonly_fields = ["task", "kwargs", "created", "attempts", "last_error"]
