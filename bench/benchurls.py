"""The benchmarks' URLconf: Orfo's own URLs plus /bench/noop and /bench/insert."""

import json

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from orfo.reports.models import Report


@csrf_exempt
def noop(request):
    return HttpResponse(b"", content_type="text/plain")


_INSERT = f"""
INSERT INTO {Report._meta.db_table} (site_id, client_id, url, title, lang, quote,
    prefix, suffix, position_start, position_end, comment, correction,
    grouping_version, created, reader_hash, browser, device, repeat_key, held)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0, %s, %s, 'Firefox',
    'desktop', %s, false)
RETURNING id
"""


@csrf_exempt
def insert(request):
    """The row a new report makes (ungrouped; a key in each unique index)."""
    data = json.loads(request.body)
    position = data["position"]
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT,
            [
                int(request.GET["site"]),
                data["client_id"],
                data["url"],
                data["title"],
                data["lang"],
                data["quote"],
                data["prefix"],
                data["suffix"],
                position["start"],
                position["end"],
                data["comment"],
                data["correction"],
                connection.ops.adapt_datetimefield_value(timezone.now()),
                data["client_id"],
                data["client_id"],
            ],
        )
        (pk,) = cursor.fetchone()
    return JsonResponse({"report": pk, "issue": None}, status=201)


urlpatterns = [
    path("bench/noop", noop),
    path("bench/insert", insert),
    path("", include("orfo.urls")),
]
