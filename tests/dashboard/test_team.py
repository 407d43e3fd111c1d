"""Newsrooms manage themselves: adding a site, members' roles, the audit log."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from orfo.dashboard import auditlog
from orfo.issues.models import Activity, Issue, Status
from orfo.sites import audit
from orfo.sites.api import add_member, role_of
from orfo.sites.models import AuditEvent, Membership, Site
from tests.conftest import make_report

pytestmark = pytest.mark.django_db
NEW = "/dashboard/sites/new/"


def user(name, **fields):
    return get_user_model().objects.create_user(name, password="pass-x-1", **fields)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def log_of(client, site, query="") -> str:
    response = client.get(f"/dashboard/sites/{site.pk}/audit/{query}")
    assert response.status_code == 200
    return response.content.decode()


def rows_of(html: str) -> list[tuple[str, str]]:
    """Who and what of each row of the audit log's table."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in body.split("<tr>")[1:]:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in row.split("<td")[1:]]
        rows.append(tuple(c.split(">", 1)[1].strip() for c in cells[1:]))
    return rows


# Adding a site


def test_an_owner_adds_a_site_and_becomes_its_owner(client, site, owner):
    client.force_login(owner)
    assert NEW in client.get("/dashboard/sites/").content.decode()
    response = client.post(
        NEW,
        {
            "name": "Kazinform",
            "hosts": "Inform.KZ\n*.inform.kz\n",
            "default_lang": "kk",
        },
    )
    new = Site.objects.get(name="Kazinform")
    assert response.status_code == 302
    assert response["Location"] == f"/dashboard/sites/{new.pk}/"
    assert (new.hosts, new.default_lang) == (["*.inform.kz", "inform.kz"], "kk")
    assert role_of(owner, new) == "owner"
    assert Membership.objects.filter(site=new).count() == 1
    page = client.get(response["Location"]).content.decode()
    # The tag README tells newsrooms to paste, with a copy button, right away.
    assert (
        f'<code id="embed-snippet">&lt;script src=&quot;http://testserver/widget.js'
        f"&quot; data-site=&quot;{new.key}&quot; defer&gt;&lt;/script&gt;</code>"
    ) in page
    assert 'data-copy="embed-snippet"' in page and "copy.js" in page
    assert "Put the tag below into your article template" in page
    [event] = AuditEvent.objects.filter(site=new)
    assert (event.action, event.actor, event.detail["hosts"]) == (
        "created",
        owner,
        ["*.inform.kz", "inform.kz"],
    )
    assert not AuditEvent.objects.filter(site=site).exists()


def test_staff_may_add_sites_editors_and_strangers_without_sites_may_not(
    client, site, editor
):
    staff = user("staff", is_staff=True)
    nobody = user("nobody")
    for person, allowed in [(staff, True), (editor, False), (nobody, False)]:
        client.force_login(person)
        assert (NEW in client.get("/dashboard/sites/").content.decode()) == allowed
        assert client.get(NEW).status_code == (200 if allowed else 403)
        answer = client.post(
            NEW, {"name": person.username, "hosts": "x.kz", "default_lang": "ru"}
        )
        assert answer.status_code == (302 if allowed else 403)
        assert Site.objects.filter(name=person.username).exists() == allowed
    client.logout()
    assert client.get(NEW)["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "hosts,words",
    [
        ("https://news.kz/", "give a host name only"),
        ("news.kz:8080", "give a host name only"),
        ("news.kz/path", "give a host name only"),
        ("bad host.kz", "is not a valid host name"),
        ("-news.kz", "is not a valid host name"),
        ("*.", "is not a valid host name"),
        ("*", "is not a valid host name"),
        ("user@news.kz", "is not a valid host name"),
        ("news..kz", "is not a valid host name"),
        ("xn--.kz", "is not a valid host name"),
        ("a" * 64 + ".kz", "is not a valid host name"),
        ("ok.kz\nhttps://also.kz", "“https://also.kz”: give a host name only"),
        ("\n \n", "This field is required."),
        ("\n".join(f"h{n}.kz" for n in range(101)), "Give at most 100 hosts."),
        ("x" * 30_000, "at most 25600 characters"),
    ],
)
def test_bad_hosts_are_form_errors(client, owner, hosts, words):
    client.force_login(owner)
    before = Site.objects.count()
    response = client.post(NEW, {"name": "X", "hosts": hosts, "default_lang": "ru"})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert Site.objects.count() == before


