"""System checks for how Orfo is deployed (`orfo check --deploy` shows them all)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register

from orfo.lib.files import open_to_others


@register()
def proxy_configured(app_configs, **kwargs):
    """HTTPS comes from a proxy in front (orfo serve speaks plain HTTP): unless Orfo
    is told about it, every reader is the proxy (orfo/ops/proxy.py)."""
    if settings.SITE_ROOT.startswith("https:") and not settings.ORFO_TRUSTED_PROXY_HOPS:
        return [
            Warning(
                "SITE_ROOT is https but ORFO_TRUSTED_PROXY_HOPS is 0: behind a proxy "
                "every reader has the proxy's address, so all readers share one rate "
                "limit and one reader hash, and anyone can lock an editor's login.",
                hint="Set ORFO_TRUSTED_PROXY_HOPS to the number of proxies in front "
                "of Orfo that append to X-Forwarded-For (1 for one nginx; README.md).",
                id="orfo.W010",
            )
        ]
    return []


@register(deploy=True)
def email_configured(app_configs, **kwargs):
    """Without a mail server, mail would go to the log: password reset is refused."""
    if settings.EMAIL_HOST or settings.DEBUG or settings.ORFO_DEMO:
        return []
    return [
        Warning(
            "EMAIL_HOST is not set: password reset by email is refused, and email "
            "notifications are written to the server log instead of being sent.",
            hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD).",
            id="orfo.W011",
        )
    ]


@register()
def data_private(app_configs, **kwargs):
    """The data dir and the SQLite database hold secrets: this account's only."""
    paths = [Path(settings.DATA_DIR)]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Inside the data dir, the directory keeps others out whatever the file's mode.
        if Path(database["NAME"]).parent != paths[0]:
            paths.append(Path(database["NAME"]))
    return [
        Warning(
            f"{path} can be read by other accounts on this machine; it holds password "
            "hashes, sessions, API tokens and webhook secrets.",
            hint=f"chmod {'700' if path.is_dir() else '600'} {path} (as its owner).",
            id="orfo.W012",
        )
        for path in paths
        if open_to_others(path)
    ]
