"""Who sent a request: the one place that decides a client's address.

Rate limits, the reader hash and the login lockout all key on client_address(), so
that a proxy in front of Orfo (ORFO_TRUSTED_PROXY_HOPS) changes all three at once.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# The longest address text worth parsing (an IPv6 address with an IPv4 tail is 45
# characters; a zone id may add a few): anything longer is not an address.
_MAX_ADDRESS = 64
# An IPv6 client usually holds a whole /64 (its prefix), and picks any address in it.
_IPV6_HOST_BITS = 64


def client_address(request: HttpRequest) -> str:
    """The address that tells this request's client apart from others, or "".

    With ORFO_TRUSTED_PROXY_HOPS = N, the Nth address from the right of
    X-Forwarded-For (the one the outermost trusted proxy saw) is the client's; the
    entries left of it are whatever the client chose to send, and are never read.
    An entry that is not an address (a misconfigured proxy, too many hops) falls
    back to the peer address: text a client wrote must never become an identity.
    IPv6 clients are told apart by their /64 (given as its first address), and an
    IPv4-mapped IPv6 address is the IPv4 address it holds.
    """
    hops = settings.ORFO_TRUSTED_PROXY_HOPS
    if hops:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", hops)
        if len(forwarded) >= hops:
            address = _normalised(forwarded[-hops])
            if address:
                return address
    return _normalised(request.META.get("REMOTE_ADDR", ""))


def _normalised(text: str) -> str:
    text = text.strip()
    if not text or len(text) > _MAX_ADDRESS:
        return ""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return ""
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped:
        return str(address.ipv4_mapped)
    prefix = int(address) >> _IPV6_HOST_BITS << _IPV6_HOST_BITS
    return str(ipaddress.IPv6Address(prefix))
