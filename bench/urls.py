"""Bench-only URLs (never part of the product): the product's URLs plus two references.

- ``/bench/trivial/``: a trivial Django view behind the same middleware (sessions, auth,
  CSP, locale): the ceiling of what one request can cost.
- ``/bench/admin/units/school/``: the Django admin changelist of schools, with the same
  page size (25), ordering and columns as the app's schools list: what a developer gets
  for free.
"""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path

from learnsociety.urls import handler403, handler404, handler500  # noqa: F401
from learnsociety.urls import urlpatterns as product_urls
from units.models import School
from units.views._common import PAGE_SIZE

site = admin.AdminSite(name="benchadmin")


class SchoolChangelist(admin.ModelAdmin):
    list_display = ["name", "code", "education_level", "tier", "area"]
    list_filter = ["education_level", "organisation__tier"]
    search_fields = ["organisation__name", "organisation__code"]
    list_select_related = ["organisation", "organisation__area"]
    ordering = ["organisation__name"]
    list_per_page = PAGE_SIZE

    @admin.display(ordering="organisation__name")
    def name(self, obj):
        return obj.organisation.name

    def code(self, obj):
        return obj.organisation.code

    def tier(self, obj):
        return obj.organisation.get_tier_display()

    def area(self, obj):
        return obj.organisation.area


site.register(School, SchoolChangelist)


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench-trivial"),
    path("bench/admin/", site.urls),
    *product_urls,
]
