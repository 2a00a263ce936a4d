from django.urls import path

from . import views

app_name = "society"

urlpatterns = [
    path("", views.index, name="index"),
    path("returns/", views.return_list, name="return-list"),
    path("rounds/<int:pk>/start/", views.return_start, name="return-start"),
    path("returns/<int:pk>/", views.return_detail, name="return-detail"),
    path("returns/<int:pk>/edit/", views.return_edit, name="return-edit"),
    path("returns/<int:pk>/villages/", views.return_villages, name="return-villages"),
    path("returns/<int:pk>/villages/add/", views.village_add, name="village-add"),
    path("returns/<int:pk>/submit/", views.return_submit, name="return-submit"),
    path("returns/<int:pk>/review/", views.return_review, name="return-review"),
    path("returns/<int:pk>/reopen/", views.return_reopen, name="return-reopen"),
    path("returns/<int:pk>/template/", views.return_template, name="return-template"),
    path("returns/<int:pk>/upload/", views.return_upload, name="return-upload"),
    path("completeness/", views.completeness, name="completeness"),
    path("rollup/", views.rollup, name="rollup"),
    path("export/<slug:name>/", views.export, name="export"),
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/new/", views.round_edit, name="round-create"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("forms/", views.form_list, name="form-list"),
    path("forms/<int:pk>/", views.form_detail, name="form-detail"),
    path("forms/<int:pk>/copy/", views.form_copy, name="form-copy"),
    path("forms/<int:pk>/publish/", views.form_publish, name="form-publish"),
    path("forms/<int:form_pk>/fields/new/", views.field_edit, name="field-create"),
    path("fields/<int:pk>/edit/", views.field_edit, name="field-edit"),
    path("forms/<int:form_pk>/rules/new/", views.rule_edit, name="rule-create"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule-edit"),
]
