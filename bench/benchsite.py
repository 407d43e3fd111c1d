"""Settings for the benchmarks' server: Orfo as is, with bench/benchurls.py as URLconf.

Used only by bench/load.py and bench/flood.py (DJANGO_SETTINGS_MODULE=benchsite with
bench/ on the path); the product never imports it. The URLconf adds:

- `POST /bench/noop`: a Django view that does nothing (the flood benchmark's yardstick).
- `POST /bench/insert`: parses the JSON body and INSERTs the same row a report makes
  into reports_report (same table, same indexes), in autocommit: the load benchmark's
  ceiling, "a bare insert of the same row" behind the same server and middleware.
"""

from orfo.settings import *  # noqa: F403

ROOT_URLCONF = "benchurls"
# Quiet: a line per request would measure the console. As in production, refused
# reports (4xx) are not logged by django.request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "ERROR"},
    "loggers": {"django.request": {"level": "ERROR"}},
}
