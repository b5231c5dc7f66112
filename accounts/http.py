"""The request a view behind sign-in receives, for the type checker.

``allow_roles`` (and the sign-in middleware) let only signed-in users through, so such a view's
``request.user`` is a ``User``, never ``AnonymousUser``; annotating the view's request as
``SignedInRequest`` says so once instead of a check in every view.
"""

from django.http import HttpRequest

from accounts.models import User


class SignedInRequest(HttpRequest):
    user: User
