"""The site API token as django-ninja authentication (the APIs for a newsroom's
own tools: proofreading, issues, rechecks)."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from orfo.sites.api import site_by_api_token

# Tokens are "orfo_" and 43 URL-safe characters; anything much longer is not one,
# and is not looked up.
MAX_TOKEN = 128
# Said in every endpoint's description that takes the token.
TOKEN_HELP = (
    "Authenticate with the site's API token (`Authorization: Bearer orfo_…`), shown "
    "to the site's owners on its settings page and printed by `orfo sitetoken`."
)


class SiteToken(HttpBearer):
    """`Authorization: Bearer orfo_…`: the request acts for that (active) site,
    set as `request.site`."""

    def authenticate(self, request: HttpRequest, token: str):
        if len(token) > MAX_TOKEN:
            return None
        site = site_by_api_token(token)
        if site is not None:
            request.site = site
        return site
