from django.contrib import admin
from django.urls import URLPattern, include, path
from django.utils.translation import gettext_lazy as _

import awards.urls
import dashboard.urls
from accounts.rules import is_programme_party
from dashboard.views import public_page

from . import views


def public_patterns(patterns: list[URLPattern]) -> list[URLPattern]:
    """The honour roll's URL patterns behind the "honour roll" publication switch; staff,
    officers and administrators preview it before it is published."""
    wrap = public_page("show_honours", preview=is_programme_party)
    return [URLPattern(p.pattern, wrap(p.callback), p.default_args, p.name) for p in patterns]


admin.site.site_header = _("LearnSociety administration")
admin.site.site_title = _("LearnSociety")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("exports/", views.exports, name="exports"),
    path("exports/<int:pk>/download/", views.export_download, name="export-download"),
    path("verify/<str:code>/", views.verify_certificate, name="verify-certificate"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("programme/", include("programme.urls")),
    path("units/", include("units.urls")),
    path("awards/", include("awards.urls")),
    path("society/", include("society.urls")),
    path("dashboard/", include("dashboard.urls")),
    # The honour roll is a public page: shown only once published (dashboard's switch),
    # previewed by the programme's parties before that.
    path("honours/", include((public_patterns(awards.urls.public_urlpatterns), "honours"))),
    path("public/", include((dashboard.urls.public_urlpatterns, "public"))),
    path("admin/", admin.site.urls),
]

handler404 = "learnsociety.views.page_not_found"
handler403 = "learnsociety.views.permission_denied"
handler500 = "learnsociety.views.server_error"
