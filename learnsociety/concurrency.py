"""Optimistic version check for edit forms: two people editing the same record must not
silently overwrite each other.

Every audited model keeps its history (django-simple-history), so the id of the latest
historical row is the record's version: the form carries it in a hidden field and, when
the form is posted, compares it with the current one. No model or migration changes.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _


def version_of(obj) -> str:
    """The id of the object's latest historical row ("0" if it has none)."""
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(latest or 0)


class StaleEdit(ValidationError):
    pass


def check_version(obj, version: str) -> None:
    """Raise StaleEdit (translated, naming who changed it and when) if ``obj`` changed
    since ``version`` was read."""
    if version == version_of(obj):
        return
    latest = obj.history.select_related("history_user").order_by("-history_id").first()
    who = (
        latest.history_user.get_full_name() or latest.history_user.get_username()
        if (latest is not None and latest.history_user is not None)
        else "—"
    )
    when = date_format(localtime(latest.history_date), "SHORT_DATETIME_FORMAT") if latest else "—"
    raise StaleEdit(
        _(
            "This record was changed by someone else (%(who)s, %(when)s) after you opened "
            "it. Your changes were not saved: reload the page to see theirs, then make "
            "yours again."
        )
        % {"who": who, "when": when},
        code="stale",
    )


class VersionCheckMixin:
    """Form mixin: a hidden ``version`` field, checked in ``clean()`` (the check is not
    under a row lock: it catches edits made while the form was open, the real case). The edited object
    is ``self.<version_object_attr>`` (``instance`` for model forms); new objects are not
    checked."""

    version_object_attr = "instance"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        obj = self._versioned_object()
        self.fields["version"] = forms.CharField(
            widget=forms.HiddenInput,
            required=False,
            initial=version_of(obj) if obj is not None else "",
        )

    def _versioned_object(self):
        obj = getattr(self, self.version_object_attr, None)
        return obj if obj is not None and obj.pk else None

    def clean(self):
        cleaned = super().clean()
        obj = self._versioned_object()
        version = self.data.get(self.add_prefix("version"), "")
        # a browser always posts the hidden field; scripts that leave it out are not checked
        if obj is not None and version:
            check_version(obj, version)
        return cleaned
