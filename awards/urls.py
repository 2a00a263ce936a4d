from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("nominations/", views.nomination_list, name="nomination-list"),
    path("nominations/new/", views.nomination_create, name="nomination-create"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination-detail"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination-edit"),
    path("nominations/<int:pk>/documents/", views.document_add, name="document-add"),
    path(
        "nominations/<int:pk>/documents/<int:doc>/",
        views.document_download,
        name="document-download",
    ),
    path(
        "nominations/<int:pk>/documents/<int:doc>/delete/",
        views.document_delete,
        name="document-delete",
    ),
    path(
        "nominations/<int:pk>/act/<slug:action>/",
        views.nomination_action,
        name="nomination-action",
    ),
    path("nominations/<int:pk>/assign/", views.nomination_assign, name="nomination-assign"),
    path("nominations/<int:pk>/review/", views.review_form, name="review-form"),
    path("nominations/<int:pk>/conflict/", views.review_conflict, name="review-conflict"),
    path("reviews/", views.review_queue, name="review-queue"),
    path("reviews/next/", views.review_next, name="review-next"),
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/new/", views.round_edit, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("rounds/<int:pk>/autoassign/", views.round_autoassign, name="round-autoassign"),
    path("rounds/<int:pk>/ranking/", views.round_ranking, name="round-ranking"),
    path("rounds/<int:pk>/decide/<int:org>/", views.decision_create, name="decision-create"),
    path("rounds/<int:pk>/propose/<int:org>/", views.proposal, name="proposal"),
    path("councils/", views.council_list, name="council-list"),
    path("councils/<int:org>/", views.council_detail, name="council-detail"),
    path("councils/<int:org>/people/", views.council_people, name="council-people"),
    path(
        "councils/<int:org>/organisations/",
        views.council_organisations,
        name="council-organisations",
    ),
    path(
        "councils/<int:org>/members/<int:pk>/remove/",
        views.council_member_remove,
        name="council-member-remove",
    ),
    path("decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/progress/", views.decision_progress, name="decision-progress"),
    path("decisions/<int:pk>/generate/", views.decision_generate, name="decision-generate"),
    path("decisions/<int:pk>/scan/", views.decision_scan, name="decision-scan"),
    path("decisions/<int:pk>/decision/", views.decision_preview, name="decision-preview"),
    path(
        "decisions/<int:pk>/decision.pdf",
        views.decision_file,
        {"fmt": "pdf"},
        name="decision-pdf",
    ),
    path(
        "decisions/<int:pk>/decision.docx",
        views.decision_file,
        {"fmt": "docx"},
        name="decision-docx",
    ),
    path(
        "commendations/<int:pk>/certificate/",
        views.certificate_download,
        name="certificate-download",
    ),
    path(
        "organisations/<slug:field>/",
        views.organisation_search,
        name="organisation-search",
    ),
    path("register/", views.register, name="register"),
    path("register/export/", views.register_export, name="register-export"),
    path("discipline/", views.discipline_list, name="discipline"),
    path("discipline/<int:pk>/lift/", views.discipline_lift, name="discipline-lift"),
]

# Mounted at /honours/ by learnsociety/urls.py (namespace "honours"): public, no login.
public_urlpatterns = [
    path("", views.honour_roll, name="roll"),
]
