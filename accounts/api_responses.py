"""The JSON answers of ``/api/``: one shape for every refusal, whoever gives it.

``{"detail": "<message>"}``, with ``"errors": {"<parameter or field>": ["<message>"]}`` added
when input is at fault. The request guards (accounts.middleware, accounts.permissions) and the
API's own views (api.exceptions) answer alike, so a script reads one shape.
"""

from django.http import HttpRequest, JsonResponse

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def api_error(status: int, detail: str, errors: dict | None = None) -> JsonResponse:
    body: dict = {"detail": str(detail)}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def not_authenticated(detail: str) -> JsonResponse:
    """401 with the challenge RFC 6750 asks for: a token is how to get in."""
    response = api_error(401, detail)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response
