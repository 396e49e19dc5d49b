"""The address a request really came from, for the lockout and the audit trail.

Behind PROXY_COUNT trusted reverse proxies, each proxy appends the address it saw to
X-Forwarded-For, so the client is the entry PROXY_COUNT places from the end. Anything further
left was written by the client and cannot be trusted. With no proxies, REMOTE_ADDR is the client.
"""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
