"""Optimistic version check for edit forms: two people editing the same record must not
silently overwrite each other.

Every audited model keeps its history (django-simple-history), so the id of the latest
historical row is the record's version: the form carries it in a hidden field and, when
the form is posted, compares it with the current one. No model or migration changes.

The check is made twice: in the form's ``clean()`` (early, so the person sees the message
before anything else) and, for records whose service locks the row, again in the service
under ``select_for_update()`` (``check_version(locked, version, error=DomainError)``), which
closes the window between validating the form and writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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


def stale_message(obj) -> str:
    """The translated message naming who changed ``obj`` last and when."""
    latest = obj.history.select_related("history_user").order_by("-history_id").first()
    who = (
        latest.history_user.get_full_name() or latest.history_user.get_username()
        if (latest is not None and latest.history_user is not None)
        else "—"
    )
    when = date_format(localtime(latest.history_date), "SHORT_DATETIME_FORMAT") if latest else "—"
    return _(
        "This record was changed by someone else (%(who)s, %(when)s) after you opened "
        "it. Your changes were not saved: reload the page to see theirs, then make "
        "yours again."
    ) % {"who": who, "when": when}


def check_version(obj, version: str, *, error: type[ValidationError] = StaleEdit) -> None:
    """Raise ``error`` (translated, naming who changed it and when) if ``obj`` changed
    since ``version`` was read. Services pass their domain error and call this on the row
    they have just locked."""
    if version != version_of(obj):
        raise error(stale_message(obj), code="stale")


def missing_version_message() -> str:
    return _(
        "This form is out of date: it does not say which version of the record you "
        "edited. Nothing was saved: reload the page and make your changes again."
    )


# The mixin extends the form it is mixed into; the type checker sees it as one.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class VersionCheckMixin(_FormBase):
    """Form mixin: a hidden ``version`` field, checked in ``clean()``. The edited object
    is ``self.<version_object_attr>`` (``instance`` for model forms); new objects are not
    checked. Editing an existing object without posting its version is refused: only an
    outdated page or a script leaves it out, and accepting it would overwrite blindly.

    ``form.version`` is the posted version, for the service to check again under its row
    lock (None for a new object)."""

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

    @property
    def version(self) -> str | None:
        if self._versioned_object() is None:
            return None
        return self.data.get(self.add_prefix("version"), "")

    def clean(self):
        cleaned = super().clean()
        obj = self._versioned_object()
        if obj is not None:
            if not self.version:
                raise StaleEdit(missing_version_message(), code="version_missing")
            check_version(obj, self.version)
        return cleaned
