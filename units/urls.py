from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.index, name="index"),
    path("schools/", views.school_list, name="school-list"),
    path("schools/import/", views.school_import, name="school-import"),
    path("schools/<int:pk>/", views.school_detail, name="school-detail"),
    path("schools/<int:pk>/move/", views.school_move, name="school-move"),
    path("recognitions/import/", views.recognition_import, name="recognition-import"),
    path("areas/reform/", views.reform_import, name="reform-import"),
    path("imports/<int:pk>/", views.import_job, name="import-job"),
    path("imports/<int:pk>/run/", views.import_job_run, name="import-job-run"),
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework-detail"),
    path("frameworks/new/", views.framework_create, name="framework-create"),
    path("frameworks/<int:pk>/copy/", views.framework_copy, name="framework-copy"),
    path("frameworks/<int:pk>/edit/", views.framework_edit, name="framework-edit"),
    path("frameworks/<int:pk>/levels/", views.framework_outcomes, name="framework-outcomes"),
    path("frameworks/<int:pk>/groups/", views.framework_groups, name="framework-groups"),
    path("frameworks/<int:pk>/criteria/new/", views.criterion_edit, name="criterion-create"),
    path("frameworks/<int:pk>/criteria/<int:cid>/", views.criterion_edit, name="criterion-edit"),
    path(
        "frameworks/<int:pk>/criteria/<int:cid>/delete/",
        views.criterion_delete,
        name="criterion-delete",
    ),
    path("frameworks/<int:pk>/preview/", views.framework_preview, name="framework-preview"),
    path("frameworks/<int:pk>/publish/", views.framework_publish, name="framework-publish"),
    path("frameworks/<int:pk>/delete/", views.framework_delete, name="framework-delete"),
    path("cycles/", views.cycle_list, name="cycle-list"),
    path("cycles/new/", views.cycle_create, name="cycle-create"),
    path("cycles/authorities/", views.authority_search, name="authority-search"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle-detail"),
    path("cycles/<int:pk>/edit/", views.cycle_edit, name="cycle-edit"),
    path("cycles/<int:cycle_pk>/start/", views.assessment_start, name="assessment-start"),
    path("cycles/<int:cycle_pk>/decide/", views.decision_create, name="decision-create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment-edit"),
    path(
        "assessments/<int:pk>/copy-previous/",
        views.assessment_copy_previous,
        name="assessment-copy-previous",
    ),
    path("assessments/<int:pk>/preview/", views.assessment_preview, name="assessment-preview"),
    path("assessments/<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path(
        "assessments/<int:pk>/documents/", views.assessment_documents, name="assessment-documents"
    ),
    path(
        "assessments/<int:pk>/documents/<str:kind>/",
        views.assessment_document,
        name="assessment-document",
    ),
    path(
        "assessments/<int:pk>/summary.pdf", views.assessment_summary_pdf, name="assessment-summary"
    ),
    path("assessments/<int:pk>/review/", views.assessment_review, name="assessment-review"),
    path("assessments/<int:pk>/reopen/", views.assessment_reopen, name="assessment-reopen"),
    path("assessments/<int:pk>/not-recognised/", views.not_recognise, name="not-recognise"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence-delete"),
    path("review/", views.review_queue, name="review-queue"),
    path("coverage/", views.coverage, name="coverage"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/document/", views.decision_document, name="decision-document"),
    path("decisions/<int:pk>/decision/", views.decision_preview, name="decision-preview"),
    path(
        "decisions/<int:pk>/certificates/",
        views.certificate_bundle_start,
        name="certificate-bundle-start",
    ),
    path(
        "decisions/<int:pk>/certificates/progress/",
        views.certificate_bundle_progress,
        name="certificate-bundle-progress",
    ),
    path(
        "decisions/<int:pk>/certificates.pdf",
        views.certificate_bundle_download,
        name="certificate-bundle",
    ),
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
    path("recognitions/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate"),
]
