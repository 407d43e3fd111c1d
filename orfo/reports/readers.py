"""Who sent a report, as far as Orfo needs to know: never the IP, never the full UA.

The reader hash is an HMAC of the day, the site key and the client's address
(orfo/lib/clients.py; an IPv6 client's /64): it lets one day's reports from one
reader be limited, collapsed and blocked, and it cannot be linked to the next day,
to another site, or back to the address.
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from orfo.lib.clients import client_address


def reader_hash(request: HttpRequest, site_key: str) -> str:
    day = timezone.now().date().isoformat()
    message = f"{day}|{site_key}|{client_address(request)}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256)
    return digest.hexdigest()[:32]


# First match wins: many browsers also claim to be Chrome and Safari.
_BROWSERS = [
    ("Edge", re.compile(r"Edg(e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Yandex", re.compile(r"YaBrowser/")),
    ("Samsung", re.compile(r"SamsungBrowser/")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/|Chromium/")),
    ("Safari", re.compile(r"Safari/")),
]
_BOT = re.compile(r"bot|crawl|spider|curl|wget|python|httpclient|headless", re.I)
_TABLET = re.compile(r"iPad|Tablet|PlayBook|Nexus (7|9|10)")
_MOBILE = re.compile(r"Mobi|iPhone|iPod|Android|Windows Phone")


def browser_family(user_agent: str) -> str:
    for name, pattern in _BROWSERS:
        if pattern.search(user_agent):
            return name
    return "other"


def device_type(user_agent: str) -> str:
    if _BOT.search(user_agent):
        return "bot"
    if _TABLET.search(user_agent):
        return "tablet"
    if _MOBILE.search(user_agent):
        return "mobile"
    return "desktop" if user_agent else "unknown"
