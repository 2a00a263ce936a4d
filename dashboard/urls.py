from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("report/", views.report, name="report"),
    path("report.pdf", views.report_pdf, name="report-pdf"),
    path("report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("yearly-report/", views.yearly_report, name="yearly-report"),
    path("yearly-report.pdf", views.yearly_report_file, {"fmt": "pdf"}, name="yearly-report-pdf"),
    path(
        "yearly-report.docx",
        views.yearly_report_file,
        {"fmt": "docx"},
        name="yearly-report-docx",
    ),
    path("export/<slug:name>/", views.export, name="export"),
    path("public-pages/", views.public_settings, name="public-settings"),
]

# Mounted at /public/ by learnsociety/urls.py (namespace "public"): no login.
public_urlpatterns = [
    path("", views.public_index, name="index"),
    path("progress/", views.public_progress, name="progress"),
    path("learning-units/", views.public_learning_units, name="learning-units"),
    path("verify/", views.public_verify, name="verify"),
]
