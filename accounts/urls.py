from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("document-templates/", views.document_template_list, name="document-template-list"),
    path("document-templates/new/", views.document_template_new, name="document-template-new"),
    path("document-templates/<int:pk>/", views.document_template_edit, name="document-template"),
    path(
        "signing-certificates/",
        views.signing_certificate_list,
        name="signing-certificate-list",
    ),
    path(
        "signing-certificates/new/",
        views.signing_certificate_new,
        name="signing-certificate-new",
    ),
    path(
        "signing-certificates/<int:pk>/",
        views.signing_certificate_edit,
        name="signing-certificate",
    ),
    path(
        "signing-certificates/<int:pk>/remove/",
        views.remove_signing_certificate,
        name="signing-certificate-remove",
    ),
    path("issuers/<slug:purpose>/search/", views.issuer_search, name="issuer-search"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/done/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
