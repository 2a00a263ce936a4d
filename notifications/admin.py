from django.contrib import admin

from .models import Notification, NotificationPreference, Reminder


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["rule", "object_label", "recipient", "occasion", "state", "created", "sent_at"]
    list_filter = ["state", "rule", "channel"]
    search_fields = ["object_label", "recipient__username"]
    raw_id_fields = ["recipient", "notification"]
    readonly_fields = ["claimed_at", "claimed_by", "digest_token", "digest_claimed_at"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel"]
    list_filter = ["kind", "channel"]
    raw_id_fields = ["user"]
