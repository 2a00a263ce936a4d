"""A service's refusal shown to the user: the translated messages of a ValidationError
(or of a domain error built on it), as flash messages, as one line, or on a form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError


def error_texts(error: Exception) -> list[str]:
    """Every message of ``error``, field errors included, in the order they were raised."""
    return list(getattr(error, "messages", [str(error)]))


def error_text(error: Exception) -> str:
    return " ".join(error_texts(error))


def error_messages(request, error: Exception) -> None:
    for message in error_texts(error):
        messages.error(request, message)


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's refusal next to the field it concerns (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
