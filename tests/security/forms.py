"""Turn the form a page rendered (``response.context["form"]``) into POST data, the way a
browser would submit it unchanged."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms


def rendered_form(response):
    context = response.context
    if context is None:
        return None
    for name in ("form", "edit_form", "nomination_form"):
        try:
            form = context[name]
        except KeyError:
            continue
        if isinstance(form, forms.BaseForm):
            return form
    return None


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def form_data(form) -> dict:
    """The values the form would post as rendered (files left out)."""
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
            continue
        if value is None:
            data[key] = ""
        elif isinstance(value, (list, tuple)):
            data[key] = [_plain(v) for v in value]
        else:
            data[key] = _plain(value)
    return data
