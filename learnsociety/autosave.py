"""The JSON answers of forms that save themselves (static/js/autosave.js) and of uploads
sent with a progress bar. One shape for every app: the script keeps what the user typed
on the device until an answer says ``saved``.

- ``saved``: the draft is on the server; ``version`` is the new version to post next, and
  ``location`` the page's address when the save created the object (the form then posts
  there, under the object's own ``key`` for what the device keeps).
- ``refused``: not saved, with the reasons. ``stale`` when someone else saved meanwhile
  (the page offers to reload the saved version; nothing is overwritten).
- ``incomplete``: not saved yet because required fields are still empty; the answers stay
  on the device and the next change tries again, without an alarm.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def is_autosave(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("action") == "autosave"


def saved(version: str, *, location: str = "", key: str = "") -> JsonResponse:
    at = date_format(timezone.localtime(), "H:i")
    return JsonResponse(
        {
            "saved": True,
            "version": version,
            "message": _("Saved at %(time)s") % {"time": at},
            "location": location,
            "key": key,
        }
    )


def refused(
    messages: Iterable, *, stale: bool, status: int, reload: str = "", incomplete: bool = False
) -> JsonResponse:
    body = {
        "saved": False,
        "stale": stale,
        "messages": [str(m) for m in messages],
        "reload": reload if stale else "",
    }
    if incomplete:
        body["incomplete"] = True
    return JsonResponse(body, status=status)


def after_upload(request: HttpRequest, to, *args) -> HttpResponse:
    """Where an upload leads. The page's script sends files itself to show progress: it
    gets the address as JSON and goes there, so the messages wait for that page."""
    response = redirect(to, *args)
    if request.headers.get("X-Upload-Progress"):
        return JsonResponse({"location": response.url})
    return response
