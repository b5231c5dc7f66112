"""The refusals every operation can give, added to the schema in one place.

Each operation may answer 401 (no or bad credentials), 403 (the role or the token's scope may
not), 429 (past the token's rate; Retry-After says when to retry); one that takes input 400;
one on a record 404; a contact update 412 and 428. All in the one ``Error`` shape.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Messages per parameter or field at fault.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}

_DESCRIPTIONS = {
    "400": "A parameter or field outside its form; `errors` names each.",
    "401": "No credentials, or a token that is unknown, expired or revoked.",
    "403": "The role (or a read-only token) may not do this.",
    "404": "No such record among those the user may see.",
    "412": "If-Match names an older version: someone changed the contact since.",
    "428": "An update needs If-Match with the version being changed.",
    "429": "Too many requests with this token; Retry-After gives the seconds to wait.",
}


def _error(code: str) -> dict:
    response = {
        "description": _DESCRIPTIONS[code],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if code == "429":
        response["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return response


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            codes = ["401", "403", "429", "400"]
            if "{" in path:
                codes.append("404")
            if method in ("put", "patch"):
                codes += ["412", "428"]
            if method == "delete":
                codes.append("412")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, _error(code))
    return result


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Publishes the personal tokens as the schema's bearer scheme."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made on the API tokens page.",
        }
