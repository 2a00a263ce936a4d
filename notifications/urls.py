from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read-all/", views.notification_read_all, name="read-all"),
    path("preferences/", views.preferences, name="preferences"),
    path("outbox/", views.outbox_list, name="outbox"),
    path("outbox/<int:pk>/resend/", views.outbox_resend, name="outbox-resend"),
]
