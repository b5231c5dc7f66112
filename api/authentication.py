"""How Django REST framework learns who speaks: the token found by accounts.middleware, or the
browser's session (with its CSRF check on writes, as Django REST framework's own session
authentication does)."""

from rest_framework.authentication import BaseAuthentication


class ApiTokenAuthentication(BaseAuthentication):
    """The token ``accounts.middleware.ApiTokenMiddleware`` already checked and counted.

    The middleware decides for every path under ``/api/`` (the JSON views that are not Django
    REST framework's too); this only hands its result over. A token request carries no CSRF
    token and needs none: no browser sends the header by itself.
    """

    def authenticate(self, request):
        token = getattr(request._request, "api_token", None)
        if token is None:
            return None
        return (token.user, token)

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
