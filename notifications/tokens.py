"""Signed links that stop one kind of email without signing in.

The token names the user and the preference; Django's signing (keyed by SECRET_KEY, salted
for this use only) makes it impossible to forge for someone else. It does not expire: a
digest from last year must still be able to stop the next one.
"""

from django.core import signing

SALT = "notifications.stop-link"


def stop_token(*, user_id: int, preference: str) -> str:
    return signing.dumps({"u": user_id, "p": preference}, salt=SALT, compress=True)


def read_stop_token(token: str) -> tuple[int, str] | None:
    """(user id, preference) of a genuine token, or None."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, preference = data.get("u"), data.get("p")
    if not isinstance(user_id, int) or not isinstance(preference, str):
        return None
    return user_id, preference