def test_hosts_read_as_a_browser_reads_them(client, owner):
    client.force_login(owner)
    client.post(
        NEW,
        {"name": "Kz", "hosts": "ПРИМЕР.РФ\nnews.KZ.\n*.News.kz", "default_lang": "ru"},
    )
    assert Site.objects.get(name="Kz").hosts == [
        "*.news.kz",
        "news.kz",
        "xn--e1afmkfd.xn--p1ai",
    ]


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"name": ""}, "name"),
        ({"name": "n" * 101}, "name"),
        ({"default_lang": "de"}, "default_lang"),
        ({"hosts": ""}, "hosts"),
    ],
)
def test_other_bad_fields_name_the_field(client, owner, fields, field):
    client.force_login(owner)
    data = {"name": "Ok", "hosts": "ok.kz", "default_lang": "ru", **fields}
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(hosts=st.text(max_size=80))
@example(hosts="\x00")
@example(hosts="[::1]")
@example(hosts="1.2.3.4")
@example(hosts="\u202enews.kz")
@example(hosts="xn--zz")
def test_no_hosts_text_makes_a_server_error(client, owner, hosts):
    client.force_login(owner)
    response = client.post(NEW, {"name": "F", "hosts": hosts, "default_lang": "en"})
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("lang,words", [("ru", "Добавить сайт"), ("kk", "Сайт қосу")])
def test_the_new_site_page_is_translated(client, owner, lang, words):
    client.force_login(owner)
    client.cookies["django_language"] = lang
    page = client.get(NEW).content.decode()
    assert words in page and "Add a site" not in page
    bad = client.post(NEW, {"name": "X", "hosts": "a b", "default_lang": "ru"})
    assert "is not a valid host name" not in bad.content.decode()


# Members


@pytest.fixture
def second_owner(site):
    person = user("second")
    add_member(site, person, "owner")
    return person


def member_url(site, person, action=""):
    membership = Membership.objects.get(site=site, user=person)
    return f"/dashboard/sites/{site.pk}/members/{membership.pk}/{action}"


def test_an_owner_changes_a_role_and_it_is_logged(client, site, owner, editor):
    client.force_login(owner)
    response = client.post(member_url(site, editor), {"role": "owner"}, follow=True)
    assert "editor is now owner." in messages_of(response)
    assert role_of(editor, site) == "owner"
    event = AuditEvent.objects.get(site=site, action="role")
    assert (event.actor, event.target, event.detail) == (
        owner,
        "editor",
        {"old": "editor", "new": "owner"},
    )
    assert client.post(member_url(site, editor), {"role": "boss"}).status_code == 400
    assert role_of(editor, site) == "owner"


def test_removing_a_member_is_confirmed_first(client, site, owner, editor):
    client.force_login(owner)
    url = member_url(site, editor, "remove/")
    page = client.get(url)
    assert page.status_code == 200 and "Remove editor" in page.content.decode()
    assert role_of(editor, site) == "editor"  # asking removes nobody
    response = client.post(url, follow=True)
    assert "editor was removed from News.kz." in messages_of(response)
    assert role_of(editor, site) is None
    event = AuditEvent.objects.get(site=site, action="removed")
    assert (event.target, event.detail) == ("editor", {"role": "editor"})
    assert client.post(url).status_code == 404  # gone already


def test_the_last_owner_can_neither_step_down_nor_leave(client, site, owner):
    client.force_login(owner)
    for url, data in [
        (member_url(site, owner), {"role": "editor", "confirm": "1"}),
        (member_url(site, owner, "remove/"), {}),
    ]:
        response = client.post(url, data, follow=True)
        assert "A site needs at least one owner." in messages_of(response)
        assert role_of(owner, site) == "owner"
    assert not AuditEvent.objects.filter(site=site).exists()


def test_an_owner_steps_down_after_confirming(client, site, owner, second_owner):
    client.force_login(owner)
    url = member_url(site, owner)
    asked = client.post(url, {"role": "editor"})
    assert (
        asked.status_code == 200 and "Give up your ownership?" in asked.content.decode()
    )
    assert role_of(owner, site) == "owner"
    client.post(url, {"role": "editor", "confirm": "1"})
    assert role_of(owner, site) == "editor"
    # Now an editor: managing the team is no longer theirs.
    assert (
        client.post(member_url(site, second_owner), {"role": "editor"}).status_code
        == 404
    )


def test_an_owner_leaves_and_lands_on_the_sites_list(client, site, owner, second_owner):
    client.force_login(owner)
    response = client.post(member_url(site, owner, "remove/"))
    assert response["Location"] == "/dashboard/sites/"
    assert role_of(owner, site) is None
    assert client.get(f"/dashboard/sites/{site.pk}/").status_code == 404


