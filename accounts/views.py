from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from .forms import LoginForm
from .history import membership_history
from .models import Membership


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # A language picked on the login page becomes the account's language.
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = form.get_user()
        if chosen in dict(settings.LANGUAGES) and chosen != user.language:
            user.language = chosen
            user.save(update_fields=["language"])
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per client address and per e-mail address (so nobody can
    flood an inbox or the mail server): PASSWORD_RESET_LIMIT requests an hour each."""

    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        from axes.helpers import get_client_ip_address

        from learnsociety.ratelimit import allow

        limit = settings.PASSWORD_RESET_LIMIT
        email = form.cleaned_data["email"].strip().lower()
        ip = get_client_ip_address(self.request) or "-"
        by_ip = allow("password-reset-ip", ip, limit=limit, window_seconds=3600)
        by_email = allow("password-reset-email", email, limit=limit, window_seconds=3600)
        if not (by_ip and by_email):
            form.add_error(
                None,
                _("Too many password reset requests. Please try again in an hour."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


def profile(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user, is_active=True)
        .select_related("organisation", "organisation__area")
        .order_by("id")
    )
    return render(
        request,
        "accounts/profile.html",
        {"memberships": memberships, "history": membership_history(request.user)},
    )
