"""Reader text rendered inert; CSP, CSRF, login throttling and deploy checks."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from orfo.issues.models import Issue
from tests.conftest import make_report
from tests.dashboard.conftest import HOSTILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_issues(site, send):
    for n, text in enumerate(HOSTILE):
        context = f"Paragraph {n} says {text} and more"
        payload = make_report(
            site,
            text,
            text=context,
            comment=text,
            correction=text[:300],
            title=text,
            url=f"https://news.kz/{n}?q=<x>",
        )
        assert send(payload).status_code == 201, text
    return Issue.objects.all()


def test_reader_text_is_escaped_on_every_page(client, site, owner, hostile_issues):
    client.force_login(owner)
    pages = ["/dashboard/", "/dashboard/?status=&q=script", "/dashboard/overview/"]
    pages += [f"/dashboard/issues/{issue.pk}/" for issue in hostile_issues]
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>window" not in html, url
        assert "<img src=x" not in html, url
        assert "<style>body" not in html, url
        assert 'href="javascript:' not in html, url
        assert "\u202e" not in html, url  # stripped when the report arrived


def test_dashboard_pages_carry_a_strict_csp(client, owner):
    client.force_login(owner)
    for url in ["/dashboard/", "/accounts/login/"]:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(
            d.strip().split(" ", 1) for d in policy.split(";") if d.strip()
        )
        assert "'unsafe-inline'" not in directives["script-src"]
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"


def test_no_dashboard_template_has_an_inline_script():
    root = Path(__file__).resolve().parents[2] / "orfo"
    for template in root.glob("*/templates/**/*.html"):
        if "demo" in template.parts:
            continue
        for line in template.read_text().splitlines():
            if "<script" in line:
                assert "src=" in line, f"inline script in {template}"
            assert " on" + "click=" not in line.lower()


def test_every_form_needs_its_csrf_token(site, issue, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    for url in [
        f"/dashboard/issues/{issue.pk}/status/",
        "/dashboard/bulk/",
        f"/dashboard/sites/{site.pk}/rotate-key/",
    ]:
        assert client.post(url, {"status": "spam"}).status_code == 403


def test_repeated_failed_logins_lock_the_account(client, owner):
    statuses = [
        client.post(
            "/accounts/login/", {"username": "owner", "password": "wrong"}
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    locked = client.post(
        "/accounts/login/", {"username": "owner", "password": "pass-owner-1"}
    )
    assert locked.status_code == 429
    assert "Too many failed" in locked.content.decode()


def test_a_good_login_lands_in_the_inbox(client, owner):
    response = client.post(
        "/accounts/login/", {"username": "owner", "password": "pass-owner-1"}
    )
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_password_reset_sends_a_link(client, editor, mailoutbox):
    client.post("/accounts/password_reset/", {"email": "editor@news.kz"})
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ORFO_DATA_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "orfo.example.com",
        "SITE_ROOT": "https://orfo.example.com",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
        "ORFO_TRUSTED_PROXY_HOPS": "1",  # behind nginx, as README.md sets it
        "EMAIL_HOST": "smtp.example.com",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "orfo", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
