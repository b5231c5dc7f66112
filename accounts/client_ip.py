"""The client's address, for sign-in lockouts and the audit log alike.

Without a proxy (``PROXY_COUNT=0``, the default) the address is the socket's ``REMOTE_ADDR``
and forwarding headers are ignored, since any client could forge them. Behind ``PROXY_COUNT``
trusted proxies, each proxy appends the address it was reached from to ``CLIENT_IP_HEADER``
(``X-Forwarded-For`` by default), so the client is the entry that many places from the right;
whatever the client itself put further left is never trusted.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address to lock out and to log; None when the request carries no usable one."""
    meta = getattr(request, "META", {})
    remote = _valid(meta.get("REMOTE_ADDR", "") or "")
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop for hop in (meta.get(settings.CLIENT_IP_HEADER) or "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _valid(hops[-proxies]) or remote