def test_two_owners_demoting_each_other_leave_one(site, owner, second_owner):
    from orfo.sites import team

    first = Membership.objects.get(user=owner)
    second = Membership.objects.get(user=second_owner)
    team.change_role(site, first.pk, "editor", by=second_owner)
    with pytest.raises(team.LastOwner):
        team.change_role(site, second.pk, "editor", by=owner)
    assert role_of(second_owner, site) == "owner"


def test_editors_and_strangers_cannot_manage_members_or_read_the_log(
    client, site, owner, editor, stranger
):
    membership = Membership.objects.get(user=owner)
    base = f"/dashboard/sites/{site.pk}/"
    for person in (editor, stranger):
        client.force_login(person)
        for url in [f"{base}members/{membership.pk}/remove/", f"{base}audit/"]:
            assert client.get(url).status_code == 404, url
        for url, data in [
            (f"{base}members/{membership.pk}/", {"role": "editor", "confirm": "1"}),
            (f"{base}members/{membership.pk}/remove/", {}),
        ]:
            assert client.post(url, data).status_code == 404, url
    assert role_of(owner, site) == "owner" and role_of(editor, site) == "editor"
    # An owner of one site cannot reach a membership of another through theirs.
    client.force_login(stranger)
    other = stranger.site_memberships.get().site
    url = f"/dashboard/sites/{other.pk}/members/{membership.pk}/remove/"
    assert client.post(url).status_code == 404
    assert (
        client.get(f"/dashboard/sites/{other.pk}/members/{2**64}/remove/").status_code
        == 404
    )


