"""Orfo's settings, all read from the environment (see .env.example)."""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from orfo.lib.env import envbool, envint, envlist, envstr
from orfo.lib.files import make_private_dir, make_private_file
from orfo.reports.limits import parse_rates

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(
    envstr("ORFO_DATA_DIR")
    or Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "orfo"
)

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set")
    SECRET_KEY = "insecure-debug-only-key"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_ROOT = (envstr("SITE_ROOT", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    # First: its registration/ templates (password reset, log-in) must win over the
    # admin's, which would give those pages the admin's look.
    "orfo.dashboard",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "ninja",
    "orfo.sites",
    "orfo.issues",
    "orfo.reports",
    "orfo.outbox",
    "orfo.notifications",
    "orfo.suggestions",
    "orfo.demo",
    "orfo.ops",
    "orfo.verification",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Notices a proxy in front while ORFO_TRUSTED_PROXY_HOPS is 0 (logged, a banner).
    "orfo.ops.proxy.ForwardedWithoutHopsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Refuses bad reports before the rest runs (a flood must be cheap to answer).
    "orfo.reports.middleware.AdmissionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "orfo.urls"
WSGI_APPLICATION = "orfo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = envstr("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'orfo.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as e:
    raise ImproperlyConfigured(f"DATABASE_URL: {e}") from e
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Private: the database holds password hashes, sessions, tokens and secrets. A
    # directory of the operator's choosing other than the data dir is left as it is.
    _database = Path(DATABASES["default"]["NAME"])
    if _database.name != ":memory:":
        make_private_dir(_database.parent, tighten=_database.parent == DATA_DIR)
        make_private_file(_database)
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock when a
    # transaction begins, so concurrent writers queue (busy timeout) instead of
    # failing with "database is locked" when a read turns into a write.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": envint("ORFO_SQLITE_BUSY_TIMEOUT", 20),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must name sqlite:// or postgres://")
else:
    # A machine that vanishes mid-transaction (power, network) keeps its row and page
    # locks until PostgreSQL notices, by default after two hours of TCP keepalive, and
    # the other machines' workers wait on them. Orfo never leaves a transaction idle
    # for long (no network call inside one), so a minute idle in one is a dead peer:
    # PostgreSQL ends that session and frees its locks (tests/faults/, docs/deploy.md).
    _idle = envint("ORFO_PG_IDLE_IN_TRANSACTION_MS", 60_000, minimum=0)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c idle_in_transaction_session_timeout={_idle}"
    )

# Background work (notifications, suggestions) runs in `orfo worker` processes; the
# queue lives in the database, so the demo needs no other service.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    # A Redis that is unreachable or stops answering must cost a request a moment,
    # not hang it: rate limits and the site cache then let requests through.
    _redis_timeout = envint("ORFO_REDIS_TIMEOUT_MS", 500, minimum=1) / 1000
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": _redis_timeout,
                "socket_timeout": _redis_timeout,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")]
FORMAT_MODULE_PATH = ["orfo.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/dashboard/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Repeated failed logins lock that username from that address for a while.
AXES_FAILURE_LIMIT = envint("ORFO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=envint("ORFO_LOGIN_COOLOFF_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The same client address as rate limits and reader hashes (behind proxies too).
AXES_CLIENT_IP_CALLABLE = "orfo.lib.clients.client_address"
# Failed attempts are kept only while they can lock (orfo purge removes them after);
# successful logins, with their address and user agent, are not recorded at all.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# No inline scripts anywhere; pages that need more (the demo) widen it per view.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", SITE_ROOT.startswith("https"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
X_FRAME_OPTIONS = "DENY"

# Orfo's own settings, read through orfo.conf.orfo_settings.
ORFO_MAX_REPORT_BYTES = envint("ORFO_MAX_REPORT_BYTES", 16 * 1024, minimum=1024)
# Reports one reader (a daily-salted IP hash) may send to one site, and one site in all.
ORFO_RATE_LIMIT_READER = parse_rates(
    envstr("ORFO_RATE_LIMIT_READER", "10/m,60/h,200/d") or "", "ORFO_RATE_LIMIT_READER"
)
ORFO_RATE_LIMIT_SITE = parse_rates(
    envstr("ORFO_RATE_LIMIT_SITE", "6000/m") or "", "ORFO_RATE_LIMIT_SITE"
)
# Password-reset mails one address may be sent, and one client may ask for.
ORFO_RATE_LIMIT_PASSWORD_RESET_EMAIL = parse_rates(
    envstr("ORFO_RATE_LIMIT_PASSWORD_RESET_EMAIL", "3/h") or "",
    "ORFO_RATE_LIMIT_PASSWORD_RESET_EMAIL",
)
ORFO_RATE_LIMIT_PASSWORD_RESET_CLIENT = parse_rates(
    envstr("ORFO_RATE_LIMIT_PASSWORD_RESET_CLIENT", "10/h") or "",
    "ORFO_RATE_LIMIT_PASSWORD_RESET_CLIENT",
)
# Proxies in front of Orfo that append to X-Forwarded-For (0: use the peer address).
ORFO_TRUSTED_PROXY_HOPS = envint("ORFO_TRUSTED_PROXY_HOPS", 0)
# A report sent sooner than this after its dialog opened is taken for a bot's.
ORFO_MIN_COMPOSE_MS = envint("ORFO_MIN_COMPOSE_MS", 500)
ORFO_DEMO = envbool("ORFO_DEMO", False)
# Group each report into its issue in the request that stores it (the answer names
# the issue), or leave it to `orfo worker` (0: a report costs one INSERT; the answer's
# issue is null). Big sites under bursts of reports want 0.
ORFO_GROUP_INLINE = envbool("ORFO_GROUP_INLINE", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # Every 4xx would be a line: a flood of refused reports must not become a flood
    # of log writes. Refusals are counted by reason instead (orfo/reports/stats.py).
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Notifications (docs/notifications.md). Email goes through SMTP when EMAIL_HOST is
# set, else it is printed on the console (the demo).
EMAIL_HOST = envstr("EMAIL_HOST", "") or ""
EMAIL_PORT = envint("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL are exclusive")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL") or "orfo@localhost"
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
_telegram_api = envstr("ORFO_TELEGRAM_API") or "https://api.telegram.org"
ORFO_TELEGRAM_API = _telegram_api.rstrip("/")
# Networks outbound requests may reach although they are not public, e.g.
# "10.0.0.0/8" for an intranet webhook; empty: public addresses only.
ORFO_OUTBOUND_ALLOW_PRIVATE = envlist("ORFO_OUTBOUND_ALLOW_PRIVATE", [])
for _net in ORFO_OUTBOUND_ALLOW_PRIVATE:
    try:
        ipaddress.ip_network(_net, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"ORFO_OUTBOUND_ALLOW_PRIVATE: {_net!r} is not a network"
        ) from None
ORFO_OUTBOUND_TIMEOUT = envint("ORFO_OUTBOUND_TIMEOUT", 10, minimum=1)
# Checks of the live page (orfo.verification): the largest page fetched, fetches per
# minute per host (shared through the cache; more wait for a later check), and the
# seconds one fetch may take, redirects and a slow body included.
ORFO_VERIFY_MAX_BYTES = envint("ORFO_VERIFY_MAX_BYTES", 3 * 1024 * 1024, minimum=65536)
ORFO_VERIFY_FETCHES_PER_MINUTE = envint("ORFO_VERIFY_FETCHES_PER_MINUTE", 6, minimum=1)
ORFO_VERIFY_TIMEOUT = envint("ORFO_VERIFY_TIMEOUT", 10, minimum=1)
ORFO_NOTIFY_MAX_ATTEMPTS = envint("ORFO_NOTIFY_MAX_ATTEMPTS", 8, minimum=1)
ORFO_NOTIFY_RETRY_SECONDS = envint("ORFO_NOTIFY_RETRY_SECONDS", 30, minimum=1)
# A send not finished this long after it began is taken to have died with its worker.
ORFO_NOTIFY_LEASE_SECONDS = envint("ORFO_NOTIFY_LEASE_SECONDS", 120, minimum=1)
ORFO_WORKER_SWEEP_SECONDS = envint("ORFO_WORKER_SWEEP_SECONDS", 15, minimum=1)

# Checks of the live page after a resolve and of open issues (docs/architecture.md,
# "Verification"). Seconds; a period of 0 turns the periodic checks off.
ORFO_VERIFY_DELAY = envint("ORFO_VERIFY_DELAY", 120)
ORFO_VERIFY_WINDOW = envint("ORFO_VERIFY_WINDOW", 24 * 3600, minimum=60)
ORFO_VERIFY_PERIOD = envint("ORFO_VERIFY_PERIOD", 24 * 3600)
# Page checks each sweep queues at most (each is a task: one fetch).
ORFO_VERIFY_PAGES_PER_SWEEP = envint("ORFO_VERIFY_PAGES_PER_SWEEP", 50, minimum=1)
