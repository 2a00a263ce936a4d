from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("commitments/new/", views.commitment_create, name="commitment-create"),
    path("commitments/partners/", views.partner_search, name="partner-search"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path("commitments/<int:pk>/indicators/new/", views.indicator_create, name="indicator-create"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator-edit"),
    path("commitments/<int:pk>/milestones/new/", views.milestone_create, name="milestone-create"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone-edit"),
    path("commitments/<int:pk>/reports/new/", views.report_create, name="report-create"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("reports/<int:pk>/review/", views.report_review, name="report-review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/signed-document/", views.signed_document, name="signed-document"),
    path("learning-city/", views.learning_city, name="learning-city"),
    path("learning-city/features/new/", views.feature_create, name="feature-create"),
    path("learning-city/features/<int:pk>/edit/", views.feature_edit, name="feature-edit"),
    path(
        "learning-city/features/<int:pk>/evidence/", views.feature_evidence, name="feature-evidence"
    ),
    path("target-vs-actual/", views.target_vs_actual, name="target-vs-actual"),
    path("target-vs-actual.pdf", views.target_vs_actual_pdf, name="target-vs-actual-pdf"),
    path("target-vs-actual.xlsx", views.target_vs_actual_xlsx, name="target-vs-actual-xlsx"),
]
