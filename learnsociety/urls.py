from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

import awards.urls
import dashboard.urls

from . import views

admin.site.site_header = _("LearnSociety administration")
admin.site.site_title = _("LearnSociety")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("verify/<str:code>/", views.verify_certificate, name="verify-certificate"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("programme/", include("programme.urls")),
    path("units/", include("units.urls")),
    path("awards/", include("awards.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("honours/", include((awards.urls.public_urlpatterns, "honours"))),
    path("public/", include((dashboard.urls.public_urlpatterns, "public"))),
    path("admin/", admin.site.urls),
]

handler404 = "learnsociety.views.page_not_found"
handler403 = "learnsociety.views.permission_denied"
handler500 = "learnsociety.views.server_error"
