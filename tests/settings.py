"""Settings for the test suite: production settings with test-only secrets."""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault(
    "ORFO_DATA_DIR", str(Path(__file__).resolve().parent.parent / "var")
)

from orfo.settings import *  # noqa: E402,F403

ORFO_DEMO = True
# Tests send many reports from one address, fast; tests of the limits set their own.
ORFO_RATE_LIMIT_READER = []
ORFO_RATE_LIMIT_SITE = []
ORFO_RATE_LIMIT_PASSWORD_RESET_EMAIL = []
ORFO_RATE_LIMIT_PASSWORD_RESET_CLIENT = []
ORFO_MIN_COMPOSE_MS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
