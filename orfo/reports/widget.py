"""Serve the reader widget at the site root, where embed snippets point."""

import hashlib
from functools import cache
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

STATIC = Path(__file__).resolve().parent.parent / "static" / "orfo"
FILES = ("widget.js", "widget-dialog.js")


@cache
def _load(name: str) -> tuple[bytes, str]:
    body = (STATIC / name).read_bytes()
    return body, '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


@require_safe
@gzip_page
def widget_file(request: HttpRequest, name: str) -> HttpResponse:
    if name not in FILES:
        raise Http404
    body, etag = _load(name)
    # gzip_page weakens the ETag it sends (W/"…"), so both forms must match.
    sent = parse_etags(request.headers.get("If-None-Match", ""))
    if etag in sent or f"W/{etag}" in sent:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    # Short enough that a new release reaches readers within the hour.
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