def test_the_team_forms_need_the_csrf_token(site, owner, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    for url, data in [
        (NEW, {"name": "X", "hosts": "x.kz", "default_lang": "ru"}),
        (member_url(site, editor), {"role": "owner"}),
        (member_url(site, editor, "remove/"), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert role_of(editor, site) == "editor"
    assert not Site.objects.filter(name="X").exists()


# The audit log


def test_settings_keys_and_invitations_are_logged(client, site, owner):
    client.force_login(owner)
    url = f"/dashboard/sites/{site.pk}/"
    client.post(
        url,
        {
            "name": "News KZ",
            "hosts": "news.kz\nnews.example",
            "default_lang": "ru",
            "is_active": "on",
            "resolve_when_fixed": "on",
        },
    )
    client.post(
        url,
        {
            "name": "News KZ",
            "hosts": "news.kz\nnews.example",
            "default_lang": "ru",
            "is_active": "on",
            "resolve_when_fixed": "on",
        },
    )  # nothing changed: nothing logged
    client.post(url + "rotate-key/")
    client.post(url + "rotate-token/")
    client.post(url + "invitations/", {"email": "New@News.kz", "role": "owner"})
    invitation = site.invitations.get()
    client.post(url + f"invitations/{invitation.pk}/revoke/")
    assert rows_of(log_of(client, site)) == [
        ("owner", "Invitation of new@news.kz revoked"),
        ("owner", "new@news.kz invited as owner"),
        ("owner", "API token replaced; the old one stopped working"),
        ("owner", "Site key replaced; the old one stopped working"),
        (
            "owner",
            "Settings changed: name; hosts added: news.example; "
            "hosts removed: *.news.kz",
        ),
    ]


def test_an_invitation_that_could_not_be_mailed_is_not_logged(
    client, site, owner, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    client.force_login(owner)
    client.post(f"/dashboard/sites/{site.pk}/invitations/", {"email": "a@b.kz"})
    assert not AuditEvent.objects.exists()


def test_issue_history_and_unblocking_show_in_the_log(
    client, site, owner, editor, send
):
    send(make_report(site))
    issue = Issue.objects.get()
    issue.assign(editor, user=owner)
    issue.set_status(Status.SPAM, user=editor)
    issue.set_status(Status.OPEN, user=editor)
    issue.add_note("a note is not an action on the site", user=editor)
    issue.set_status(Status.SPAM)  # no one's: not in the log
    issue.accept_fix("the", "orfo", user=owner)  # takes the verdict back
    issue.set_status(Status.SPAM, user=editor)
    client.force_login(owner)
    [blocked] = client.get(f"/dashboard/sites/{site.pk}/blocked/").context["blocked"]
    client.post(f"/dashboard/sites/{site.pk}/blocked/{blocked.pk}/unblock/")
    html = log_of(client, site)
    assert rows_of(html) == [
        (
            "owner",
            f"Reader {blocked.reader_hash[:8]} unblocked; 0 held reports released",
        ),
        ("editor", "“teh” marked as spam; its readers blocked"),
        ("owner", "“teh”: spam → resolved"),
        ("owner", "Fix “the” accepted for “teh”"),
        ("editor", "“teh”: spam → open"),
        ("editor", "“teh” marked as spam; its readers blocked"),
        ("owner", "“teh” assigned to editor"),
    ]
    assert html.count(f'href="/dashboard/issues/{issue.pk}/"') == 6


def test_the_log_pages_walk_every_entry_once(client, site, owner, monkeypatch, send):
    send(make_report(site))
    issue = Issue.objects.get()
    moment = timezone.now()
    # Entries of both kinds at one and the same moment, and some before it.
    for _ in range(4):
        audit.record(site, audit.Action.KEY, owner)
        issue.add_note("x")
        Activity.objects.create(
            issue=issue,
            kind="status",
            user=owner,
            from_status="open",
            to_status="ignored",
        )
    AuditEvent.objects.update(created=moment)
    Activity.objects.filter(kind="status").update(created=moment)
    for _ in range(3):
        audit.record(site, audit.Action.TOKEN, owner)
    AuditEvent.objects.filter(action="token").update(
        created=moment - timedelta(seconds=1)
    )
    monkeypatch.setattr(auditlog, "PAGE_SIZE", 3)
    client.force_login(owner)
    seen, query, pages = [], "", 0
    while True:
        response = client.get(f"/dashboard/sites/{site.pk}/audit/{query}")
        entries = response.context["entries"]
        seen += [(e.source, e.pk) for e in entries]
        pages += 1
        if not response.context["older"]:
            break
        assert 'rel="next"' in response.content.decode()
        query = f"?before={response.context['older']}"
    assert pages == 4 and len(seen) == len(set(seen)) == 11
    assert [source for source, _ in seen] == ["s"] * 4 + ["i"] * 4 + ["s"] * 3


@pytest.mark.parametrize(
    "cursor", ["x", "1.s", "1.q1", "1.s" + "9" * 19, "9" * 19 + ".s1", "-1.s1"]
)
def test_a_made_up_page_of_the_log_is_a_bad_request(client, site, owner, cursor):
    client.force_login(owner)
    response = client.get(f"/dashboard/sites/{site.pk}/audit/?before={cursor}")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "lang,date,words",
    [
        ("kk", r"\d\d\.\d\d\.\d{4} \d\d:\d\d", "Сайт жасалды"),
        ("ru", r"\d\d\.\d\d\.\d{4} \d\d:\d\d", "Сайт создан"),
        ("en", r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d", "Site created"),
    ],
)
def test_the_log_reads_in_the_pages_language(client, owner, lang, date, words):
    client.force_login(owner)
    client.post(NEW, {"name": "Kz", "hosts": "kz.kz", "default_lang": "kk"})
    new = Site.objects.get(name="Kz")
    client.cookies["django_language"] = lang
    html = log_of(client, new)
    assert words in html
    assert re.search(r'<time datetime="[^"]+" title="[^"]+">' + date + "</time>", html)


def test_the_purge_deletes_old_log_entries(site, owner):
    from io import StringIO

    from django.core.management import call_command

    old = audit.record(site, audit.Action.INVITED, owner, "old@news.kz", role="editor")
    new = audit.record(site, audit.Action.INVITED, owner, "new@news.kz", role="editor")
    AuditEvent.objects.filter(pk=old.pk).update(
        created=timezone.now() - timedelta(days=400)
    )
    out = StringIO()
    call_command("purge", "--older-than", "365d", stdout=out)
    assert "1 audit log entries" in out.getvalue()
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [new.pk]


def test_the_log_page_costs_the_same_queries_however_full(client, site, owner, send):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    send(make_report(site))
    issue = Issue.objects.get()
    client.force_login(owner)
    url = f"/dashboard/sites/{site.pk}/audit/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    audit.record(site, audit.Action.KEY, owner)
    issue.assign(owner, user=owner)
    few = queries()
    for n in range(20):
        audit.record(site, audit.Action.INVITED, owner, f"p{n}@news.kz", role="editor")
        issue.set_status(Status.RESOLVED if n % 2 else Status.OPEN, user=owner)
    assert queries() == few


def test_a_site_made_on_the_command_line_says_so_in_its_log(client, owner):
    from io import StringIO

    from django.core.management import call_command

    call_command("createsite", "--name", "Cli", "--host", "cli.kz", stdout=StringIO())
    site = Site.objects.get(name="Cli")
    add_member(site, owner, "owner")
    client.force_login(owner)
    assert rows_of(log_of(client, site)) == [
        ("orfo createsite", "Site created for cli.kz")
    ]
