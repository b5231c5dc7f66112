"""Every refusal of the API in one JSON shape (see accounts.api_responses):
``{"detail": ..., "errors": {name: [messages]}}``, ``errors`` only when input is at fault.

A filter outside its form (core.filters.InvalidFilters) and a model's validation error from a
service are 400s naming the parameter or field, like a form's errors on a page.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from core.filters import InvalidFilters


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("Someone changed this record since the version you sent in If-Match.")


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Send the version you are changing as If-Match (the ETag of your last read)."
    )


def _messages(value) -> list[str]:
    """Django REST framework's nested error details, flattened to a list of messages."""
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, inner in value.items() for message in _messages(inner)]
    if isinstance(value, list):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def _errors(data) -> dict[str, list[str]]:
    if isinstance(data, dict):
        return {str(name): _messages(value) for name, value in data.items()}
    return {"non_field_errors": _messages(data)}


def exception_handler(exc, context):
    invalid_filters = isinstance(exc, InvalidFilters)
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        detail = _("Invalid filter.") if invalid_filters else _("Invalid input.")
        response.data = {"detail": str(detail), "errors": _errors(response.data)}
    return response
