from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from learnsociety import paging

from . import selectors
from .enums import CHANNEL_SHORT, STATE_BADGE, ReminderState
from .filters import OutboxFilter
from .forms import PreferencesForm
from .models import Notification, Reminder
from .registry import all_kinds, rules_by_name
from .services import (
    NotificationError,
    notification_mark_read,
    notifications_mark_all_read,
    preferences_for,
    preferences_set,
    reminder_resend,
)


def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    queryset = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread") == "1":
        queryset = queryset.filter(read_at__isnull=True)
    page = paging.paginate(request, queryset, 25)
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page,
            "only_unread": request.GET.get("unread") == "1",
            "can_see_outbox": request.user.has_perm("notifications.view_outbox"),
        },
    )


@require_POST
def notification_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")


def preferences(request: AuthenticatedRequest) -> HttpResponse:
    kinds = all_kinds(roles.roles(request.user))
    has_email = bool(request.user.email)
    form = PreferencesForm(
        request.POST or None,
        kinds=kinds,
        initial_channels=preferences_for(request.user),
        has_email=has_email,
    )
    if request.method == "POST" and form.is_valid():
        try:
            preferences_set(user=request.user, channels=form.cleaned_data)
        except NotificationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your notification preferences were saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "has_email": has_email})


def _require_outbox(request: AuthenticatedRequest) -> None:
    require_perm_or_404(request, "notifications.view_outbox")


def outbox_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_outbox(request)
    filterset = OutboxFilter(request.GET or None, queryset=selectors.outbox())
    page, more = paging.paginate_filtered(request, filterset, 50)
    rules = rules_by_name()
    for reminder in page:
        rule = rules.get(reminder.rule)
        reminder.rule_label = rule.label if rule else reminder.rule
        reminder.badge = STATE_BADGE.get(reminder.state, "text-bg-secondary")
        reminder.channel_short = CHANNEL_SHORT.get(reminder.channel, "—")
    counts = selectors.outbox_counts()
    return render(
        request,
        "notifications/outbox.html",
        {
            "filter": filterset,
            "page_obj": page,
            "counts": [
                (state, label, counts.get(state, 0)) for state, label in ReminderState.choices
            ],
            "resendable": {ReminderState.FAILED, ReminderState.SENT},
            "more_matches": paging.SEARCH_LIMIT if more else None,
        },
    )


@require_POST
def outbox_resend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_outbox(request)
    reminder = get_object_or_404(Reminder, pk=pk)
    try:
        reminder = reminder_resend(reminder=reminder, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except NotificationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if reminder.state == ReminderState.SENT:
            messages.success(request, _("The reminder was sent again."))
        elif reminder.state == ReminderState.FAILED:
            messages.error(
                request, _("Sending failed again: %(error)s") % {"error": reminder.last_error}
            )
        else:
            messages.success(request, _("The reminder is queued and will be sent again shortly."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("notifications:outbox")
