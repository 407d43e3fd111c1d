"""The orfo command, settings from the environment, the demo and the widget files."""

import gzip
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from orfo.sites.api import role_of
from orfo.sites.models import Site

ROOT = Path(__file__).resolve().parent.parent


def orfo(*args, env=None, cwd="/"):
    """Run the installed `orfo` console script from outside the repository."""
    command = [str(Path(sys.executable).parent / "orfo"), *args]
    # The default database (SQLite in ORFO_DATA_DIR), whatever this test run uses.
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**base, **(env or {})},
        timeout=60,
    )


def test_the_orfo_command_works_from_anywhere(tmp_path):
    env = {"SECRET_KEY": "x" * 50, "ORFO_DATA_DIR": str(tmp_path)}
    assert orfo("migrate", "-v0", env=env).returncode == 0
    result = orfo(
        "createsite",
        "--name",
        "Tengri",
        "--host",
        "tengrinews.kz",
        "--host",
        "*.tengrinews.kz",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip().splitlines()[-1]
    assert len(key) >= 16 and " " not in key
    assert (tmp_path / "orfo.sqlite3").exists()


@pytest.mark.parametrize(
    "env,message",
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        (
            {"ORFO_MAX_REPORT_BYTES": "lots"},
            "ORFO_MAX_REPORT_BYTES='lots' is not an integer",
        ),
        ({"DATABASE_URL": "mysql://x@localhost/db"}, "DATABASE_URL"),
        ({"SECRET_KEY_FILE": "/nonexistent/secret"}, "SECRET_KEY_FILE"),
    ],
)
def test_bad_settings_stop_start_up_with_a_clear_message(tmp_path, env, message):
    base = {"SECRET_KEY": "x" * 50, "ORFO_DATA_DIR": str(tmp_path)}
    result = orfo("check", env={**base, **env})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db
def test_createsite_prints_the_key_last(capsys):
    call_command(
        "createsite", "--name", "Kursiv", "--host", "kursiv.media", "--lang", "kk"
    )
    key = capsys.readouterr().out.strip().splitlines()[-1]
    site = Site.objects.get(key=key)
    assert (site.name, site.hosts, site.default_lang) == (
        "Kursiv",
        ["kursiv.media"],
        "kk",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "host", ["https://news.kz", "news.kz:80", "bad host", "-x.kz", ""]
)
def test_createsite_refuses_bad_hosts(host):
    with pytest.raises(CommandError):
        call_command("createsite", "--name", "X", "--host", host)
    assert not Site.objects.exists()


@pytest.mark.django_db
def test_hosts_are_stored_lowercase_and_punycoded():
    call_command(
        "createsite", "--name", "Kz", "--host", "НОВОСТИ.kz", "--host", "*.News.KZ"
    )
    assert Site.objects.get().hosts == ["*.news.kz", "xn--b1amnebsh.kz"]


@pytest.mark.django_db
def test_the_demo_command_prepares_everything(capsys, client):
    call_command("demo")
    out = capsys.readouterr().out
    for expected in ["/demo/", "/dashboard/", "editor / orfo-demo", "Demo site key:"]:
        assert expected in out
    key = out.split("Demo site key:")[1].split()[0]
    page = client.get("/demo/ru/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-site="{key}"' in html and "/widget.js" in html
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password("orfo-demo")
    assert not editor.is_staff and not editor.is_superuser
    assert not editor.user_permissions.exists()
    site = Site.objects.get()
    assert role_of(editor, site) == "editor"  # an editor of the demo site, no more
    client.force_login(editor)
    assert client.get("/dashboard/").status_code == 200
    assert client.get(f"/dashboard/sites/{site.pk}/").status_code == 200
    assert client.get("/admin/orfo_issues/issue/").status_code == 302  # to log in
    call_command("demo")  # running it twice is harmless
    assert Site.objects.count() == 1


@pytest.mark.django_db
def test_the_demo_refuses_a_database_that_is_not_its_own(settings):
    settings.ORFO_DEMO = False
    with pytest.raises(CommandError, match="ORFO_DEMO=1"):
        call_command("demo")
    assert not get_user_model().objects.exists()
    settings.ORFO_DEMO = True
    newsroom = Site.objects.create(name="Daily news", hosts=["news.kz"])
    with pytest.raises(CommandError, match="1 site"):
        call_command("demo")
    newsroom.delete()
    get_user_model().objects.create_user("chief", password="secret-enough-1")
    with pytest.raises(CommandError, match="1 account"):
        call_command("demo")
    assert list(get_user_model().objects.values_list("username", flat=True)) == [
        "chief"
    ]
    assert not Site.objects.exists()
    call_command("demo", "--any-database", stdout=StringIO())  # told to
    assert get_user_model().objects.filter(username="editor", is_staff=False).exists()


@pytest.mark.django_db
def test_an_older_demos_staff_editor_becomes_a_site_editor(settings):
    from django.contrib.auth.models import Permission

    old = get_user_model().objects.create_user(
        "editor", password="orfo-demo", is_staff=True
    )
    old.user_permissions.add(Permission.objects.get(codename="change_issue"))
    call_command("demo", stdout=StringIO())
    old.refresh_from_db()
    assert not old.is_staff and not old.user_permissions.exists()
    assert role_of(old, Site.objects.get()) == "editor"


@pytest.mark.django_db
def test_the_demo_is_off_unless_enabled(client, settings):
    settings.ORFO_DEMO = False
    assert client.get("/demo/en/").status_code == 404


def test_the_demo_articles_contain_their_deliberate_errors():
    from orfo.demo.articles import ARTICLES

    for article in ARTICLES.values():
        text = " ".join(article.paragraphs)
        for wrong, right in article.errors:
            assert wrong in text and wrong != right


@pytest.mark.parametrize("name", ["widget.js", "widget-dialog.js"])
def test_the_widget_is_served_at_the_root_for_any_site(client, name):
    response = client.get(f"/{name}", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response["Cache-Control"]
    body = gzip.decompress(response.content)
    assert body == (ROOT / "orfo" / "static" / "orfo" / name).read_bytes()
    again = client.get(f"/{name}", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
