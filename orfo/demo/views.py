from csp.decorators import csp_update
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from orfo.demo import history
from orfo.demo.articles import ARTICLES, SITE_NAME, Article, published
from orfo.issues.api import accepted_fixes
from orfo.sites.api import site_by_name
from orfo.sites.embed import NOTICES


def _demo_only():
    if not settings.ORFO_DEMO:
        raise Http404("The demo is off (set ORFO_DEMO=1).")


@csp_update({"style-src": ["'unsafe-inline'"]})
def index(request: HttpRequest) -> HttpResponse:
    _demo_only()
    return render(request, "demo/index.html", {"articles": ARTICLES.values()})


# The demo page styles itself inline, like many news sites do.
@csp_update({"style-src": ["'unsafe-inline'"]})
def article(request: HttpRequest, lang: str) -> HttpResponse:
    _demo_only()
    if lang not in ARTICLES:
        raise Http404
    site = site_by_name(SITE_NAME)
    article: Article = ARTICLES[lang]
    return _render(request, article, site)


# Older articles of the demo newsroom, in its sections: those the demo's history
# (orfo.demo.history) has issues on.
@csp_update({"style-src": ["'unsafe-inline'"]})
def old_article(request: HttpRequest, section: str, year: int, slug: str):
    _demo_only()
    article = history.old_article(request.path)
    if article is None:
        raise Http404
    return _render(request, article, site_by_name(SITE_NAME))


def _render(request: HttpRequest, article: Article, site) -> HttpResponse:
    if site is not None:
        # The demo newsroom publishes a fix as soon as an editor accepts it, as a
        # CMS would after the edit; Orfo's check of this page then sees it live.
        fixes = accepted_fixes(site, request.build_absolute_uri())
        article = published(article, fixes)
    context = {
        "article": article,
        "articles": ARTICLES.values(),
        "notice": NOTICES[article.lang],
        "site_key": site.key if site else "",
        "widget_src": request.build_absolute_uri("/widget.js"),
        "canonical": request.build_absolute_uri(request.path),
    }
    return render(request, "demo/article.html", context)
